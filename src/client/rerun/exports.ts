/** Downloads of a run: JSON (everything), CSV (the figure's table), SVG and PNG (the figure). */
import type { FigureDefinition } from '../../figures/types.ts';
import { button, h } from './dom.ts';
import { exportStem, toCsv } from './export-data.ts';
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

/** Serialises the SVGs of a figure into one standalone SVG, panels side by side. */
export function figureSvg(panels: SVGSVGElement[]): string {
  const widths = panels.map((svg) => Number(svg.getAttribute('width')) || svg.viewBox.baseVal.width || 640);
  const heights = panels.map((svg) => Number(svg.getAttribute('height')) || svg.viewBox.baseVal.height || 400);
  const width = widths.reduce((a, b) => a + b, 0);
  const height = Math.max(...heights);
  let x = 0;
  const color = getComputedStyle(panels[0] ?? document.body).color;
  const inner = panels
    .map((svg, i) => {
      const clone = svg.cloneNode(true);
      if (clone instanceof SVGSVGElement) {
        clone.setAttribute('x', String(x));
        clone.setAttribute('y', '0');
      }
      x += widths[i]!;
      return new XMLSerializer().serializeToString(clone);
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="color:${color};background:${getComputedStyle(document.body).backgroundColor}">${inner}</svg>`;
}

export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width * scale;
    canvas.height = image.height * scale;
    const context = canvas.getContext('2d')!;
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export interface ExportSources {
  experiment: string;
  /** The figure that draws the result: CSV, SVG and PNG need it. */
  figure: FigureDefinition | undefined;
  /** The last finished run (null: none yet). */
  current(): RunRecord | null;
  /** The JSON record of a run. */
  json(record: RunRecord): unknown;
  /** The figure's chart SVGs, as drawn now. */
  svgs(): SVGSVGElement[];
}

/** The bar of download buttons, hidden until a run has finished. */
export function createExportsBar(sources: ExportSources): HTMLElement {
  const stem = () => exportStem(sources.experiment, new Date());
  const save = (extension: string, type: string, content: BlobPart) => download(`${stem()}.${extension}`, new Blob([content], { type }));
  const { figure } = sources;
  return h(
    'div',
    { class: 'rerun-exports', hidden: true },
    button('Download JSON', 'secondary', () => {
      const record = sources.current();
      if (record) save('json', 'application/json', JSON.stringify(sources.json(record), null, 2));
    }),
    ...(figure
      ? [
          button('Download CSV', 'secondary', () => {
            const record = sources.current();
            if (record) save('csv', 'text/csv', toCsv(figure.table(record.result)));
          }),
          button('Download SVG', 'secondary', () => save('svg', 'image/svg+xml', figureSvg(sources.svgs()))),
          button('Download PNG', 'secondary', async () => download(`${stem()}.png`, await svgToPng(figureSvg(sources.svgs())))),
        ]
      : []),
  );
}
