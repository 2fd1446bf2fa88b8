import path from 'node:path';

/**
 * The project root. Build-time modules are bundled into dist/.prerender, so `import.meta.url` does
 * not point into src/ there; Astro, Vitest and the scripts all run from the project root.
 */
export const projectRoot = process.env.TRAJECTORIES_ROOT ?? process.cwd();
export const contentDir = path.join(projectRoot, 'content');
