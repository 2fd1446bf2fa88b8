import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveStatic } from '../../scripts/serve.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The site built at "/", served locally. */
    siteUrl: string;
    /** The site built with BASE=/trajectories/, served under that sub-path. */
    subpathUrl: string;
  }
}

/** Serves dist/ and dist-subpath/ (or $DIST_DIR and $DIST_DIR-subpath), built by `npm test`, for the e2e tests. */
export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '../..');
  const dist = process.env.DIST_DIR ?? 'dist';
  const site = await serveStatic({ dir: path.join(root, dist), base: '/' });
  const subpath = await serveStatic({ dir: path.join(root, `${dist}-subpath`), base: '/trajectories/' });
  project.provide('siteUrl', site.url);
  project.provide('subpathUrl', subpath.url);
  return async () => {
    await site.close();
    await subpath.close();
  };
}
