import type { APIRoute, GetStaticPaths } from 'astro';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadManifest, loadPublished } from '../../build/published-data.ts';
import { contentDir } from '../../build/paths.ts';

/** Publishes content/data/<experiment>.json (hash-checked against the manifest) and the manifest. */
export const getStaticPaths = (() => [
  ...loadManifest().map((entry) => ({ params: { file: `${entry.experiment}.json` } })),
  { params: { file: 'manifest.json' } },
]) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const file = params.file!;
  const text = file === 'manifest.json'
    ? readFileSync(path.join(contentDir, 'data', 'manifest.json'), 'utf8')
    : loadPublished(file.replace(/\.json$/, ''))!.text;
  return new Response(text, { headers: { 'content-type': 'application/json' } });
};
