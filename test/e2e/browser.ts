import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/** What a page did that a test may want to forbid: console errors, requests to other hosts. */
export interface PageWatch {
  consoleErrors: string[];
  foreignRequests: string[];
  failedRequests: string[];
}

/** Opens a page that records console errors, uncaught errors and every request off the origin. */
export async function watchedPage(context: BrowserContext, origin: string): Promise<{ page: Page; watch: PageWatch }> {
  const page = await context.newPage();
  const watch: PageWatch = { consoleErrors: [], foreignRequests: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) watch.foreignRequests.push(url);
  });
  page.on('requestfailed', (request) => watch.failedRequests.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  return { page, watch };
}

/**
 * Navigates, then waits for `load` (the document fully parsed, its subresources in) and for the network
 * to go quiet. Playwright's `networkidle` alone does not wait for `load`: on a busy machine it can fire
 * while a large document (the article is 450 KB) is still being parsed.
 */
export async function gotoSettled(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
}
