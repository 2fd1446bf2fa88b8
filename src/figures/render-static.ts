import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

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

/**
 * Plot names its classes with a random-free prefix and puts `aria-label` on `<g>` elements, which
 * has no role and so fails accessibility audits: move those labels to `aria-description`-free
 * `data-label` attributes and give the root SVG role="img".
 */
function normaliseForStaticHtml(root: Element): void {
  const svgs = root.tagName.toLowerCase() === 'svg' ? [root] : Array.from(root.querySelectorAll('svg'));
  for (const svg of svgs) {
    if (svg.getAttribute('role')) continue;
    // A chart (it carries Plot's aria-label) is an image; a legend's colour swatch is decoration
    // next to its text label, and an unlabelled role="img" fails axe and Lighthouse (svg-img-alt).
    if (svg.getAttribute('aria-label')) svg.setAttribute('role', 'img');
    else svg.setAttribute('aria-hidden', 'true');
  }
  for (const g of Array.from(root.querySelectorAll('g[aria-label]'))) {
    g.setAttribute('data-label', g.getAttribute('aria-label') ?? '');
    g.removeAttribute('aria-label');
  }
}
