import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fc from 'fast-check';
import type { Browser, BrowserContext } from 'playwright-core';
import { gotoSettled, launchBrowser, watchedPage } from './browser.ts';
import { downloadRunJson, openExperimentPanel, openFigurePanel, runOn, waitForOutcome } from './rerun-helpers.ts';
import { loadEngine, specs } from '../../src/experiments/registry.ts';
import { figureIdOf, reducedConfig } from '../../src/experiments/runtime/spec.ts';
import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../../src/experiments/runtime/consume.ts';
import { parseParams } from '../../src/experiments/runtime/params.ts';
import { createRng } from '../../src/experiments/runtime/rng.ts';

const siteUrl = inject('siteUrl');
const origin = new URL(siteUrl).origin;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('rerunning the article figures', () => {
  it('every figure has a Rerun control, and no tfjs loads before one is used', async () => {
    const { page, watch } = await watchedPage(context, origin);
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await gotoSettled(page, siteUrl);
    expect(await page.locator('figure.figure [data-rerun-open]:visible').count()).toBe(await page.locator('figure.figure').count());
    expect(scripts.some((s) => /worker|panel|tfjs/.test(s))).toBe(false);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  for (const figure of specs.filter((s) => s.figure).map((s) => ({ id: figureIdOf(s.id) }))) {
    it(`${figure.id}: the reduced run completes on wasm and reproduces the published reduced run`, async () => {
      const { page, watch } = await watchedPage(context, origin);
      await gotoSettled(page, siteUrl);
      const root = await openFigurePanel(page, figure.id);
      const outcome = await runOn(root, 'wasm', 150_000);
      expect(outcome, await root.locator('.rerun-status').innerText()).toBe('done');
      expect(await root.getAttribute('data-backend')).toBe('wasm');
      expect(await root.getAttribute('data-reproduced'), await root.locator('.rerun-summary').innerText()).toBe('true');
      expect(await page.locator(`#${figure.id} [data-figure-panels] svg`).count()).toBeGreaterThan(0);
      expect(watch.consoleErrors).toEqual([]);
      expect(watch.foreignRequests).toEqual([]);
      await page.close();
    });
  }
});

describe('a rerun on an experiment page', () => {
  const id = 'ntk-concentration';

  it('cancels promptly and leaves the page usable', async () => {
    const { page } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/${id}/?widths=64,256,1024,2048&seeds=20`);
    await root.locator('button.rerun-run').click();
    await expect.poll(() => root.locator('progress').evaluate((p: HTMLProgressElement) => p.value), { timeout: 60_000 }).toBeGreaterThan(0);
    const clicked = Date.now();
    await root.locator('button.rerun-cancel').click();
    expect(await waitForOutcome(root, 5_000)).toBe('cancelled');
    expect(Date.now() - clicked).toBeLessThan(2_000);
    expect(await root.locator('button.rerun-run').isEnabled()).toBe(true);
    await page.close();
  });

  it('opens a parameter URL with its values and reproduces the numbers of the Node engine on cpu', async () => {
    const query = 'widths=64,128&seeds=2&seed=7&points=16';
    const { page, watch } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/${id}/?${query}`);
    expect(await root.locator('input[name=widths]').inputValue()).toBe('64,128');
    expect(await root.locator('input[name=seed]').inputValue()).toBe('7');
    expect(await runOn(root, 'cpu')).toBe('done');
    const browserRun = await downloadRunJson(page, root);
    expect(browserRun.backend).toBe('cpu');

    const experiment = await loadEngine(id);
    await selectNodeBackend('cpu');
    const base = reducedConfig(experiment);
    const { config, issues } = parseParams(experiment.schema, new URLSearchParams(query), {}, base);
    expect(issues).toEqual([]);
    expect(browserRun.config).toEqual(JSON.parse(JSON.stringify(config)));
    const nodeResult = await runToEnd(experiment, config);
    expect(experiment.compare(nodeResult, browserRun.result)).toBeLessThanOrEqual(experiment.tolerance.sameBackend);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('downloads the run as JSON and CSV, and the figure as SVG and PNG', async () => {
    const { page } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/${id}/?widths=64&seeds=1&points=8`);
    expect(await runOn(root, 'wasm')).toBe('done');
    const json = await downloadRunJson(page, root);
    expect(json).toMatchObject({ format: 'trajectories/run@1', experiment: id, backend: 'wasm', config: { widths: [64], seeds: 1, points: 8 } });
    expect(json).toHaveProperty('tfjsVersion');
    const save = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), root.getByRole('button', { name }).click()]);
      const chunks: Buffer[] = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
      return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
    };
    const csv = await save('Download CSV');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.bytes.toString('utf8').split('\n').length).toBeGreaterThan(2);
    const svg = await save('Download SVG');
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
    const png = await save('Download PNG');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    await page.close();
  });

  it('asks before a setting estimated far over a minute (measured on this computer first), and runs it when the reader chooses', async () => {
    // A fresh profile: an earlier test's long run may have stored this computer's speed already.
    const freshContext = await browser.newContext();
    const { page } = await watchedPage(freshContext, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/${id}/?widths=4096,8192&seeds=50&points=256`);
    expect(await root.locator('.rerun-estimate').innerText()).toMatch(/^Takes about \d+ (s|min|h) to \d+(\.\d)? (min|h)( in \d workers)? on the reference computer/);
    expect(await runOn(root, 'wasm', 30_000)).toBe('asked');
    expect(await root.locator('.rerun-status').innerText()).toMatch(/takes about \d+ (min|h) to \d+(\.\d)? (min|h)( in \d workers)? on this computer, longer than the 60 s/);
    expect(Number(await root.getAttribute('data-estimate-ms'))).toBeGreaterThan(60_000);
    expect(await root.locator('.rerun-estimate').innerText()).toMatch(/on this computer/); // the probe's measurement is kept
    await expect.poll(() => page.workers().length).toBe(0); // the probe's worker ended; no run started
    const anyway = root.getByRole('button', { name: 'Run it anyway' });
    await expect.poll(() => anyway.evaluate((el) => el === document.activeElement)).toBe(true);
    await anyway.click();
    await expect.poll(() => root.getAttribute('data-state')).toBe('running');
    await root.locator('button.rerun-cancel').click();
    expect(await waitForOutcome(root, 5_000)).toBe('cancelled');
    expect(await root.getAttribute('data-over-budget')).toBeNull(); // chosen: not stopped for its length
    await freshContext.close();
  });

  it('keeps the URL in step with the controls', async () => {
    const { page } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/${id}/`);
    await root.locator('input[name=seed]').fill('42');
    await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('42');
    await root.locator('input[name=depth]').fill('99');
    expect(await root.locator('.field-message').first().innerText()).toMatch(/depth must be an integer from 1 to 8/);
    await page.close();
  });

  it('survives a reload: the finished run is listed under "Your runs" and can be deleted', async () => {
    const { page } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/${id}/?widths=64&seeds=1&points=8`);
    expect(await runOn(root, 'wasm')).toBe('done');
    await page.reload({ waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    await expect.poll(() => root.locator('.rerun-runs li[data-run-id]').count()).toBeGreaterThan(0);
    const before = await root.locator('.rerun-runs li[data-run-id]').count();
    expect(await root.locator('.rerun-runs li[data-run-id] a').first().getAttribute('href')).toMatch(/experiments\/ntk-concentration\/\?/);
    await root.locator('.rerun-runs li[data-run-id]').first().getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => root.locator('.rerun-runs li[data-run-id]').count()).toBe(before - 1);
    await page.close();
  });

  it('falls back with a visible notice when a backend fails to start or loses its context', async () => {
    const { page } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/${id}/?widths=64&seeds=2&points=8&debug-lose-context=1`);
    // WebGPU has no adapter in headless Chromium here; WebGL runs on SwiftShader, then loses its context.
    expect(await runOn(root, 'webgpu')).toBe('done');
    const notices = await root.locator('.rerun-notices').innerText();
    expect(notices).toMatch(/webgpu did not start/);
    expect(await root.getAttribute('data-backend')).toBe('wasm');
    await root.locator('input[name=seed]').fill('3');
    expect(await runOn(root, 'webgl')).toBe('done');
    const after = await root.locator('.rerun-notices').innerText();
    expect(after).toMatch(/webgl (backend failed mid-run|did not start)/i);
    expect(await root.getAttribute('data-backend')).not.toBe('webgl');
    await page.close();
  });

  it('keeps the main thread responsive during a run (no long task over 200 ms)', async () => {
    const { page } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/${id}/`);
    await page.evaluate(() => {
      (window as unknown as { longTasks: number[] }).longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    });
    expect(await runOn(root, 'wasm')).toBe('done');
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    expect(Math.max(0, ...longTasks)).toBeLessThan(200);
    await page.close();
  });
});

describe('MovieLens, from the reader\'s own file', () => {
  /** A file in u.data's format (user, item, rating, timestamp), low-rank plus noise: MovieLens itself may not be shipped. */
  function syntheticUData(seed = 'synthetic-u.data', count = 100_000): string {
    const lines: string[] = [];
    const rng = createRng(seed);
    const random = () => rng.uniform();
    const seen = new Set<number>();
    while (lines.length < count) {
      const user = 1 + Math.floor(random() ** 2 * 943);
      const item = 1 + Math.floor(random() ** 2 * 1682);
      if (seen.has(user * 2000 + item)) continue;
      seen.add(user * 2000 + item);
      const rating = Math.min(5, Math.max(1, Math.round(3 + Math.sin(user) * Math.cos(item) * 2 + (random() - 0.5))));
      lines.push(`${user}\t${item}\t${rating}\t${881250949 + lines.length}`);
    }
    return `${lines.join('\n')}\n`;
  }

  it('refuses a wrong file with a clear message, then runs a valid one in the browser', async () => {
    const { page, watch } = await watchedPage(context, origin);
    await gotoSettled(page, siteUrl);
    const root = page.locator('[data-movielens]');
    const input = root.locator('input[type=file]');
    await root.scrollIntoViewIfNeeded();
    await input.setInputFiles({ name: 'u.item', mimeType: 'text/plain', buffer: Buffer.from('1|Toy Story (1995)|01-Jan-1995||http://x\n') });
    await expect.poll(() => root.getAttribute('data-outcome')).toBe('invalid');
    expect(await root.locator('[data-movielens-status]').innerText()).toMatch(/not MovieLens 100k's u\.data.*u\.item/);
    // Two valid files, the second chosen while the first one's run goes: one run at a time (the first
    // is cancelled), and the results name the second file (issue 13, item 3).
    let live = 0;
    let mostLive = 0;
    page.on('worker', (worker) => {
      mostLive = Math.max(mostLive, ++live);
      worker.on('close', () => live--);
    });
    await input.setInputFiles({ name: 'u-first.data', mimeType: 'text/plain', buffer: Buffer.from(syntheticUData('first-u.data')) });
    await expect.poll(() => mostLive, { timeout: 10_000 }).toBe(1); // its run has started
    await input.setInputFiles({ name: 'u.data', mimeType: 'text/plain', buffer: Buffer.from(syntheticUData()) });
    await expect.poll(() => root.getAttribute('data-outcome'), { timeout: 120_000 }).toBe('done');
    expect(mostLive).toBe(1);
    expect(await root.locator('caption').innerText()).toMatch(/“u\.data”/);
    expect(await root.locator('[data-movielens-status]').innerText()).toMatch(/^“u\.data”: done/);
    expect(await root.locator('tbody tr').count()).toBe(4);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('accepts a part of u.data with a note, and cancels a run on request', async () => {
    const { page, watch } = await watchedPage(context, origin);
    await gotoSettled(page, siteUrl);
    const root = page.locator('[data-movielens]');
    await root.scrollIntoViewIfNeeded();
    let live = 0;
    page.on('worker', (worker) => {
      live++;
      worker.on('close', () => live--);
    });
    await root.locator('input[type=file]').setInputFiles({ name: 'u-part.data', mimeType: 'text/plain', buffer: Buffer.from(syntheticUData('part-u.data', 20_000)) });
    // textContent: this aside may sit in a section the browser skips rendering (content-visibility), where innerText is empty.
    await expect.poll(() => root.locator('[data-movielens-note]').textContent(), { timeout: 20_000 }).toMatch(/20,000 ratings, fewer than the 100,000 .*subset/);
    await expect.poll(() => live, { timeout: 10_000 }).toBe(1); // its run has started
    const cancel = root.getByRole('button', { name: 'Cancel' });
    await cancel.click();
    await expect.poll(() => root.getAttribute('data-outcome'), { timeout: 5_000 }).toBe('cancelled');
    expect(await root.locator('[data-movielens-status]').textContent()).toBe('“u-part.data”: cancelled.');
    await expect.poll(() => live).toBe(0);
    expect(await cancel.isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('file');
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('bad URLs', () => {
  it('never blank the page or log an error; each problem is listed and the defaults stand', async () => {
    const { page, watch } = await watchedPage(context, origin);
    const samples = fc.sample(
      fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom('depth', 'widths', 'seeds', 'seed', 'points', 'sigmaW', 'zzz'), fc.string({ maxLength: 12 })),
          fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('<img src=x onerror=alert(1)>', '1e309', '-1', 'NaN', '9'.repeat(400), '64,,', '"><script>alert(1)</script>')),
        ),
        { minLength: 1, maxLength: 5 },
      ),
      { numRuns: 12, seed: 20261128 },
    );
    for (const pairs of samples) {
      const query = new URLSearchParams(pairs).toString();
      const root = await openExperimentPanel(page, `${siteUrl}experiments/ntk-concentration/?${query}`);
      expect(await page.locator('h1').isVisible()).toBe(true);
      expect(await page.locator('img[src=x], script:not([src]):not([type])').count()).toBe(0);
      const issues = root.locator('.rerun-issues');
      if (await issues.isVisible()) expect(await issues.locator('li').count()).toBeGreaterThan(0);
    }
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
