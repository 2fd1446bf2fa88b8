import type { APIRoute, GetStaticPaths } from 'astro';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadManifest, loadPublished } from '../../build/published-data.ts';

function readPublishedFile(file: string): string {
  const entry = loadManifest().find((e) => path.basename(e.path) === file)!;
  return loadPublished(entry.experiment, entry.preset)!.text;
}
import { contentDir } from '../../build/paths.ts';

/** Publishes every file of content/data (hash-checked against the manifest) and the manifest. */
export const getStaticPaths = (() => [
  ...loadManifest().map((entry) => ({ params: { file: path.basename(entry.path) } })),
  { params: { file: 'manifest.json' } },
]) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const file = params.file!;
  const text = file === 'manifest.json'
    ? readFileSync(path.join(contentDir, 'data', 'manifest.json'), 'utf8')
    : readPublishedFile(file);
  return new Response(text, { headers: { 'content-type': 'application/json' } });
};
