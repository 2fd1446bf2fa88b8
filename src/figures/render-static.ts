import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { normaliseForStaticHtml } from './normalise.ts';

/**
 * Renders Observable Plot options to an SVG (or figure) string at build time, with linkedom standing
 * in for the browser's DOM. The same options drive the live figure in the browser.
 */
export function renderPlotToString(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const node = Plot.plot({ ...options, document: document as unknown as Document });
  normaliseForStaticHtml(node as unknown as Element);
  return roundPathData((node as unknown as Element).outerHTML);
}

/**
 * Path coordinates to a tenth of a pixel: invisible on screen and in print, and it takes about a
 * quarter off the article's HTML (the figures are most of it).
 */
export function roundPathData(html: string): string {
  return html.replace(/ d="([^"]+)"/g, (_, d: string) => ` d="${d.replace(/-?\d*\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10))}"`);
}

