/**
 * Full-scale reruns in headless Chromium (scripts/bench.ts --full-scale): for each experiment page, the
 * published full-scale preset run through the page's own rerun panel (its run worker and, for an
 * experiment made of independent runs, its pool of workers, "workers: auto"), timed from pressing Run to
 * the finished figure, with the number of workers the panel used.
 *
 * An experiment is skipped, with its estimate, when the panel's estimate of its run (the point estimate,
 * src/experiments/runtime/estimate.ts) is over `capS`: first from the reference times on the page and
 * this browser's stored probe of its speed, without starting anything; then, once Run is pressed, from
 * the estimate the panel itself settles on (after probing this computer when its range reaches past the
 * budget), in which case the run is cancelled at once. The published preset needs no confirmation: the
 * panel runs it whatever its estimate. Experiments run from the shortest precompute time up, in one
 * browser context, so the probe the panel runs once is kept for the rest.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { START_MS } from '../../src/experiments/runtime/estimate.ts';

export interface FullScaleOptions {
  /** The built site's root URL (ending in "/"). */
  siteUrl: string;
  /** Skip experiments estimated over this many seconds. */
  capS: number;
  manifestPath: string;
  backend?: string;
  /** Only these experiments (default: every experiment with a full-scale file in the manifest). */
  only?: string[];
  log?: (line: string) => void;
}

export interface FullScaleRow {
  experiment: string;
  outcome: string;
  /** Precompute's wall time of the full-scale file (Node, from the manifest). */
  precomputeS: number | null;
  /** The panel's point and high estimates (s), and whether they are scaled by a probe of this computer. */
  estimateS: number | null;
  estimateHighS?: number | null;
  estimateFrom: 'reference computer' | 'this computer' | 'none';
  /** From pressing Run to the finished figure (s); the probe, if the panel ran one, included. */
  seconds?: number;
  /** From the run's start (after any probe) to the finished figure (s). */
  runSeconds?: number;
  workers?: number;
  ranOn?: string;
  reproduced?: string | null;
  status?: string;
}

/** Where the panel keeps this computer's probe rates (src/client/rerun/speed.ts, KEY). */
const PROBE_KEY = 'trajectories:probe:v1';

const s = (ms: number) => Number((ms / 1000).toFixed(1));

async function mountedPanel(page: Page, url: string): Promise<Locator> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  const root = page.locator('[data-rerun]').first();
  await root.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-rerun]')?.getAttribute('data-mounted') === 'ready', null, { timeout: 60_000 });
  return root;
}

export async function benchFullScale(browser: Browser, options: FullScaleOptions): Promise<{ measuredAt: string; capS: number; backend: string; rows: FullScaleRow[] }> {
  const { siteUrl, capS, backend = 'wasm', log = () => {} } = options;
  const root = path.resolve(import.meta.dirname, '../..');
  const referenceRate = (JSON.parse(readFileSync(path.join(root, 'src/experiments/runtime/probe-reference.json'), 'utf8')) as { rate: number }).rate;
  const manifest = JSON.parse(readFileSync(options.manifestPath, 'utf8')) as { files: { experiment: string; preset: string; wallTimeMs?: number }[] };
  const published = manifest.files
    .filter((f) => f.preset === 'published' && (!options.only || options.only.includes(f.experiment)))
    .sort((a, b) => (a.wallTimeMs ?? 0) - (b.wallTimeMs ?? 0));
  const context = await browser.newContext();
  const rows: FullScaleRow[] = [];
  for (const file of published) {
    const id = file.experiment;
    const row: FullScaleRow = { experiment: id, outcome: 'error', precomputeS: typeof file.wallTimeMs === 'number' ? s(file.wallTimeMs) : null, estimateS: null, estimateFrom: 'none' };
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      const panel = await mountedPanel(page, new URL(`experiments/${id}/`, siteUrl).href);
      await panel.locator('button[data-preset=published]').click();
      await page.waitForFunction(() => document.querySelector('[data-rerun] button[data-preset=published]')?.getAttribute('aria-pressed') === 'true', null, { timeout: 10_000 });
      await panel.locator('select[name=backend]').selectOption(backend);
      // The estimate before anything starts: as the panel computes it (estimateTime with the published
      // config's work, which returns the published time), from the page's reference times and the probe.
      const before = await page.evaluate(([key, b]) => {
        const island = JSON.parse(document.querySelector('[data-rerun] [data-rerun-meta]')?.textContent ?? 'null') as { referenceTimes?: { published?: { ms?: number } } } | null;
        let rate: unknown = null;
        try {
          rate = (JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>)[b];
        } catch {
          rate = null;
        }
        return { publishedMs: island?.referenceTimes?.published?.ms ?? null, rate: typeof rate === 'number' && rate > 0 ? rate : null };
      }, [PROBE_KEY, backend] as const);
      if (before.publishedMs !== null) {
        const slowdown = before.rate !== null ? referenceRate / before.rate : 1;
        row.estimateS = s(START_MS + before.publishedMs * slowdown);
        row.estimateFrom = before.rate !== null ? 'this computer' : 'reference computer';
      }
      if (row.estimateS !== null && row.estimateS > capS) {
        row.outcome = 'skipped';
        log(`▶ full scale ${id}: skipped, estimate ${row.estimateS} s (${row.estimateFrom}) over ${capS} s`);
        rows.push(row);
        await page.close();
        continue;
      }
      const started = Date.now();
      await panel.locator('button.rerun-run').click();
      // Running, or already finished (or refused); a probe of this computer may come first.
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-rerun]');
        return el?.getAttribute('data-state') === 'running' || !!el?.getAttribute('data-outcome');
      }, null, { timeout: 60_000, polling: 50 });
      const runStarted = Date.now();
      const estimateMs = Number(await panel.getAttribute('data-estimate-ms'));
      const estimateHighMs = Number(await panel.getAttribute('data-estimate-high-ms'));
      if (estimateMs > 0) {
        row.estimateS = s(estimateMs);
        row.estimateHighS = s(estimateHighMs);
        const rate = await page.evaluate(([key, b]) => {
          try {
            return (JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>)[b] ?? null;
          } catch {
            return null;
          }
        }, [PROBE_KEY, backend] as const);
        row.estimateFrom = typeof rate === 'number' ? 'this computer' : 'reference computer';
      }
      if (row.estimateS !== null && row.estimateS > capS) {
        if (!(await panel.getAttribute('data-outcome'))) {
          await panel.locator('button.rerun-cancel').click();
          await page.waitForFunction(() => !!document.querySelector('[data-rerun]')?.getAttribute('data-outcome'), null, { timeout: 10_000 }).catch(() => {});
        }
        row.outcome = 'skipped';
        log(`▶ full scale ${id}: skipped, estimate ${row.estimateS} s (${row.estimateFrom}) over ${capS} s`);
      } else {
        const limitMs = Math.max(capS, row.estimateHighS ?? 0) * 3_000 + 60_000;
        const finished = await page
          .waitForFunction(() => !!document.querySelector('[data-rerun]')?.getAttribute('data-outcome'), null, { timeout: limitMs, polling: 100 })
          .then(() => true, () => false);
        const ended = Date.now();
        if (!finished) {
          await panel.locator('button.rerun-cancel').click().catch(() => {});
          row.outcome = `timeout after ${s(limitMs)} s`;
        } else {
          row.outcome = (await panel.getAttribute('data-outcome')) ?? 'unknown';
        }
        row.seconds = s(ended - started);
        row.runSeconds = s(ended - runStarted);
        const workers = await panel.getAttribute('data-workers');
        row.workers = workers ? Number(workers) : 1;
        row.ranOn = (await panel.getAttribute('data-backend')) ?? undefined;
        row.reproduced = await panel.getAttribute('data-reproduced');
        row.status = ((await panel.locator('.rerun-status').textContent()) ?? '').trim();
        log(`▶ full scale ${id}: ${row.outcome} in ${row.seconds} s on ${row.ranOn} (${row.workers} worker${row.workers === 1 ? '' : 's'}), estimate ${row.estimateS} s`);
      }
    } catch (error) {
      row.outcome = `error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      log(`▶ full scale ${id}: ${row.outcome}`);
    }
    if (errors.length) row.status = `${row.status ? `${row.status} ` : ''}(page errors: ${errors.join('; ')})`;
    rows.push(row);
    await page.close();
  }
  await context.close();
  return { measuredAt: new Date().toISOString(), capS, backend, rows };
}
