import { describe, expect, inject, it } from 'vitest';
import { crawlSite } from './crawl.ts';

describe('internal links, anchors and assets', () => {
  it('all resolve in the build served at /', async () => {
    const siteUrl = inject('siteUrl');
    const result = await crawlSite(siteUrl, siteUrl);
    expect(result.problems).toEqual([]);
    expect(result.pages.length).toBeGreaterThanOrEqual(1);
    expect(result.assets.some((a) => /KaTeX_Main-Regular[^/]*\.woff2$/.test(a))).toBe(true);
    expect(result.assets.some((a) => /figures\/[0-9a-f]+\.png$/.test(a))).toBe(true);
    expect(result.assets.some((a) => a.endsWith('.woff2'))).toBe(true);
  });

  it('all resolve in the build served under /trajectories/', async () => {
    const subpathUrl = inject('subpathUrl');
    expect(new URL(subpathUrl).pathname).toBe('/trajectories/');
    const result = await crawlSite(subpathUrl, subpathUrl);
    expect(result.problems).toEqual([]);
    expect(result.assets.every((a) => new URL(a).pathname.startsWith('/trajectories/'))).toBe(true);
    expect(result.assets.some((a) => a.endsWith('.woff2'))).toBe(true);
  });
});

describe('crawler files', () => {
  it('robots.txt is served at both bases and allows crawling (Lighthouse SEO)', async () => {
    for (const base of [inject('siteUrl'), inject('subpathUrl')]) {
      const response = await fetch(new URL('robots.txt', base));
      expect(response.status, base).toBe(200);
      const text = await response.text();
      expect(text).toMatch(/^User-agent: \*/m);
      expect(text).not.toMatch(/^Disallow: \/\s*$/m);
    }
  });
});
