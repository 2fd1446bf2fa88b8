/**
 * Exports of an experiment that has no figure (pure: no DOM): its result's numbers as a table (CSV),
 * and that table drawn as a small standalone SVG (SVG and PNG).
 */
export interface Table {
  columns: string[];
  rows: (string | number)[][];
}

type Scalar = string | number | boolean | null;
const isScalar = (value: unknown): value is Scalar => value === null || ['string', 'number', 'boolean'].includes(typeof value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const cell = (value: Scalar): string | number => (typeof value === 'number' ? value : String(value));

/** Every scalar of a result, by its dotted path (short arrays of numbers joined with spaces); long series left out. */
export function summaryTable(result: unknown, maxList = 12): Table {
  const rows: (string | number)[][] = [];
  const walk = (value: unknown, path: string) => {
    if (isScalar(value)) rows.push([path, cell(value)]);
    else if (Array.isArray(value)) {
      if (value.length <= maxList && value.every((v) => typeof v === 'number')) rows.push([path, value.join(' ')]);
    } else if (isRecord(value)) for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
  };
  walk(result, '');
  return { columns: ['quantity', 'value'], rows };
}

/** The first group of number series of equal length in a result (e.g. a trajectory), as columns; null if none. */
export function seriesTable(result: unknown): Table | null {
  const visit = (value: unknown): Table | null => {
    if (!isRecord(value)) return null;
    const series = Object.entries(value).filter((entry): entry is [string, number[]] => Array.isArray(entry[1]) && entry[1].length > 1 && entry[1].every((v) => typeof v === 'number'));
    const length = series[0]?.[1].length;
    const same = series.filter(([, values]) => values.length === length);
    if (length !== undefined && same.length >= 2) return { columns: same.map(([key]) => key), rows: Array.from({ length }, (_, i) => same.map(([, values]) => values[i]!)) };
    for (const inner of Object.values(value)) {
      const found = visit(inner);
      if (found) return found;
    }
    return null;
  };
  return visit(result);
}

/** The table of a figure-less experiment's CSV: its series (e.g. the trajectory) if it has any, else its summary. */
export const resultTable = (result: unknown): Table => seriesTable(result) ?? summaryTable(result);

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const shown = (value: string | number) => (typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toPrecision(5).replace(/\.?0+(e|$)/, '$1')) : value);

/** A table as a standalone SVG: a title and two columns of text, 18 px a row. */
export function tableSvg(title: string, table: Table): string {
  const row = 18;
  const charWidth = 7;
  const widths = table.columns.map((column, c) => Math.max(column.length, ...table.rows.map((r) => String(shown(r[c] ?? '')).length)) * charWidth + 24);
  const width = Math.max(title.length * 8 + 24, widths.reduce((a, b) => a + b, 0) + 16);
  const height = (table.rows.length + 2) * row + 24;
  const x = (c: number) => 8 + widths.slice(0, c).reduce((a, b) => a + b, 0);
  const line = (cells: (string | number)[], y: number, weight = 400) =>
    cells.map((value, c) => `<text x="${x(c)}" y="${y}" font-weight="${weight}">${xml(String(shown(value)))}</text>`).join('');
  const body = [
    `<text x="8" y="${row}" font-weight="600" font-size="13">${xml(title)}</text>`,
    line(table.columns, 2 * row + 6, 600),
    `<line x1="8" x2="${width - 8}" y1="${2 * row + 11}" y2="${2 * row + 11}" stroke="currentColor" stroke-opacity="0.3"/>`,
    ...table.rows.map((r, i) => line(r, (i + 3) * row + 6)),
  ].join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" fill="currentColor">${body}</svg>`;
}
