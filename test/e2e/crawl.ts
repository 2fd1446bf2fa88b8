import { parseHTML } from 'linkedom';

export interface CrawlProblem {
  page: string;
  url: string;
  problem: string;
}

export interface CrawlResult {
  pages: string[];
  assets: string[];
  problems: CrawlProblem[];
}

/**
 * Follows every internal link, stylesheet, script, image, icon and CSS `url()` from `start`, within
 * `scope` (the site's base URL). Reports missing targets, missing #anchors and links that leave the
 * base path (they would break on a project page).
 */
export async function crawlSite(start: string, scope: string, limit = 400): Promise<CrawlResult> {
  const origin = new URL(scope).origin;
  const queue = [start];
  const seenPages = new Set<string>();
  const seenAssets = new Set<string>();
  const anchors = new Map<string, Set<string>>();
  const wantedAnchors: { page: string; target: string; id: string }[] = [];
  const problems: CrawlProblem[] = [];

  const check = async (from: string, raw: string, kind: 'page' | 'asset') => {
    if (!raw || /^(mailto:|data:|blob:|javascript:)/.test(raw)) return;
    const url = new URL(raw, from);
    if (url.origin !== origin) return; // external links are the reader's to follow, not loaded
    if (!url.href.startsWith(scope)) {
      problems.push({ page: from, url: url.href, problem: `outside the base path ${new URL(scope).pathname}` });
      return;
    }
    const target = url.href.replace(/#.*$/, '');
    if (url.hash && kind === 'page') wantedAnchors.push({ page: from, target, id: decodeURIComponent(url.hash.slice(1)) });
    if (kind === 'page' && !seenPages.has(target) && (target.endsWith('/') || target.endsWith('.html'))) {
      seenPages.add(target);
      queue.push(target);
    } else if (!seenPages.has(target) && !seenAssets.has(target)) {
      seenAssets.add(target);
      const response = await fetch(target);
      if (!response.ok) problems.push({ page: from, url: target, problem: `HTTP ${response.status}` });
      else if (target.endsWith('.css')) {
        const css = await response.text();
        for (const match of css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) await check(target, match[1]!, 'asset');
      }
    }
  };

  seenPages.add(start);
  while (queue.length > 0 && seenPages.size <= limit) {
    const pageUrl = queue.shift()!;
    const response = await fetch(pageUrl);
    if (!response.ok) {
      problems.push({ page: pageUrl, url: pageUrl, problem: `HTTP ${response.status}` });
      continue;
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.includes('text/html')) continue;
    const { document } = parseHTML(await response.text());
    anchors.set(pageUrl, new Set(Array.from(document.querySelectorAll('[id]')).map((el) => el.getAttribute('id')!)));
    for (const a of document.querySelectorAll('a[href]')) await check(pageUrl, a.getAttribute('href')!, 'page');
    for (const el of document.querySelectorAll('link[href]')) {
      const rel = el.getAttribute('rel') ?? '';
      if (rel.includes('canonical') || rel.includes('alternate')) continue;
      await check(pageUrl, el.getAttribute('href')!, 'asset');
    }
    for (const el of document.querySelectorAll('script[src], img[src], source[src]')) await check(pageUrl, el.getAttribute('src')!, 'asset');
    for (const el of document.querySelectorAll('image[href]')) await check(pageUrl, el.getAttribute('href')!, 'asset');
    // Stylesheets are inlined: follow their fonts and images too.
    for (const style of document.querySelectorAll('style')) {
      for (const match of (style.textContent ?? '').matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) await check(pageUrl, match[1]!, 'asset');
    }
  }
  for (const { page, target, id } of wantedAnchors) {
    const ids = anchors.get(target);
    if (ids && !ids.has(id)) problems.push({ page, url: `${target}#${id}`, problem: 'anchor not found' });
  }
  return { pages: [...seenPages], assets: [...seenAssets], problems };
}
