/**
 * Runs at the edge of what a reader's device can do: a setting too large for its memory is refused
 * before it starts, with the numbers; a long setting that fits shows progress at once (from inside
 * its first empirical NTK) and stops within 200 ms of Cancel, acknowledged by the worker.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, watchedPage } from './browser.ts';
import { downloadRunJson, openExperimentPanel, runOn, waitForOutcome } from './rerun-helpers.ts';
import { readFileSync } from 'node:fs';
import { manifestSchema } from '../../src/experiments/runtime/data-file.ts';

const siteUrl = inject('siteUrl');
const origin = new URL(siteUrl).origin;
const manifest = manifestSchema.parse(JSON.parse(readFileSync('content/data/manifest.json', 'utf8')));
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
});

const experimentUrl = (search: string) => new URL(`experiments/ntk-concentration/?${search}`, siteUrl).href;

describe('runs at the edge of the device', () => {
  it('the extreme ntk-concentration setting is refused before it starts, with the numbers', async () => {
    const { page, watch } = await watchedPage(context, origin);
    const widths = Array.from({ length: 12 }, () => 8192).join(',');
    const root = await openExperimentPanel(page, experimentUrl(`widths=${widths}&seeds=50&points=256&depth=8`));
    await root.locator('select[name=backend]').selectOption('wasm');
    await root.locator('button.rerun-run').click();
    expect(await waitForOutcome(root, 10_000)).toBe('refused');
    const status = await root.locator('.rerun-status').textContent();
    expect(status).toMatch(/needs about \d+(\.\d)? GB of memory, and a run here may use \d+(\.\d)? (GB|MB)/);
    expect(Number(await root.getAttribute('data-memory-estimate'))).toBeGreaterThan(2 ** 31);
    expect(page.workers()).toEqual([]); // no worker was started
    expect(await root.locator('button.rerun-run').isEnabled()).toBe(true);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('a long setting that fits shows progress within 2 s and cancels within 200 ms', async () => {
    const { page, watch } = await watchedPage(context, origin);
    // Width 4096 at depth 8: about 120 M parameters per net, 100 nets; each net's NTK takes seconds.
    const root = await openExperimentPanel(page, experimentUrl('widths=4096,4096&seeds=50&points=256&depth=8'));
    await root.locator('select[name=backend]').selectOption('wasm');
    await root.locator('input[name=allowLong]').check(); // the reader's choice: the run is not stopped for its length
    await root.locator('button.rerun-run').click();
    await expect.poll(() => root.getAttribute('data-first-progress-ms'), { timeout: 30_000, interval: 100 }).toBeTruthy();
    // From the backend's start (the worker has loaded tfjs and its wasm module) to the first progress
    // on the page: the first net alone takes seconds, so this progress comes from inside it.
    const firstProgressMs = Number(await root.getAttribute('data-first-progress-ms'));
    const backendMs = Number(await root.getAttribute('data-backend-ms'));
    expect(firstProgressMs - backendMs).toBeLessThan(2_000);
    expect(Number(await root.locator('progress.rerun-progress').evaluate((p: HTMLProgressElement) => p.value))).toBeLessThan(1);
    await page.waitForTimeout(1_500); // inside the first nets
    expect(await root.getAttribute('data-outcome')).toBeNull();
    await root.locator('button.rerun-cancel').click();
    expect(await waitForOutcome(root, 5_000)).toBe('cancelled');
    expect(await root.getAttribute('data-cancel')).toBe('acknowledged');
    const cancelMs = Number(await root.getAttribute('data-cancel-ms'));
    console.info(`first progress ${firstProgressMs - backendMs} ms after the backend started (${firstProgressMs} ms after Run); cancel acknowledged in ${cancelMs} ms`);
    expect(cancelMs).toBeLessThan(200);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  // The five experiments whose published full scale took precompute the least time (from the manifest).
  const cheapest = manifest.files
    .filter((entry) => entry.preset === 'published')
    .sort((a, b) => a.wallTimeMs - b.wallTimeMs)
    .slice(0, 5)
    .map((entry) => entry.experiment);
  it.each(cheapest)('the published full-scale preset of %s reruns within its estimate and is judged against the published full-scale data', async (id) => {
    const { page, watch } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, new URL(`experiments/${id}/`, siteUrl).href);
    await root.locator('button[data-preset=published]').click();
    await expect.poll(() => root.locator('button[data-preset=published]').getAttribute('aria-pressed')).toBe('true');
    expect(await root.locator('.rerun-estimate').textContent()).toMatch(/^Takes about .* on .* computer.*Needs about \d+ MB of memory/);
    await root.locator('select[name=backend]').selectOption('wasm');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const started = Date.now();
    await root.locator('button.rerun-run').click();
    expect(await waitForOutcome(root, 120_000)).toBe('done');
    const elapsedMs = Date.now() - started;
    const estimateHighMs = Number(await root.getAttribute('data-estimate-high-ms'));
    console.info(`${id} full scale: ${(elapsedMs / 1000).toFixed(1)} s in Chromium (wasm); estimate up to ${(estimateHighMs / 1000).toFixed(1)} s`);
    expect(elapsedMs).toBeLessThanOrEqual(estimateHighMs);
    expect(requests.some((p) => p.endsWith(`/data/${id}.json`))).toBe(true);
    expect(await root.getAttribute('data-reproduced')).toBe('true');
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('a pool of workers in the browser', () => {
  // Eight independent nets (two widths, four initialisations): split over the reader's cores.
  const search = 'widths=256,1024&seeds=4&points=32&depth=3&seed=3';

  it('shares an experiment\'s independent runs among one worker per core, with the same result as one worker', async () => {
    const { page, watch } = await watchedPage(context, origin);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(cores).toBeGreaterThanOrEqual(2); // this test needs a computer with two cores
    const root = await openExperimentPanel(page, experimentUrl(search));
    const spawned: string[] = [];
    page.on('worker', (worker) => spawned.push(worker.url()));

    await root.locator('select[name=workers]').selectOption('1');
    expect(await runOn(root, 'wasm')).toBe('done');
    expect(await root.getAttribute('data-workers')).toBeNull();
    const alone = await downloadRunJson(page, root);
    expect(spawned).toHaveLength(1); // the run worker only

    await root.locator('select[name=workers]').selectOption('auto');
    expect(await runOn(root, 'wasm')).toBe('done');
    expect(Number(await root.getAttribute('data-workers'))).toBe(Math.min(cores, 8));
    const pooled = await downloadRunJson(page, root);
    // The run worker and its pool: copies of the same script.
    expect(spawned.length).toBe(2 + Math.min(cores, 8));
    expect(new Set(spawned).size).toBe(1);
    expect(JSON.stringify(pooled.result)).toBe(JSON.stringify(alone.result));
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('a pooled run shows progress and cancels every worker within 200 ms', async () => {
    const { page, watch } = await watchedPage(context, origin);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const workers = Math.min(cores, 16);
    const root = await openExperimentPanel(page, experimentUrl('widths=2048,2048&seeds=8&points=64&depth=3'));
    await root.locator('select[name=backend]').selectOption('wasm');
    await root.locator('input[name=allowLong]').check();
    await root.locator('button.rerun-run').click();
    await expect.poll(() => root.getAttribute('data-workers'), { timeout: 20_000 }).toBe(String(workers));
    await expect.poll(() => root.locator('.rerun-status').textContent(), { timeout: 20_000 }).toMatch(new RegExp(`done on wasm in ${workers} workers`));
    await page.waitForTimeout(1_000);
    expect(await root.getAttribute('data-outcome')).toBeNull();
    expect(page.workers().length).toBe(1 + workers);
    await root.locator('button.rerun-cancel').click();
    expect(await waitForOutcome(root, 5_000)).toBe('cancelled');
    expect(await root.getAttribute('data-cancel')).toBe('acknowledged');
    expect(Number(await root.getAttribute('data-cancel-ms'))).toBeLessThan(200);
    await expect.poll(() => page.workers().length).toBe(0);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
