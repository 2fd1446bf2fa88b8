/** Defined by Vite at build time (astro.config.mjs, from src/build/engine-commit.ts); absent in unit tests. */
declare const __ENGINE_COMMIT__: string | undefined;

/** The commit the site was built from ('unknown' outside git or outside a build). */
export const ENGINE_COMMIT: string = typeof __ENGINE_COMMIT__ === 'string' ? __ENGINE_COMMIT__ : 'unknown';
