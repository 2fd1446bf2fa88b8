// Offline reading through the service worker (issue 6). Each test serves its own copy of the build
// (scripts/serve.mjs), visits it once, then stops that server AND sets the browser offline, so that
// everything afterwards can only come from the service worker's caches.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchedPage, type PageWatch } from './browser.ts';
import { runOn } from './rerun-helpers.ts';
import { serveStatic } from '../../scripts/serve.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, process.env.DIST_DIR ?? 'dist');
const distSubpath = `${dist}-subpath`;
const experimentIds = readdirSync(path.join(dist, 'experiments'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

interface Visit {
  context: BrowserContext; page: Page; watch: PageWatch; url: string; origin: string;
  /** Stops the server and takes the browser offline. */
  goOffline: () => Promise<void>;
  /** Restarts the server on the same origin (a deploy: sirv reads the files it serves at start). */
  redeploy: () => Promise<void>;
  close: () => Promise<void>;
}

/** Serves `dir` at `base`, visits its first page and waits until the service worker controls it. */
async function firstVisit(dir: string, base = '/'): Promise<Visit> {
  let server = await serveStatic({ dir, base });
  const context = await browser.newContext({ acceptDownloads: true });
  const origin = new URL(server.url).origin;
  const { page, watch } = await watchedPage(context, origin);
  await page.goto(server.url, { waitUntil: 'load' });
  // `ready` resolves once the worker is active, i.e. after the whole precache was stored.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  let serverOpen = true;
  const stop = async () => { if (serverOpen) { serverOpen = false; await server.close(); } };
  return {
    context, page, watch, url: server.url, origin,
    goOffline: async () => { await stop(); await context.setOffline(true); },
    redeploy: async () => { await stop(); server = await serveStatic({ dir, base, port: server.port }); serverOpen = true; },
    close: async () => { await context.close(); await stop(); },
  };
}

/** Requests that failed, leaving out those a navigation cancelled. */
const failed = (watch: PageWatch) => watch.failedRequests.filter((r) => !r.endsWith('net::ERR_ABORTED'));

/** Opens `url` offline and checks that the page and every subresource came from the service worker. */
async function openOffline(page: Page, watch: PageWatch, url: string): Promise<void> {
  watch.failedRequests.length = 0;
  watch.consoleErrors.length = 0;
  const notFromWorker: string[] = [];
  const onResponse = (r: import('playwright-core').Response) => { if (!r.fromServiceWorker() && !r.url().startsWith('data:')) notFromWorker.push(r.url()); };
  page.on('response', onResponse);
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status(), url).toBe(200);
  expect(response?.fromServiceWorker(), url).toBe(true);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  page.off('response', onResponse);
  expect(failed(watch), url).toEqual([]);
  expect(notFromWorker, url).toEqual([]);
  expect(watch.consoleErrors, url).toEqual([]);
}

describe('offline reading, after one visit, with the network gone', () => {
  let visit: Visit;
  beforeAll(async () => {
    visit = await firstVisit(dist);
    await visit.goOffline();
  });
  afterAll(async () => { await visit?.close(); });

  it('the article loads, with its math, styles and fonts', async () => {
    const { page, watch, url } = visit;
    await openOffline(page, watch, url);
    expect(await page.locator('.katex').count()).toBeGreaterThan(10);
    expect(await page.locator('h1').first().innerText()).not.toMatch(/offline/i);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Source Serif 4');
  });

  it('the experiments index and every experiment page load', async () => {
    const { page, watch, url } = visit;
    expect(experimentIds.length).toBeGreaterThan(3);
    await openOffline(page, watch, `${url}experiments/`);
    for (const id of experimentIds) {
      await openOffline(page, watch, `${url}experiments/${id}/`);
      expect(await page.locator('main[data-experiment]').getAttribute('data-experiment')).toBe(id);
    }
  });

  it('a permalink with parameters opens (?seed=2), and one without its trailing slash', async () => {
    const { page, watch, url } = visit;
    const id = experimentIds[0]!;
    await openOffline(page, watch, `${url}experiments/${id}/?seed=2`);
    expect(new URL(page.url()).search).toBe('?seed=2');
    expect(await page.locator('main[data-experiment]').getAttribute('data-experiment')).toBe(id);
    await openOffline(page, watch, `${url}experiments/${id}`);
    expect(await page.locator('main[data-experiment]').getAttribute('data-experiment')).toBe(id);
  });

  it('the published data downloads', async () => {
    const { page, url } = visit;
    const id = 'ntk-concentration';
    await page.goto(`${url}experiments/${id}/`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[download][href$="data/${id}.json"]`).click()]);
    expect(await download.failure()).toBeNull();
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(readFileSync(path.join(dist, 'data', `${id}.json`), 'utf8'));
    // The worker's own fetches of the data and data sets are served too.
    const fetched = await page.evaluate(async (u) => Promise.all([`${u}data/manifest.json`, `${u}datasets/uci/iris.json`].map(async (x) => (await fetch(x)).status)), url);
    expect(fetched).toEqual([200, 200]);
  });

  it('a page that was never stored gets the offline page, not a browser error', async () => {
    const { page, url } = visit;
    const response = await page.goto(`${url}no-such-page/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').innerText()).toBe('You are offline');
    expect(await page.locator('main a[href$="/experiments/"]').count()).toBe(1);
  });

  it('reruns a figure offline, from a permalink with parameters, on the WASM backend', async () => {
    const { page, watch, url } = visit;
    await openOffline(page, watch, `${url}experiments/ntk-concentration/?widths=64,128&seeds=2&seed=7&points=16`);
    const panel = page.locator('[data-rerun]');
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(() => panel.getAttribute('data-mounted'), { timeout: 30_000 }).toBe('ready');
    expect(await panel.locator('input[name=seed]').inputValue()).toBe('7');
    expect(await runOn(panel, 'wasm', 120_000), await panel.locator('.rerun-status').innerText()).toBe('done');
    expect(await panel.getAttribute('data-backend')).toBe('wasm');
    // Only files cached on first use may be missing (the WebGL chunk the worker registers as a
    // fallback): a visit without a run never fetched them.
    const report = JSON.parse(readFileSync(path.join(dist, 'precache-report.json'), 'utf8')) as { runtimeCached: { url: string }[] };
    const onDemand = report.runtimeCached.map((f) => `${url}${f.url}`);
    expect(failed(watch).filter((r) => !onDemand.some((u) => r.startsWith(`${u} `)))).toEqual([]);
  });
});

describe('updates', () => {
  it('pages and data files are versioned by content hash in the precache', () => {
    const sw = readFileSync(path.join(dist, 'sw.js'), 'utf8');
    const files = ['index.html', ...readdirSync(path.join(dist, 'data')).map((f) => `data/${f}`)];
    for (const file of files) {
      const md5 = createHash('md5').update(readFileSync(path.join(dist, file))).digest('hex');
      expect(sw, file).toContain(`{"revision":"${md5}","url":"${file}"}`);
    }
  });

  let copy = '';
  afterAll(() => { if (copy) rmSync(copy, { recursive: true, force: true }); });

  it('a rebuild shows "A new version is available — reload", and the old version never mixes in new data', async () => {
    copy = mkdtempSync(path.join(os.tmpdir(), 'trajectories-update-'));
    cpSync(dist, copy, { recursive: true });
    const visit = await firstVisit(copy);
    try {
      const { page, url } = visit;
      const readManifest = () => page.evaluate(async (u) => (await fetch(`${u}data/manifest.json`)).text(), url);
      const before = await readManifest();
      expect(await page.locator('#sw-update').count()).toBe(0);

      // "Rebuild": new data under the same permanent URL, and a service worker with its new revision.
      const after = `${before.trimEnd()}\n\n`;
      writeFileSync(path.join(copy, 'data/manifest.json'), after);
      const swPath = path.join(copy, 'sw.js');
      const sw = readFileSync(swPath, 'utf8');
      const entry = /\{"revision":"[0-9a-f]+","url":"data\/manifest\.json"\}/;
      expect(sw).toMatch(entry);
      writeFileSync(swPath, sw.replace(entry, '{"revision":"0000000000000000000000000000beef","url":"data/manifest.json"}'));
      await visit.redeploy();

      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      const prompt = page.locator('#sw-update');
      await prompt.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await prompt.innerText()).toMatch(/A new version is available\s*—\s*Reload/);
      expect(await prompt.getAttribute('role')).toBe('status');
      // Until the reader accepts, the page keeps reading the version it was loaded with.
      expect(await readManifest()).toBe(before);

      await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
      await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
      expect(await readManifest()).toBe(after);
      expect(await page.locator('#sw-update').count()).toBe(0);
    } finally {
      await visit.close();
    }
  });
});

describe('an update with two tabs open (issue 13, item 6)', () => {
  let copy = '';
  afterAll(() => { if (copy) rmSync(copy, { recursive: true, force: true }); });

  it('after one tab accepts the update, "Reload" in the other tab reloads it too', async () => {
    copy = mkdtempSync(path.join(os.tmpdir(), 'trajectories-update2-'));
    cpSync(dist, copy, { recursive: true });
    const visit = await firstVisit(copy);
    try {
      const { context, page, url } = visit;
      const other = await context.newPage();
      await other.goto(`${url}experiments/`, { waitUntil: 'load' });
      await other.waitForFunction(() => navigator.serviceWorker.controller !== null);
      const swPath = path.join(copy, 'sw.js');
      writeFileSync(swPath, readFileSync(swPath, 'utf8').replace(/\{"revision":"[0-9a-f]+","url":"data\/manifest\.json"\}/, '{"revision":"0000000000000000000000000000cafe","url":"data/manifest.json"}'));
      await visit.redeploy();
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      for (const tab of [page, other]) await tab.locator('#sw-update').waitFor({ state: 'visible', timeout: 30_000 });

      await Promise.all([page.waitForEvent('load'), page.locator('#sw-update').getByRole('button', { name: 'Reload' }).click()]);
      await Promise.all([other.waitForEvent('load', { timeout: 10_000 }), other.locator('#sw-update').getByRole('button', { name: 'Reload' }).click()]);
      expect(await other.locator('#sw-update').count()).toBe(0);
      expect(await other.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
    } finally {
      await visit.close();
    }
  });
});

describe('the sub-path build (/trajectories/)', () => {
  it('registers with the /trajectories/ scope and works offline', async () => {
    const visit = await firstVisit(distSubpath, '/trajectories/');
    try {
      const { page, watch, url, origin } = visit;
      const registration = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.ready;
        return { scope: r.scope, script: r.active?.scriptURL };
      });
      expect(registration).toEqual({ scope: `${origin}/trajectories/`, script: `${origin}/trajectories/sw.js` });
      await visit.goOffline();
      await openOffline(page, watch, url);
      await openOffline(page, watch, `${url}experiments/${experimentIds[0]}/?seed=2`);
      await page.goto(`${url}no-such-page/`);
      expect(await page.locator('h1').innerText()).toBe('You are offline');
      expect(await page.locator('a', { hasText: 'The essay' }).getAttribute('href')).toBe('/trajectories/');
    } finally {
      await visit.close();
    }
  });
});

describe('the "Offline storage" panel', () => {
  it('says what is stored and how large, and clears it', async () => {
    const visit = await firstVisit(dist);
    try {
      const { page, url } = visit;
      const report = JSON.parse(readFileSync(path.join(dist, 'precache-report.json'), 'utf8')) as { count: number; bytes: number };
      await page.locator('footer a', { hasText: 'Offline storage' }).click();
      const panel = page.locator('[data-offline-storage]');
      await expect.poll(() => panel.getAttribute('data-stored-files')).toBe(String(report.count));
      expect(Number(await panel.getAttribute('data-stored-bytes'))).toBeGreaterThanOrEqual(report.bytes);
      expect(await panel.locator('[data-storage-status]').innerText()).toMatch(/Stored for offline reading: \d+ files, [\d.]+ MB/);
      expect(await panel.locator('[data-storage-estimate]').innerText()).toMatch(/used by this site/);

      await panel.locator('[data-storage-clear]').click();
      await expect.poll(() => panel.locator('[data-storage-status]').innerText()).toMatch(/^Cleared/);
      const left = await page.evaluate(async (scope) => ({
        caches: (await caches.keys()).filter((k) => k.endsWith(scope)),
        registration: Boolean(await navigator.serviceWorker.getRegistration(scope)),
      }), url);
      expect(left).toEqual({ caches: [], registration: false });
    } finally {
      await visit.close();
    }
  });
});
