/** Downloads of a run: JSON (everything), CSV (the figure's table), SVG and PNG (the figure). */
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

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function toCsv(table: { columns: string[]; rows: (string | number)[][] }): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
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
      const clone = svg.cloneNode(true) as SVGSVGElement;
      clone.setAttribute('x', String(x));
      clone.setAttribute('y', '0');
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
