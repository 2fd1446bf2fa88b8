import type { Plugin } from 'vite';

/**
 * The text fonts (Fontsource's Source Serif 4 and Source Sans 3) are declared `font-display: swap`,
 * which re-lays the whole article out when they arrive, and the swap moves the title and the header
 * (Lighthouse measured a layout shift of 0.14). Here they become `font-display: optional`; Base.astro
 * preloads the four above-the-fold faces, and Chromium holds the first paint (at most ~100 ms) for
 * preloaded optional fonts, so they are used on the first visit and no shift ever happens; a slow
 * connection gets the fallback for that one page view, then the cached font. (The woff fallbacks
 * are dropped by vite-fontsource-woff2.ts.)
 */
export function fontsourceOptional(): Plugin {
  return {
    name: 'trajectories:fontsource-optional',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]@fontsource[\\/][^?]+\.css($|\?)/.test(id)) return null;
      return code.replace(/font-display:\s*swap/g, 'font-display: optional');
    },
  };
}
