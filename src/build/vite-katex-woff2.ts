import type { Plugin } from 'vite';

/**
 * KaTeX's stylesheet lists woff2, woff and ttf for each font; every browser that runs this site
 * reads woff2, so the other two are dropped and never reach the build (or the offline precache).
 */
export function katexWoff2Only(): Plugin {
  return {
    name: 'trajectories:katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/katex(\.min)?\.css($|\?)/.test(id)) return null;
      return code.replace(/,\s*url\([^)]*\.woff\) format\("woff"\)/g, '').replace(/,\s*url\([^)]*\.ttf\) format\("truetype"\)/g, '');
    },
  };
}
