import type { APIRoute, GetStaticPaths } from 'astro';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentDir } from '../../../build/paths.ts';

const dir = path.join(contentDir, 'datasets', 'uci');

/** Publishes the shipped UCI data sets (content/datasets/uci/*.json) for the browser's runs. */
export const getStaticPaths = (() =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ params: { file } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(readFileSync(path.join(dir, params.file!)), { headers: { 'content-type': 'application/json' } });
