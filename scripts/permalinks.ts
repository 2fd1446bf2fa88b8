/**
 * The public URLs of the site, which citations point to: article anchors, experiment pages with their
 * parameter names, and published data files. `npm run permalinks` prints them; `-- --write` adds
 * new ones to test/permalinks.json. Nothing is ever removed from that file: the tests check that
 * every URL in it still resolves, so a change that would break a citation fails.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parameterAliases, registry, type Registry } from '../src/experiments/registry.ts';
import { loadManifest } from '../src/build/published-data.ts';
import GithubSlugger from 'github-slugger';
import path from 'node:path';

export interface Permalinks {
  articleAnchors: string[];
  experiments: Record<string, string[]>;
  dataFiles: string[];
}

export function currentPermalinks(from: Registry = registry): Permalinks {
  const mdx = readFileSync('content/essay/optimization-language.mdx', 'utf8');
  const slugger = new GithubSlugger();
  const headings = [...mdx.matchAll(/^##\s+(.+?)\s*$/gm)].map((m) => slugger.slug(m[1]!));
  const figures = [...mdx.matchAll(/<Figure id="([^"]+)"/g)].map((m) => m[1]!);
  return {
    articleAnchors: [...headings, ...figures, 'references', 'cite'],
    experiments: Object.fromEntries(
      from.specs.map((e) => [e.id, [...Object.keys(e.schema.shape), ...Object.keys(parameterAliases[e.id] ?? {})]]),
    ),
    dataFiles: loadManifest().map((entry) => path.basename(entry.path)),
  };
}

const pinnedPath = 'test/permalinks.json';
if (import.meta.main ?? process.argv[1]?.endsWith('permalinks.ts')) {
  const current = currentPermalinks();
  if (process.argv.includes('--write')) {
    const pinned: Permalinks = existsSync(pinnedPath) ? JSON.parse(readFileSync(pinnedPath, 'utf8')) : { articleAnchors: [], experiments: {}, dataFiles: [] };
    const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
    const merged: Permalinks = {
      articleAnchors: union(pinned.articleAnchors, current.articleAnchors),
      experiments: Object.fromEntries(
        [...new Set([...Object.keys(pinned.experiments), ...Object.keys(current.experiments)])].map((id) => [id, union(pinned.experiments[id] ?? [], current.experiments[id] ?? [])]),
      ),
      dataFiles: union(pinned.dataFiles, current.dataFiles),
    };
    writeFileSync(pinnedPath, `${JSON.stringify(merged, null, 2)}\n`);
    console.log(`wrote ${pinnedPath}`);
  } else console.log(JSON.stringify(current, null, 2));
}
