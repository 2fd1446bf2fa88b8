/** Helpers shared by the matrix-completion figures (pure: no DOM). */

export const METHOD_COLORS: Record<string, string> = {
  'nuclear norm': '#444444',
  'depth 1': '#9ecae1',
  'depth 2': '#3182bd',
  'depth 3': '#e6550d',
  'depth 4': '#a63603',
  'depth 5': '#7f2704',
  gd: '#3182bd',
  adam: '#e6550d',
};

export const methodOrder = ['nuclear norm', 'depth 1', 'depth 2', 'depth 3', 'depth 4', 'depth 5'];

/** Three significant digits, in the notation a reader expects (1.06e-1 style below 0.01). */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 0.01 && a < 1e5) return String(Number(x.toPrecision(3)));
  return x.toExponential(2);
}

export function median(values: number[]): number {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(item);
  }
  return out;
}

/**
 * An 8-bit grayscale BMP (palette of 256 grays) as a data URL: a format every browser shows in an
 * SVG <image>, built without a canvas so that it renders at build time too.
 */
export function grayBmpDataUrl(pixels: Uint8Array, width: number, height: number): string {
  const rowBytes = Math.ceil(width / 4) * 4;
  const offset = 14 + 40 + 1024;
  const size = offset + rowBytes * height;
  const buf = new Uint8Array(size);
  const view = new DataView(buf.buffer);
  buf[0] = 0x42;
  buf[1] = 0x4d;
  view.setUint32(2, size, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 8, true);
  view.setUint32(34, rowBytes * height, true);
  view.setUint32(46, 256, true);
  for (let i = 0; i < 256; i++) {
    buf[54 + 4 * i] = i;
    buf[55 + 4 * i] = i;
    buf[56 + 4 * i] = i;
  }
  for (let r = 0; r < height; r++) {
    // BMP rows run bottom-up.
    buf.set(pixels.subarray(r * width, (r + 1) * width), offset + (height - 1 - r) * rowBytes);
  }
  let binary = '';
  for (let i = 0; i < buf.length; i++) binary += String.fromCharCode(buf[i]!);
  return `data:image/bmp;base64,${btoa(binary)}`;
}

/** Colour of the published run, drawn wide and faint beneath a reader's rerun. */
export const GHOST = '#9a9a9a';
