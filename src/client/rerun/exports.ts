/**
 * Downloads of a run: JSON (everything), CSV (the figure's table), SVG and PNG (the figure, with its
 * panel titles and colour legends). Each carries the run's provenance (provenance.ts).
 */
import type { FigureDefinition } from '../../figures/types.ts';
import { button, h } from './dom.ts';
import { exportStem, toCsv } from './export-data.ts';
import { csvProvenance, pngText, svgMetadata, type Provenance } from './provenance.ts';
import { resultTable, summaryTable, tableSvg } from './result-table.ts';
import type { RunRecord } from './storage.ts';

export function download(filename: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const isSwatches = (element: Element) => /-swatches\b/.test(element.getAttribute('class') ?? '');

/**
 * One figure panel as SVG markup, laid out as on the page: its title, its colour legend (Plot draws
 * swatches as HTML beside the chart: each swatch's own SVG and its label are placed where they are
 * shown) and its chart and ramp SVGs.
 */
function panelMarkup(panel: Element): { markup: string; width: number; height: number } {
  const origin = panel.getBoundingClientRect();
  const at = (element: Element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.left - origin.left, y: rect.top - origin.top, width: rect.width, height: rect.height };
  };
  const parts: string[] = [];
  const placeSvg = (svg: SVGSVGElement) => {
    const box = at(svg);
    const clone = svg.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('x', String(box.x));
    clone.setAttribute('y', String(box.y));
    clone.setAttribute('width', String(box.width));
    clone.setAttribute('height', String(box.height));
    clone.removeAttribute('style');
    parts.push(new XMLSerializer().serializeToString(clone));
  };
  const placeText = (element: Element, text: string, weight: number) => {
    const box = at(element);
    const size = Number.parseFloat(getComputedStyle(element).fontSize) || 12;
    parts.push(`<text x="${box.x}" y="${box.y + box.height / 2 + size * 0.35}" font-size="${size}" font-weight="${weight}" text-anchor="start" fill="currentColor">${xmlText(text)}</text>`);
  };
  for (const element of panel.querySelectorAll('.panel-title, [class*="-swatches"], svg')) {
    if (element.classList.contains('panel-title')) placeText(element, element.textContent ?? '', 600);
    else if (isSwatches(element)) {
      for (const swatch of element.querySelectorAll('[class$="-swatch"]')) {
        const svg = swatch.querySelector('svg');
        if (svg) placeSvg(svg);
        const label = document.createRange();
        label.selectNodeContents(swatch);
        if (svg) label.setStartAfter(svg);
        const box = label.getBoundingClientRect();
        const size = Number.parseFloat(getComputedStyle(swatch).fontSize) || 10;
        parts.push(`<text x="${box.left - origin.left}" y="${box.top - origin.top + box.height / 2 + size * 0.35}" font-size="${size}" text-anchor="start" fill="currentColor">${xmlText(label.toString().trim())}</text>`);
      }
    } else if (element instanceof SVGSVGElement && !element.closest('[class*="-swatches"]') && !element.parentElement?.closest('svg')) placeSvg(element);
  }
  return { markup: parts.join(''), width: origin.width, height: origin.height };
}

/** Serialises a figure's panels into one standalone SVG, side by side, with the provenance in `<metadata>`. */
export function figureSvg(panels: Element[], provenance: Provenance): string {
  const placed = panels.map(panelMarkup);
  const gap = 16;
  const width = Math.ceil(placed.reduce((sum, p) => sum + p.width, 0) + gap * Math.max(0, placed.length - 1));
  const height = Math.ceil(Math.max(0, ...placed.map((p) => p.height)));
  let x = 0;
  const inner = placed
    .map((p) => {
      const group = `<g transform="translate(${x},0)">${p.markup}</g>`;
      x += p.width + gap;
      return group;
    })
    .join('');
  const color = getComputedStyle(panels[0] ?? document.body).color;
  const background = getComputedStyle(document.body).backgroundColor;
  return standaloneSvg(inner, width, height, provenance, color, background);
}

function standaloneSvg(inner: string, width: number, height: number, provenance: Provenance, color: string, background: string): string {
  return `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" style="color:${color};background:${background}">${svgMetadata(provenance)}<rect width="100%" height="100%" fill="${background}"/>${inner}</svg>`;
}

/** A figure-less result's summary as a standalone SVG table, with the provenance in `<metadata>`. */
export function summarySvg(title: string, result: unknown, provenance: Provenance): string {
  const table = tableSvg(title, summaryTable(result));
  const size = /width="(\d+)" height="(\d+)"/.exec(table)!;
  return standaloneSvg(table, Number(size[1]), Number(size[2]), provenance, getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor);
}

/** Draws an SVG at `scale` and encodes it as PNG with the provenance in tEXt chunks (fast-png). */
export async function svgToPng(svgText: string, provenance: Provenance, scale = 2): Promise<Blob> {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.width * scale));
    canvas.height = Math.max(1, Math.round(image.height * scale));
    const context = canvas.getContext('2d')!;
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    const { encode } = await import('fast-png'); // only when a PNG is asked for: not in the panel's first load
    const png = encode({ width: pixels.width, height: pixels.height, data: pixels.data, channels: 4, depth: 8, text: pngText(provenance) });
    return new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' });
  } finally {
    URL.revokeObjectURL(url);
  }
}

export interface ExportSources {
  experiment: string;
  /** The experiment's title (the heading of a figure-less export). */
  title: string;
  /** The figure that draws the result (undefined: the result's numbers are exported as a table). */
  figure: FigureDefinition | undefined;
  /** The last finished run (null: none yet). */
  current(): RunRecord | null;
  /** The provenance of a run. */
  provenance(record: RunRecord): Provenance;
  /** The JSON record of a run. */
  json(record: RunRecord): unknown;
  /** The figure's panels, as drawn now. */
  panels(): Element[];
}

/** The bar of download buttons, hidden until a run has finished. */
export function createExportsBar(sources: ExportSources): HTMLElement {
  const stem = () => exportStem(sources.experiment, new Date());
  const save = (extension: string, type: string, content: BlobPart) => download(`${stem()}.${extension}`, new Blob([content], { type }));
  const { figure } = sources;
  const withRun = (action: (record: RunRecord, provenance: Provenance) => unknown) => () => {
    const record = sources.current();
    return record ? action(record, sources.provenance(record)) : undefined;
  };
  const svgOf = (record: RunRecord, provenance: Provenance) =>
    figure ? figureSvg(sources.panels(), provenance) : summarySvg(sources.title, record.result, provenance);
  return h(
    'div',
    { class: 'rerun-exports', hidden: true },
    button('Download JSON', 'secondary', withRun((record) => save('json', 'application/json', JSON.stringify(sources.json(record), null, 2)))),
    button(
      'Download CSV',
      'secondary',
      withRun((record, provenance) => save('csv', 'text/csv', csvProvenance(provenance) + toCsv(figure ? figure.table(record.result) : resultTable(record.result)))),
    ),
    button('Download SVG', 'secondary', withRun((record, provenance) => save('svg', 'image/svg+xml', svgOf(record, provenance)))),
    button(
      'Download PNG',
      'secondary',
      withRun(async (record, provenance) => download(`${stem()}.png`, await svgToPng(svgOf(record, provenance), provenance))),
    ),
  );
}
