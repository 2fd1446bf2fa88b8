// Security (issue 7): every page carries a strict Content-Security-Policy and obeys it, with zero
// violations (securitypolicyviolation events or console reports), and no request leaves the origin.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { gotoSettled, launchBrowser, watchedPage } from './browser.ts';
import { builtPages } from './site-pages.ts';

const siteUrl = inject('siteUrl');
const origin = new URL(siteUrl).origin;
const pages = builtPages();
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Parses the page's <meta http-equiv="content-security-policy"> into directive → sources. */
async function policyOf(page: Page): Promise<Map<string, string[]>> {
  const metas = await page.$$eval('meta[http-equiv="content-security-policy" i]', (m) => m.map((e) => e.getAttribute('content') ?? ''));
  expect(metas.length, 'exactly one CSP <meta>').toBe(1);
  const policy = new Map<string, string[]>();
  for (const part of metas[0]!.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

describe('Content-Security-Policy', () => {
  it('is strict: no unsafe-eval, no inline script without a hash, no third-party origin', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(siteUrl);
    const policy = await policyOf(page);
    // The <meta> comes before any script or stylesheet, or those would escape it.
    const beforeCsp = await page.evaluate(() => {
      const meta = document.querySelector('meta[http-equiv="content-security-policy" i]')!;
      return Array.from(document.head.querySelectorAll('script, link[rel=stylesheet], style')).filter((el) => meta.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING).length;
    });
    await context.close();
    expect(beforeCsp).toBe(0);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    const script = policy.get('script-src') ?? [];
    expect(script).toContain("'self'");
    for (const source of script) expect(source).toMatch(/^('self'|'wasm-unsafe-eval'|'sha(256|384|512)-[A-Za-z0-9+/=]+')$/);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect(source, name).not.toMatch(/^'unsafe-eval'$|^\*$|^https?:|^'unsafe-hashes'$/);
        if (name.startsWith('script')) expect(source, name).not.toBe("'unsafe-inline'");
      }
    }
  });

  it('is obeyed on every page: zero violations, zero console errors, no request off the origin', async () => {
    const context = await browser.newContext();
    const problems: string[] = [];
    for (const path of pages) {
      const { page, watch } = await watchedPage(context, origin);
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/content security policy/i.test(message.text())) violations.push(`console: ${message.text().slice(0, 300)}`);
      });
      await page.exposeFunction('__reportCsp', (line: string) => violations.push(line));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as unknown as { __reportCsp: (s: string) => void }).__reportCsp(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
        });
      });
      await gotoSettled(page, `${siteUrl}${path}`);
      const panel = page.locator('[data-rerun][data-auto="true"]');
      if ((await panel.count()) > 0) {
        await panel.first().scrollIntoViewIfNeeded();
        await expect.poll(() => panel.first().getAttribute('data-mounted'), { timeout: 30_000 }).toBe('ready');
      }
      await page.waitForTimeout(300);
      for (const v of violations) problems.push(`/${path}: ${v}`);
      for (const e of watch.consoleErrors) problems.push(`/${path}: console error ${e.slice(0, 300)}`);
      for (const r of watch.foreignRequests) problems.push(`/${path}: request off the origin ${r}`);
      await page.close();
    }
    await context.close();
    expect(problems).toEqual([]);
  });

  it('is obeyed during a rerun (worker, wasm, live figure): zero violations, nothing off the origin', async () => {
    const context = await browser.newContext();
    const { page, watch } = await watchedPage(context, origin);
    const violations: string[] = [];
    await page.exposeFunction('__reportCsp', (line: string) => violations.push(line));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { __reportCsp: (s: string) => void }).__reportCsp(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
      });
    });
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) violations.push(message.text());
    });
    await gotoSettled(page, `${siteUrl}experiments/ntk-concentration/`);
    const root = page.locator('[data-rerun]');
    await root.scrollIntoViewIfNeeded();
    await expect.poll(() => root.getAttribute('data-mounted'), { timeout: 30_000 }).toBe('ready');
    await root.locator('select[name=backend]').selectOption('wasm');
    await root.locator('button.rerun-run').click();
    await expect.poll(() => root.getAttribute('data-outcome'), { timeout: 120_000, interval: 250 }).toBeTruthy();
    const outcome = await root.getAttribute('data-outcome');
    await context.close();
    expect(violations).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(outcome).toBe('done');
  });
});
