/**
 * WASM threads against no threads, in headless Chromium (called by scripts/bench.ts).
 *
 * The bench page (scripts/bench/browser-entry.ts) is opened twice: from a plain server, where
 * tfjs-backend-wasm loads its SIMD build, and from a cross-origin-isolated one (COOP same-origin, COEP
 * require-corp: scripts/serve.mjs `isolate`), where SharedArrayBuffer exists and tfjs loads
 * tfjs-backend-wasm-threaded-simd.wasm with a pool of pthread workers (XNNPACK's thread pool). Each page
 * records what it got (crossOriginIsolated, tfjs's flags, threads count, the .wasm fetched) and times, on
 * wasm: a 100x100, a 400x400 and a 512x512 float32 matMul (fresh operands each call), a 3x3 conv2d on
 * [1,64,64,32] with 32 filters, and the NTK backend benchmark (empirical NTK 64x64, widths 512 and
 * 2048, depth 3; src/experiments/ntk/bench-core.ts). tfjs sizes XNNPACK's thread pool at half of
 * navigator.hardwareConcurrency (one thread on 2 cores), so where that leaves fewer threads than logical
 * cores a third, isolated page reports twice the core count to get one thread per core. The pages take
 * turns, `rounds` times per measure, and the best of each is kept: a busy machine slows all alike.
 *
 * tfjs 4.22's wasm matMul (src/cc/batch_mat_mul_impl.cc) runs its XNNPACK operator with a null thread
 * pool, so matMul is not expected to gain from threads; conv2d is run on the backend's thread pool.
 */
import type { Browser, Page } from 'playwright-core';

export interface ThreadsOptions {
  plainUrl: string;
  isolatedUrl: string;
  /** Time budget of one timing loop (ms). */
  budgetMs?: number;
  /** Repetitions inside a page per measure (best kept). */
  repetitions?: number;
  /** Turns of the pages per measure (best kept). */
  rounds?: number;
  /** Leave out the NTK benchmark (seconds per round). */
  skipNtk?: boolean;
  log?: (line: string) => void;
}

export interface ThreadsRow {
  measure: string;
  unit: 'µs' | 'ms';
  /** Time per page (plain: no threads; isolated: the threaded build); lower is better. */
  values: Partial<Record<PageName, number | null>>;
  /** plain / page, per isolated page: above 1, threads are faster. */
  speedup: Partial<Record<PageName, number | null>>;
  /** GFLOP/s per page (kernels only). */
  gflops?: Partial<Record<PageName, number | null>>;
}

type Bench = {
  wasmThreads: () => Promise<Record<string, unknown>>;
  matMul: (backend: string, n: number, options: object) => Promise<Record<string, unknown>>;
  conv2d: (backend: string, options: object) => Promise<Record<string, unknown>>;
  ntk: (backend: string) => Promise<Record<string, unknown>>;
};
declare const window: { trajectoriesBench: Bench };

/** A page of the threads comparison: which server, and what navigator.hardwareConcurrency says. */
interface PageSpec {
  name: PageName;
  url: string;
  /** Reported to the page instead of the real value (null: the real value). */
  hardwareConcurrency: number | null;
}
export type PageName = 'plain' | 'isolated' | 'isolatedAllCores';

async function open(browser: Browser, spec: PageSpec, errors: string[]): Promise<Page> {
  const context = await browser.newContext();
  if (spec.hardwareConcurrency !== null) {
    await context.addInitScript(`Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => ${spec.hardwareConcurrency}, configurable: true });`);
  }
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${spec.name}: ${e.message}`));
  await page.goto(spec.url);
  await page.waitForFunction(() => 'trajectoriesBench' in window, null, { timeout: 60_000 });
  return page;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? Number((a / b).toFixed(2)) : null);

export async function benchWasmThreads(browser: Browser, options: ThreadsOptions): Promise<object> {
  const { budgetMs = 400, repetitions = 3, rounds = 2, skipNtk = false, log = () => {} } = options;
  const errors: string[] = [];
  const pages = new Map<PageName, Page>();
  const info: Partial<Record<PageName, Record<string, unknown>>> = {};
  const add = async (spec: PageSpec) => {
    const page = await open(browser, spec, errors);
    pages.set(spec.name, page);
    const got = await page.evaluate(() => window.trajectoriesBench.wasmThreads());
    // The threaded build starts its pthread pool (8 workers) when the module loads: the page's workers.
    info[spec.name] = { ...got, reportedHardwareConcurrency: spec.hardwareConcurrency, workers: page.workers().length };
    log(`▶ Chromium wasm, ${spec.name} page: ${JSON.stringify(info[spec.name])}`);
  };
  await add({ name: 'plain', url: options.plainUrl, hardwareConcurrency: null });
  await add({ name: 'isolated', url: options.isolatedUrl, hardwareConcurrency: null });
  // tfjs 4.22 (src/cc/backend.cc) sizes XNNPACK's pool at hardwareConcurrency / 2, at most 8, whatever
  // setThreadsCount asks: one thread on a 2-core machine. A third page reports twice the real count, so
  // that the pool has one thread per logical core (still at most 8).
  const cores = num(info.plain?.hardwareConcurrency) ?? 1;
  if (num(info.isolated?.threadsCount) !== Math.min(cores, 8)) {
    await add({ name: 'isolatedAllCores', url: options.isolatedUrl, hardwareConcurrency: 2 * cores });
  }
  const names = [...pages.keys()];
  const kernel = { budgetMs, repetitions };
  type Measure = { key: string; run: (page: Page) => Promise<Record<string, unknown>> };
  const measures: Measure[] = [
    ...[100, 400, 512].map((n) => ({ key: `matMul ${n}x${n}`, run: (p: Page) => p.evaluate(([n, o]) => window.trajectoriesBench.matMul('wasm', n as number, o as object), [n, kernel] as const) })),
    { key: 'conv2d', run: (p: Page) => p.evaluate((o) => window.trajectoriesBench.conv2d('wasm', o), kernel) },
    ...(skipNtk ? [] : [{ key: 'ntk', run: (p: Page) => p.evaluate(() => window.trajectoriesBench.ntk('wasm')) }]),
  ];
  /** Best (lowest) time per page and key, and the raw results. */
  const best = new Map<PageName, Record<string, Record<string, unknown>>>(names.map((n) => [n, {}]));
  const raw: Record<string, unknown>[] = [];
  /** The better of two results: the lower `us` for a kernel; for the NTK, the lower of each time. */
  const better = (a: Record<string, unknown> | undefined, b: Record<string, unknown>, perKey: boolean) => {
    if (!a) return b;
    if (!perKey) return (num(b.us) ?? Infinity) < (num(a.us) ?? Infinity) ? b : a;
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) if (typeof v === 'number' && !(num(a[k]) !== null && (a[k] as number) <= v)) out[k] = v;
    return out;
  };
  for (const measure of measures) {
    for (let round = 0; round < rounds; round++) {
      for (const name of names) {
        const result = await measure.run(pages.get(name)!).catch((e: Error) => ({ error: e.message }));
        raw.push({ page: name, round, measure: measure.key, ...result });
        log(`▶ Chromium wasm ${name}: ${measure.key} round ${round + 1}: ${JSON.stringify(result)}`);
        if (result.error === undefined) best.get(name)![measure.key] = better(best.get(name)![measure.key], result, measure.key === 'ntk');
      }
    }
  }
  const rows: ThreadsRow[] = [];
  const row = (measure: string, unit: ThreadsRow['unit'], value: (r: Record<string, unknown> | undefined) => number | null, gflops: boolean) => {
    const plain = value(best.get('plain')?.[measure.startsWith('ntk:') ? 'ntk' : measure]);
    const out: ThreadsRow = { measure: measure.replace(/^ntk: /, '').replace(/ \(ms\)$/, ''), unit, values: {}, speedup: {} };
    const rates: NonNullable<ThreadsRow['gflops']> = {};
    for (const name of names) {
      const result = best.get(name)?.[measure.startsWith('ntk:') ? 'ntk' : measure];
      const v = value(result);
      out.values[name] = v;
      if (name !== 'plain') out.speedup[name] = ratio(plain, v);
      rates[name] = num(result?.gflops);
    }
    rows.push(gflops ? { ...out, gflops: rates } : out);
  };
  for (const measure of measures) {
    if (measure.key !== 'ntk') {
      row(measure.key, 'µs', (r) => num(r?.us), true);
      continue;
    }
    const keys = [...new Set(names.flatMap((n) => Object.keys(best.get(n)?.ntk ?? {})))].filter((k) => k.endsWith('(ms)'));
    for (const k of keys) row(`ntk: ${k}`, 'ms', (r) => num(r?.[k]), false);
  }
  for (const page of pages.values()) await page.context().close();
  return { measuredAt: new Date().toISOString(), budgetMs, repetitions, rounds, pages: info, rows, raw, errors };
}
