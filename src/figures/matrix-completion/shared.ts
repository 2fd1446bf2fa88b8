import { encode as encodePng } from 'fast-png';
/** Helpers shared by the matrix-completion figures (pure: no DOM). */

export const METHOD_COLORS: Record<string, string> = {
  'nuclear norm': '#7a7a7a', // mid-grey: visible on the light and the dark background
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


/**
 * An 8-bit grayscale PNG as a data URL (fast-png, no canvas: it renders at build time too). The site
 * moves these out of the HTML into image files at build time (src/build/figure-images.ts).
 */
export function grayPngDataUrl(pixels: Uint8Array, width: number, height: number): string {
  const png = encodePng({ width, height, data: pixels, channels: 1, depth: 8 });
  let binary = '';
  for (let i = 0; i < png.length; i++) binary += String.fromCharCode(png[i]!);
  return `data:image/png;base64,${btoa(binary)}`;
}

/** Colour of the published run, drawn wide and faint beneath a reader's rerun. */
export const GHOST = '#9a9a9a';
