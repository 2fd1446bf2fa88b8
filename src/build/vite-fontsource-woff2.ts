import type { Plugin } from 'vite';

/**
 * Fontsource's stylesheets list a woff2 and a woff file for each face; every browser that runs this
 * site reads woff2, so the woff fallbacks are dropped and never reach the build (or the offline
 * precache). The same approach as vite-katex-woff2.ts.
 */
export function fontsourceWoff2Only(): Plugin {
  return {
    name: 'trajectories:fontsource-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]@fontsource[\\/][^?]+\.css($|\?)/.test(id)) return null;
      return code.replace(/,\s*url\([^)]*\.woff\) format\(['"]woff['"]\)/g, '');
    },
  };
}
