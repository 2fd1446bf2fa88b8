/** Site-wide names, and URL helpers that respect the base path (BASE=/trajectories/). */
export const SITE_NAME = 'Trajectories';
export const SITE_TAGLINE = 'A reproducible, interactive edition';

/** Joins the configured base path and a site-relative path ("experiments/x/" → "/base/experiments/x/"). */
export function withBase(relative: string): string {
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  return `${base}${relative.replace(/^\//, '')}`;
}

/** Absolute URL of a site-relative path, for canonical links and citations. */
export function absoluteUrl(relative: string, site: URL | undefined): string {
  return new URL(withBase(relative), site ?? 'https://trajectories.example.org').href;
}
