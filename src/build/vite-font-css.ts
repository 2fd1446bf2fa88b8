import type { Plugin } from 'vite';

/**
 * Rewrites the fonts' stylesheets as Vite loads them, before anything else reads them:
 * - KaTeX lists woff2, woff and ttf for each font, and Fontsource woff2 and woff. Every browser that
 *   runs this site reads woff2, so the others are dropped and never reach the build (or the offline
 *   precache).
 * - Fontsource's text faces (Source Serif 4, Source Sans 3) are declared `font-display: swap`, which
 *   re-lays the whole article out when they arrive and moves the title and the header (Lighthouse
 *   measured a layout shift of 0.14). They become `font-display: optional`. Base.astro preloads the
 *   two faces of the first screen, and Chromium holds the first paint (at most ~100 ms) for preloaded
 *   optional fonts, so they are used on the first visit and nothing ever shifts; a slow connection gets
 *   the fallback for that one page view, then the cached font.
 */
export function fontCss(): Plugin {
  return {
    name: 'trajectories:font-css',
    enforce: 'pre',
    transform(code, id) {
      if (/katex(\.min)?\.css($|\?)/.test(id)) {
        return code.replace(/,\s*url\([^)]*\.woff\) format\("woff"\)/g, '').replace(/,\s*url\([^)]*\.ttf\) format\("truetype"\)/g, '');
      }
      if (/[\\/]@fontsource[\\/][^?]+\.css($|\?)/.test(id)) {
        return code.replace(/,\s*url\([^)]*\.woff\) format\(['"]woff['"]\)/g, '').replace(/font-display:\s*swap/g, 'font-display: optional');
      }
      return null;
    },
  };
}
