import type { AstroIntegration } from 'astro';

/** The canonical origin when `SITE` is not set: a placeholder, not a real host. */
export const PLACEHOLDER_SITE = 'https://trajectories.example.org';

/** The public origin of the build (canonical URLs, citations, permalinks): `SITE`, else the placeholder. */
export function siteOrigin(env: NodeJS.ProcessEnv = process.env): string {
  return env.SITE && env.SITE.trim() !== '' ? env.SITE.trim() : PLACEHOLDER_SITE;
}

/** What a production build says about its origin, or null when `SITE` is set. */
export function placeholderNotice(env: NodeJS.ProcessEnv = process.env): string | null {
  return siteOrigin(env) === PLACEHOLDER_SITE
    ? `SITE is not set: canonical URLs, citations and permalinks use the placeholder ${PLACEHOLDER_SITE}. Set SITE=https://your.host to deploy.`
    : null;
}

/** Logs the placeholder notice at the start of a production build. */
export function siteOriginNotice(): AstroIntegration {
  return {
    name: 'trajectories:site-origin',
    hooks: {
      'astro:build:start': ({ logger }) => {
        const notice = placeholderNotice();
        if (notice) logger.warn(notice);
      },
    },
  };
}
