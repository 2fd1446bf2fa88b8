import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Every HTML page of the build the e2e tests serve ($DIST_DIR, default dist/), as paths relative to
 * the base ("", "experiments/", "experiments/<id>/", ...): the article first, then the rest sorted.
 */
export function builtPages(): string[] {
  const root = path.resolve(import.meta.dirname, '../..', process.env.DIST_DIR ?? 'dist');
  const pages: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== '_astro' && name !== 'data' && name !== 'datasets') walk(full, `${rel}${name}/`);
      } else if (name === 'index.html') pages.push(rel);
    }
  };
  walk(root, '');
  return pages.sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}

/** The experiment pages, /experiments/<id>/. */
export const experimentPages = (): string[] => builtPages().filter((p) => /^experiments\/[^/]+\/$/.test(p));
