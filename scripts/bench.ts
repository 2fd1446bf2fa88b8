/**
 * `npm run bench`: the benchmark suite (never part of `npm test`). Measures, on this machine:
 *  - in Node: the experiment engineers' benchmarks (scripts/bench/matrix-completion.ts, scripts/bench/ntk.ts);
 *  - in headless Chromium: depth-2/3/4 matrix factorisation steps per second at 100x100 on each tfjs
 *    backend that starts (wasm, cpu, webgl through SwiftShader), the plain-JS Float64Array reference,
 *    the NTK kernel and backend benchmarks, and each article figure's rerun time per backend;
 *  - the article's and an experiment page's first-load weight (gzip) and the offline precache size;
 *  - WASM threads against no threads: the bench page plain and cross-origin isolated (scripts/bench/threads.ts);
 *  - practical ceilings: a 512x512 float32 matMul per backend, and numpy on one thread for the same
 *    matMul and a depth-3 factorisation step (scripts/bench/ceilings.ts, scripts/bench/numpy-step.py);
 *  - the whole precompute wall time, from content/data/manifest.json (scripts/bench/precompute-time.ts);
 *  - with --full-scale: each experiment's published full-scale preset through its page's rerun panel
 *    (scripts/bench/full-scale.ts), skipping those estimated over --full-scale-max-s (default 300) seconds;
 *    without it, the last saved full-scale figures are kept.
 * Writes bench/results.json and BENCHMARKS.md. Options: --no-build (reuse $DIST_DIR), --skip-node,
 * --skip-reruns, --skip-threads, --full-scale, --full-scale-max-s N, --markdown-only (rewrite
 * BENCHMARKS.md from the saved results and bench/lighthouse.json).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath, CHROMIUM_ARGS } from './chromium.mjs';
import { serveStatic } from './serve.mjs';
import { benchFullScale } from './bench/full-scale.ts';
import { precomputeWallTime } from './bench/precompute-time.ts';
import { ceilingsMarkdown, fullScaleMarkdown, precomputeMarkdown, threadsMarkdown } from './bench/sections-md.ts';
import { benchWasmThreads } from './bench/threads.ts';

const root = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const args = new Set(argv);
/** The value of `--name value` or `--name=value`. */
function option(name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice(name.length + 1) : argv[i + 1];
}
const manifestPath = path.join(root, 'content/data/manifest.json');
const resultsPath = path.join(root, 'bench/results.json');
if (args.has('--markdown-only')) {
  // Rewrites BENCHMARKS.md from bench/results.json and the latest bench/lighthouse.json. Results saved
  // before the precompute section existed get it from the manifest as it is now.
  const saved = JSON.parse(readFileSync(resultsPath, 'utf8'));
  saved.precomputeTime ??= precomputeWallTime(manifestPath);
  const lh = existsSync(path.join(root, 'bench/lighthouse.json')) ? JSON.parse(readFileSync(path.join(root, 'bench/lighthouse.json'), 'utf8')) : null;
  writeFileSync(path.join(root, 'BENCHMARKS.md'), markdown(saved, lh));
  console.log('wrote BENCHMARKS.md');
  process.exit(0);
}
const dist = process.env.DIST_DIR ?? 'dist';
const distDir = path.join(root, dist);
const log = (line: string) => console.log(line);
const notes: string[] = [];

function git(...a: string[]): string {
  const r = spawnSync('git', a, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  chromium: '',
  loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  commit: git('rev-parse', '--short', 'HEAD'),
};

// --- Node ------------------------------------------------------------------------------------
async function nodeBench(file: string, name: string): Promise<unknown> {
  const full = path.join(root, 'scripts/bench', file);
  if (!existsSync(full)) {
    notes.push(`Node: scripts/bench/${file} is missing; ${name}() skipped.`);
    return null;
  }
  const started = Date.now();
  try {
    const module = (await import(full)) as Record<string, () => Promise<unknown>>;
    if (typeof module[name] !== 'function') {
      notes.push(`Node: scripts/bench/${file} has no ${name}(); skipped.`);
      return null;
    }
    log(`▶ Node: ${name}()`);
    const result = await module[name]!();
    log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    notes.push(`Node: ${name}() failed: ${error instanceof Error ? error.message : String(error)}`);
    return { error: String(error) };
  }
}

const node = args.has('--skip-node')
  ? null
  : {
      matrixCompletion: await nodeBench('matrix-completion.ts', 'benchMatrixCompletion'),
      ntk: await nodeBench('ntk.ts', 'benchNtk'),
      pool: await nodeBench('pool.ts', 'benchPool'),
      ceilings: await nodeBench('ceilings.ts', 'benchCeilings'),
    };
// numpy's reference (python3, one BLAS thread), not Node's: measured whatever --skip-node says.
const numpy = await nodeBench('ceilings.ts', 'benchNumpy');

// --- The site build --------------------------------------------------------------------------
if (!args.has('--no-build') || !existsSync(path.join(distDir, 'index.html'))) {
  log(`▶ astro build --outDir ${dist}`);
  const r = spawnSync('npx', ['astro', 'build', '--outDir', dist], { cwd: root, stdio: 'inherit', env: { ...process.env, BASE: '/' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// --- The browser bench page ------------------------------------------------------------------
const pageDir = path.join(root, 'bench/out/browser');
mkdirSync(pageDir, { recursive: true });
await build({
  entryPoints: [path.join(root, 'scripts/bench/browser-entry.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  outfile: path.join(pageDir, 'bench.js'),
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const wasmDir = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out');
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(path.join(wasmDir, f), path.join(pageDir, f));
writeFileSync(path.join(pageDir, 'index.html'), '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><script type="module" src="./bench.js"></script></html>\n');

const benchServer = await serveStatic({ dir: pageDir, asProduction: true });
// The same page cross-origin isolated: tfjs-backend-wasm loads its threaded SIMD build there.
const isolatedBenchServer = await serveStatic({ dir: pageDir, asProduction: true, isolate: true });
const siteServer = await serveStatic({ dir: distDir, asProduction: true });
const browser: Browser = await chromium.launch({
  executablePath: chromiumPath(),
  // SwiftShader gives headless Chromium a (software) WebGL.
  args: [...CHROMIUM_ARGS, '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'],
});
machine.chromium = browser.version();

type Bench = { matrixFactorization: (b: string, d: number, r?: number, budget?: number, mode?: string) => Promise<object>; plainJs: (d: number) => object; ntkKernels: () => Promise<object>; ntk: (b: string) => Promise<object>; tfjsVersion: string };
const browserResults: Record<string, unknown> = {};
{
  const page = await browser.newPage();
  page.on('pageerror', (e) => notes.push(`bench page error: ${e.message}`));
  await page.goto(benchServer.url);
  await page.waitForFunction(() => 'trajectoriesBench' in window, null, { timeout: 60_000 });
  browserResults.tfjs = await page.evaluate(() => (window as unknown as { trajectoriesBench: Bench }).trajectoriesBench.tfjsVersion);
  const mf: object[] = [];
  for (const [backend, mode] of [['wasm', 'fused'], ['wasm', 'stacked'], ['cpu', 'stacked'], ['webgl', 'stacked']] as const) {
    for (const depth of [2, 3, 4]) {
      log(`▶ Chromium: matrix factorisation depth ${depth} on ${backend} (${mode})`);
      const r = await page.evaluate(([b, d, m]) => (window as unknown as { trajectoriesBench: Bench }).trajectoriesBench.matrixFactorization(b as string, d as number, 1, 1500, m as string), [backend, depth, mode] as const).catch((e: Error) => ({ backend, depth, error: e.message }));
      log(`  ${JSON.stringify(r)}`);
      mf.push(r);
      if ('error' in r) break;
    }
  }
  for (const depth of [2, 3, 4]) mf.push(await page.evaluate((d) => (window as unknown as { trajectoriesBench: Bench }).trajectoriesBench.plainJs(d), depth));
  browserResults.matrixFactorization = mf;
  log('▶ Chromium: NTK kernels');
  browserResults.ntkKernels = await page.evaluate(() => (window as unknown as { trajectoriesBench: Bench }).trajectoriesBench.ntkKernels()).catch((e: Error) => ({ error: e.message }));
  const ntk: object[] = [];
  for (const backend of ['wasm', 'cpu']) {
    log(`▶ Chromium: NTK on ${backend}`);
    ntk.push(await page.evaluate((b) => (window as unknown as { trajectoriesBench: Bench }).trajectoriesBench.ntk(b), backend).catch((e: Error) => ({ backend, error: e.message })));
  }
  browserResults.ntk = ntk;
  await page.close();
}

// --- WASM threads against no threads (the bench page, plain and cross-origin isolated) ---------
let threads: object | null = null;
if (!args.has('--skip-threads')) {
  threads = await benchWasmThreads(browser, { plainUrl: benchServer.url, isolatedUrl: isolatedBenchServer.url, log }).catch((error: Error) => {
    notes.push(`WASM threads benchmark failed: ${error.message.split('\n')[0]}`);
    return { error: error.message };
  });
}

// --- Each article figure's rerun time, per backend (the site's own rerun panel) ----------------
/** One figure's rerun through the panel, on one backend. */
interface RerunRow {
  figure: string;
  backend: string;
  seconds: number | null;
  outcome: string;
  ranOn?: string;
}
const reruns: RerunRow[] = [];
if (!args.has('--skip-reruns')) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(siteServer.url, { waitUntil: 'networkidle' });
  const figures = await page.$$eval('figure.figure:has([data-rerun])', (f) => f.map((x) => x.id));
  await page.close();
  for (const backend of ['wasm', 'cpu', 'webgl']) {
    for (const figure of figures) {
      const p = await context.newPage();
      await p.goto(siteServer.url, { waitUntil: 'networkidle' });
      const rootLocator = p.locator(`#${figure} [data-rerun]`);
      let outcome = 'error';
      let seconds: number | null = null;
      let ranOn: string | undefined;
      try {
        await rootLocator.locator('[data-rerun-open]').click();
        await p.waitForFunction((id) => document.querySelector(`#${id} [data-rerun]`)?.getAttribute('data-mounted') === 'ready', figure, { timeout: 60_000 });
        await rootLocator.locator('select[name=backend]').selectOption(backend);
        const started = Date.now();
        await rootLocator.locator('button.rerun-run').click();
        await p.waitForFunction((id) => !!document.querySelector(`#${id} [data-rerun]`)?.getAttribute('data-outcome'), figure, { timeout: 180_000, polling: 100 });
        seconds = Number(((Date.now() - started) / 1000).toFixed(2));
        outcome = (await rootLocator.getAttribute('data-outcome')) ?? 'unknown';
        ranOn = (await rootLocator.getAttribute('data-backend')) ?? undefined;
      } catch (error) {
        outcome = `error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      }
      log(`▶ rerun ${figure} on ${backend}: ${outcome} in ${seconds} s${ranOn && ranOn !== backend ? ` (ran on ${ranOn})` : ''}`);
      reruns.push({ figure, backend, seconds, outcome, ...(ranOn ? { ranOn } : {}) });
      await p.close();
    }
  }
  await context.close();
}

// --- Full-scale reruns through each experiment page's panel (opt-in: --full-scale) -------------
const previous = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as { fullScale?: unknown }) : null;
let fullScale: unknown = previous?.fullScale ?? null;
if (args.has('--full-scale')) {
  const capS = Number(option('--full-scale-max-s') ?? 300);
  if (!(capS > 0)) throw new Error(`--full-scale-max-s must be a positive number of seconds (got ${option('--full-scale-max-s')})`);
  log(`▶ Chromium: full-scale reruns (skipping estimates over ${capS} s)`);
  fullScale = await benchFullScale(browser, { siteUrl: siteServer.url, capS, manifestPath, log }).catch((error: Error) => {
    notes.push(`Full-scale reruns failed: ${error.message.split('\n')[0]}; the last saved figures are kept.`);
    return previous?.fullScale ?? null;
  });
}

// --- Page weight and precache ---------------------------------------------------------------
async function firstLoad(rel: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes: Promise<[string, number, number]>[] = [];
  page.on('response', (r) => {
    const type = r.request().resourceType();
    sizes.push(r.body().then((b) => [type, b.length, type === 'font' ? b.length : gzipSync(b, { level: 9 }).length] as [string, number, number], () => [type, 0, 0] as [string, number, number]));
  });
  await page.goto(`${siteServer.url}${rel}`, { waitUntil: 'networkidle' });
  await page.waitForTimeout(500);
  const all = await Promise.all(sizes);
  await context.close();
  const byType: Record<string, { requests: number; bytes: number; gzipBytes: number }> = {};
  for (const [type, bytes, gz] of all) {
    const t = (byType[type] ??= { requests: 0, bytes: 0, gzipBytes: 0 });
    t.requests++;
    t.bytes += bytes;
    t.gzipBytes += gz;
  }
  return { page: `/${rel}`, requests: all.length, gzipBytes: all.reduce((s, x) => s + x[2], 0), byType };
}
const weight = [await firstLoad(''), await firstLoad('experiments/mc-depth2-vs-nuclear/')];
const precachePath = path.join(distDir, 'precache-report.json');
const precache = existsSync(precachePath) ? JSON.parse(readFileSync(precachePath, 'utf8')) : null;
if (!precache) notes.push(`${dist}/precache-report.json not found: no precache figures.`);

await browser.close();
await benchServer.close();
await isolatedBenchServer.close();
await siteServer.close();

const lighthousePath = path.join(root, 'bench/lighthouse.json');
const lighthouse = existsSync(lighthousePath) ? JSON.parse(readFileSync(lighthousePath, 'utf8')) : null;

const precomputeTime = precomputeWallTime(manifestPath);
const results = { generatedAt: new Date().toISOString(), machine, node, browser: browserResults, reruns, weight, precache, threads, numpy, precomputeTime, fullScale, notes };
mkdirSync(path.join(root, 'bench'), { recursive: true });
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(root, 'BENCHMARKS.md'), markdown(results, lighthouse));
log('wrote bench/results.json and BENCHMARKS.md');

// --- BENCHMARKS.md ---------------------------------------------------------------------------
function markdown(r: any, lh: any): string {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  const fmt = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en') : v === undefined || v === null ? '—' : String(v));
  // Steps per second: results saved before the bench refused unresolved timings clamped the difference to
  // 1 µs, giving millions of steps per second; such a figure, like a null, is "not resolved".
  const rate = (v: unknown) => (v === null || (typeof v === 'number' && v > 1e6) ? 'not resolved' : fmt(v));
  const out: string[] = [];
  out.push('# Benchmarks', '', `Written by \`npm run bench\` (scripts/bench.ts) on ${r.generatedAt.slice(0, 10)}, commit \`${r.machine.commit}\`. Raw figures: [bench/results.json](bench/results.json). Benchmarks are never part of \`npm test\`.`, '');
  out.push('## Machine', '', '| | |', '|---|---|');
  out.push(`| CPU | ${r.machine.cpu} |`, `| Cores | ${r.machine.cores} |`, `| Memory | ${r.machine.memoryGiB} GiB |`, `| OS | ${r.machine.os} |`, `| Node | ${r.machine.node} |`, `| Chromium | ${r.machine.chromium} (headless) |`, `| tfjs | ${fmt(r.browser.tfjs)} |`, `| Load average at start | ${r.machine.loadAverageAtStart.join(', ')} |`, '');
  out.push('## Matrix factorisation at 100x100: gradient steps per second', '', 'One step of one run (2,000 observed entries, rank-5 truth), headless Chromium. "wasm (fused kernel)" is the engine\'s default on wasm for gradient descent (src/experiments/matrix-completion/fused-descent.ts: one WebAssembly call per chunk of steps, the same bits as the tfjs path); "wasm" is the same step through tfjs ops. Plain JS is the Float64Array reference step (src/experiments/matrix-completion/reference.ts).', '');
  out.push('| Backend | Depth 2 | Depth 3 | Depth 4 | Notes |', '|---|---:|---:|---:|---|');
  const mf = (r.browser.matrixFactorization ?? []) as { backend: string; depth: number; stepsPerSecond?: number; error?: string; info?: string }[];
  for (const backend of [...new Set(mf.map((m) => m.backend))]) {
    const row = (d: number) => { const m = mf.find((x) => x.backend === backend && x.depth === d); return m?.error ? 'failed' : rate(m?.stepsPerSecond); };
    const m = mf.find((x) => x.backend === backend);
    out.push(`| ${backend} | ${row(2)} | ${row(3)} | ${row(4)} | ${m?.error ?? m?.info ?? ''} |`);
  }
  const nodeMc = (r.node as any)?.matrixCompletion;
  const nodeRows = nodeMc?.tfjsBackends ?? nodeMc?.results;
  if (nodeRows) {
    out.push('', 'In Node (scripts/bench/matrix-completion.ts: 4 runs advanced together as one stacked batch, one after the other with tfjs ops (loop), or one after the other in the fused kernel (fused, the default on wasm)):', '', '| Backend | Depth | Mode | Steps/s |', '|---|---:|---|---:|');
    for (const x of nodeRows) out.push(`| ${x.backend} | ${x.depth} | ${x.mode} | ${rate(x.stepsPerSecond)} |`);
    for (const x of nodeMc.plainJsFloat64 ?? nodeMc.plainJs ?? []) out.push(`| plain JS (Float64Array) | ${x.depth} | one run | ${fmt(x.stepsPerSecond)} |`);
    const nodeStep = (mode: string) => nodeRows.find((x: { backend: string; depth: number; mode: string }) => x.backend === 'wasm' && x.depth === 3 && x.mode === mode)?.stepsPerSecond as number | undefined;
    const chromeStep = (backend: string) => mf.find((x) => x.backend === backend && x.depth === 3)?.stepsPerSecond;
    const gain = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
    out.push('', `Depth-3 step on wasm, fused kernel against the same step through tfjs ops, measured in this run: ${gain(nodeStep('fused'), nodeStep('loop'))} in Node (${fmt(nodeStep('fused'))} against ${fmt(nodeStep('loop'))} steps/s), ${gain(chromeStep('wasm (fused kernel)'), chromeStep('wasm'))} in Chromium (${fmt(chromeStep('wasm (fused kernel)'))} against ${fmt(chromeStep('wasm'))}). Against the figures of 2026-11-28 in this file (Node 1,414, Chromium 1,308 steps/s, tfjs ops, then the default): ${gain(nodeStep('fused'), 1414)} and ${gain(chromeStep('wasm (fused kernel)'), 1308)}.`);
    if (nodeMc.kernelMatmulGflops) out.push('', `The fused kernel's own matmul (one instance, best of three): ${nodeMc.kernelMatmulGflops.map((x: { n: number; gflops: number }) => `${fmt(x.gflops)} GFLOP/s at ${x.n}x${x.n}`).join(', ')}.`);
  }
  out.push('', '## NTK', '', 'Kernel entries per second and solve times (src/experiments/ntk/bench-core.ts), in headless Chromium and in Node.', '');
  const kernelsB = (r.browser.ntkKernels ?? {}) as Record<string, unknown>;
  const kernelsN = ((r.node as any)?.ntk?.kernels ?? {}) as Record<string, unknown>;
  out.push('| Measure | Chromium | Node |', '|---|---:|---:|');
  for (const key of [...new Set([...Object.keys(kernelsB), ...Object.keys(kernelsN)])]) out.push(`| ${key} | ${fmt(kernelsB[key])} | ${fmt(kernelsN[key])} |`);
  const ntkB = (r.browser.ntk ?? []) as Record<string, unknown>[];
  const ntkN = ((r.node as any)?.ntk?.backends ?? {}) as Record<string, Record<string, unknown>>;
  const keys = [...new Set([...ntkB.flatMap((x) => Object.keys(x)), ...Object.values(ntkN).flatMap((x) => Object.keys(x ?? {}))])].filter((k) => k !== 'backend');
  if (keys.length) {
    out.push('', '| Measure | ' + ntkB.map((x) => `Chromium ${x.backend}`).concat(Object.keys(ntkN).map((k) => `Node ${k}`)).join(' | ') + ' |', '|---|' + '---:|'.repeat(ntkB.length + Object.keys(ntkN).length));
    for (const k of keys) out.push(`| ${k} | ` + ntkB.map((x) => fmt(x[k])).concat(Object.values(ntkN).map((x) => fmt(x?.[k]))).join(' | ') + ' |');
  }
  const pool = (r.node as any)?.pool;
  if (pool?.rows) {
    out.push(
      '',
      '## Worker pool (Node)',
      '',
      `${pool.experiment}, published config (${pool.runs} independent runs), wasm, measured ${String(pool.measuredAt).slice(0, 10)} on ${pool.cores} cores ` +
        `(load average ${pool.loadAverageAtStart.join(', ')} at its start): wall time including worker start-up (scripts/bench/pool.ts).`,
      '',
      '| Mode | Workers | Seconds | Runs/s | Same bytes as in process |',
      '|---|---:|---:|---:|---|',
    );
    for (const x of pool.rows) out.push(`| ${x.mode} | ${x.workers || '—'} | ${fmt(x.seconds)} | ${fmt(x.runsPerSecond)} | ${x.identical ? 'yes' : 'NO'} |`);
  }
  out.push(...threadsMarkdown(r), ...ceilingsMarkdown(r));
  out.push('', '## GPU backends', '', 'No GPU machine was available: WebGL and WebGPU speed on a real GPU is unmeasured. The webgl column above is SwiftShader (CPU emulation of a GPU) and says nothing about a GPU.');
  if (r.reruns.length) {
    out.push('', '## Rerun time of each article figure', '', 'Seconds from pressing Run to the finished figure, through the rerun panel (its module worker), with the reduced browser preset.', '');
    const backends = [...new Set(r.reruns.map((x: RerunRow) => x.backend))];
    out.push(`| Figure | ${backends.join(' | ')} |`, `|---|${'---:|'.repeat(backends.length)}`);
    for (const figure of [...new Set(r.reruns.map((x: RerunRow) => x.figure))]) {
      out.push(`| ${figure} | ` + backends.map((b) => { const x = r.reruns.find((y: RerunRow) => y.figure === figure && y.backend === b); return !x ? '—' : x.outcome === 'done' ? `${x.seconds}${x.ranOn && x.ranOn !== b ? ` (on ${x.ranOn})` : ''}` : x.outcome; }).join(' | ') + ' |');
    }
  }
  out.push(...fullScaleMarkdown(r), ...precomputeMarkdown(r));
  out.push('', '## Page weight (first load, gzip)', '', '| Page | Requests | HTML | CSS | JS | Fonts | Total |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const w of r.weight) {
    const t = (k: string) => kb(w.byType[k]?.gzipBytes ?? 0);
    out.push(`| ${w.page} | ${w.requests} | ${t('document')} | ${t('stylesheet')} | ${t('script')} | ${t('font')} | ${kb(w.gzipBytes)} |`);
  }
  if (r.precache) out.push('', `Offline precache (the build's precache-report.json, from the service worker build): ${r.precache.count} files, ${kb(r.precache.bytes)} (${kb(r.precache.gzipBytes ?? 0)} gzip), budget ${kb(r.precache.budgetBytes ?? 0)}.`);
  if (lh?.results) {
    out.push('', '## Lighthouse', '', `From bench/lighthouse.json (\`npm run lighthouse\`, Lighthouse ${lh.lighthouse}, ${lh.chromium}, ${lh.generatedAt.slice(0, 10)}).`, '', '| Page | Preset | Performance | Accessibility | Best Practices | SEO | FCP | LCP | TBT | CLS |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const x of lh.results) out.push(`| ${x.page} | ${x.preset} | ${x.scores.performance} | ${x.scores.accessibility} | ${x.scores['best-practices']} | ${x.scores.seo} | ${x.metrics.fcpMs} ms | ${x.metrics.lcpMs} ms | ${x.metrics.tbtMs} ms | ${x.metrics.cls} |`);
  }
  if (r.notes.length) out.push('', '## Notes', '', ...r.notes.map((n: string) => `- ${n}`));
  return `${out.join('\n')}\n`;
}
