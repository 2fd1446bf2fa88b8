/**
 * BENCHMARKS.md sections for the WASM threads, practical ceilings, precompute wall time and full-scale
 * rerun figures (scripts/bench.ts's markdown() calls these). Each takes the whole results object as
 * saved in bench/results.json and returns its lines, or none when the results have nothing for it
 * (results saved by an older bench), so that `--markdown-only` copes with any saved file.
 */

/** bench/results.json as it was saved (any bench version). */
type Results = any;

const fmt = (v: unknown, digits?: number): string => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  return digits === undefined ? v.toLocaleString('en') : v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** "1 h 58 min", "2 min 16 s", "45 s". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${s % 60} s`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** The depth-3 flop count of one gradient step at n = 100: six 100x100x100 products. */
const STEP_FLOP = 12e6;

const PAGE_LABELS: Record<string, string> = {
  plain: 'no threads (plain page)',
  isolated: 'threaded build, tfjs default threads',
  isolatedAllCores: 'threaded build, one thread per core',
};

const plural = (n: unknown, word: string) => `${n ?? '?'} ${word}${n === 1 ? '' : 's'}`;

/** Speed-ups (time on `base` over time on `page`) of the rows matching `pattern`, lowest and highest. */
function speedups(rows: any[], pattern: RegExp, base: string, page: string): [number, number] | null {
  const list = rows
    .filter((x) => pattern.test(String(x.measure)))
    .map((x) => {
      const a = num(x.values?.[base]);
      const b = num(x.values?.[page]);
      return a !== null && b !== null && b > 0 ? a / b : null;
    })
    .filter((x): x is number => x !== null);
  return list.length ? [Math.min(...list), Math.max(...list)] : null;
}

/** "faster", "slower", "no gain (within ±10 %)" or "no consistent effect", for a range of speed-ups. */
function effect([lo, hi]: [number, number]): string {
  const range = lo === hi ? lo.toFixed(2) : `${lo.toFixed(2)} to ${hi.toFixed(2)}`;
  if (hi < 0.9) return `slower with threads (speed-up ${range})`;
  if (lo > 1.1) return `faster with threads (speed-up ${range})`;
  if (lo >= 0.9 && hi <= 1.1) return `no gain from threads (speed-up ${range}, within ±10 %)`;
  return `no consistent effect of threads (speed-up ${range})`;
}

/**
 * What the figures say about one kind of measure on the page with the most threads: against no threads
 * and, where the default isolated page has a single thread, against the same threaded build on it.
 */
function verdict(t: any, label: string, pattern: RegExp, page: string, expectation: string): string | null {
  const threads = num(t.pages?.[page]?.threadsCount);
  const vsPlain = speedups(t.rows, pattern, 'plain', page);
  if (!vsPlain) return null;
  let text = `${label}, ${threads} XNNPACK threads against no threads: ${effect(vsPlain)}`;
  const oneThread = page !== 'isolated' && num(t.pages?.isolated?.threadsCount) === 1 ? speedups(t.rows, pattern, 'isolated', page) : null;
  if (oneThread) text += `; against the same threaded build on 1 thread: ${effect(oneThread)}`;
  return `${text}. ${expectation}`;
}

export function threadsMarkdown(r: Results): string[] {
  const t = r.threads;
  if (!t) return [];
  const out = ['', '## WASM threads against no threads (headless Chromium)', ''];
  if (t.error || !Array.isArray(t.rows)) return [...out, `Not measured: ${t.error ?? 'no figures'}.`];
  const pages = Object.keys(t.pages ?? {});
  const others = pages.filter((p) => p !== 'plain');
  out.push(
    `The same bench page on tfjs wasm, served plainly (tfjs loads its SIMD build) and cross-origin isolated (COOP same-origin, COEP require-corp: SharedArrayBuffer exists and tfjs loads its threaded SIMD build), times float32 kernels with fresh operands on every call and the empirical NTK, best of ${t.rounds * t.repetitions} timed loops of ${t.budgetMs} ms per kernel and of ${t.rounds} NTK runs, the pages taking turns; speed-up is the no-threads time over the threaded time (above 1: threads help).`,
    '',
  );
  out.push(`| | ${pages.map((p) => PAGE_LABELS[p] ?? p).join(' | ')} |`, `|---|${'---|'.repeat(pages.length)}`);
  const info = (label: string, key: string, f: (v: any) => string = (v) => String(v ?? '—')) => `| ${label} | ${pages.map((p) => f(t.pages[p]?.[key])).join(' | ')} |`;
  out.push(
    info('self.crossOriginIsolated', 'crossOriginIsolated'),
    info('WASM_HAS_MULTITHREAD_SUPPORT (tf.env)', 'multithread'),
    info('XNNPACK threads (getThreadsCount)', 'threadsCount'),
    info('.wasm fetched', 'wasmFetched', (v) => (Array.isArray(v) && v.length ? v.join(', ') : '—')),
    info('Workers of the page (pthread pool)', 'workers'),
    `| navigator.hardwareConcurrency | ${pages.map((p) => `${t.pages[p]?.hardwareConcurrency ?? '—'}${t.pages[p]?.reportedHardwareConcurrency ? ' (reported to the page; tfjs takes half)' : ''}`).join(' | ')} |`,
  );
  out.push('', `| Measure | No threads | ${others.map((p) => `${PAGE_LABELS[p] ?? p} (${plural(t.pages[p]?.threadsCount, 'thread')}) | speed-up`).join(' | ')} |`, `|---|---:|${'---:|---:|'.repeat(others.length)}`);
  const cell = (x: any, p: string) => {
    const v = num(x.values?.[p]);
    if (v === null) return '—';
    const g = num(x.gflops?.[p]);
    return `${fmt(v, x.unit === 'µs' ? 0 : undefined)} ${x.unit}${g !== null ? ` (${fmt(g, 1)} GFLOP/s)` : ''}`;
  };
  for (const x of t.rows) out.push(`| ${x.measure} | ${cell(x, 'plain')} | ${others.map((p) => `${cell(x, p)} | ${fmt(num(x.speedup?.[p]), 2)}`).join(' | ')} |`);
  // What the figures say about threads, on the page with the most XNNPACK threads.
  const threaded = others.filter((p) => (num(t.pages[p]?.threadsCount) ?? 0) > 1).sort((a, b) => (num(t.pages[b]?.threadsCount) ?? 0) - (num(t.pages[a]?.threadsCount) ?? 0))[0];
  out.push('');
  if (!threaded) {
    out.push('No page got more than one XNNPACK thread: this machine cannot say whether threads help.');
  } else {
    const n = num(t.pages[threaded]?.threadsCount) ?? 0;
    const lines = [
      verdict(t, 'matMul', /^matMul/, threaded, 'tfjs 4.22 runs its matMul operator with a null thread pool (src/cc/batch_mat_mul_impl.cc): threads are not expected to change it.'),
      verdict(t, 'conv2d', /^conv2d/, threaded, 'tfjs runs conv2d on its XNNPACK thread pool.'),
      verdict(t, 'Empirical NTK', /^empirical NTK/, threaded, 'Its products are matMuls.'),
    ].filter((x): x is string => x !== null);
    out.push(...lines.map((l) => `- ${l}`));
    const isolatedThreads = num(t.pages.isolated?.threadsCount);
    if (isolatedThreads !== null && isolatedThreads < n) {
      out.push(
        '',
        `With its defaults tfjs gives XNNPACK ${isolatedThreads} thread${isolatedThreads === 1 ? '' : 's'} here: it sizes the pool at half of navigator.hardwareConcurrency (src/cc/backend.cc), capped there whatever setThreadsCount asks. The "one thread per core" column reports twice the core count to the page to get ${n}.`,
      );
    }
  }
  if (t.errors?.length) out.push('', `Page errors: ${t.errors.join('; ')}`);
  return out;
}

export function ceilingsMarkdown(r: Results): string[] {
  const nodeC = r.node?.ceilings;
  const t = r.threads;
  const np = r.numpy;
  if (!nodeC && !np && !t?.rows) return [];
  const out = ['', '## Practical ceilings', ''];
  out.push(
    'The float32 GFLOP/s each backend reaches on a large matMul (512x512, fresh operands each call, best of 3 loops), beside one depth-3 matrix-factorisation gradient step at n = 100 (2,000 observed entries, rank-5 truth) counted as 12 MFLOP (six 100x100x100 products), with numpy float32 on one BLAS thread as the native reference.',
    '',
    '| Backend | matMul 512x512 | Depth-3 step at n = 100 | Step as GFLOP/s |',
    '|---|---:|---:|---:|',
  );
  const g = (v: unknown) => (num(v) === null ? '—' : `${fmt(num(v), 1)} GFLOP/s`);
  const steps = (v: unknown) => (num(v) === null ? '—' : `${fmt(num(v), 0)} steps/s`);
  const stepGflops = (v: unknown) => (num(v) === null ? '—' : fmt((num(v)! * STEP_FLOP) / 1e9, 2));
  const nodeRows = (r.node?.matrixCompletion?.tfjsBackends ?? r.node?.matrixCompletion?.results ?? []) as any[];
  const nodeStep = (backend: string) => {
    const rows = nodeRows.filter((x) => x.backend === backend && x.depth === 3);
    return (rows.find((x) => x.mode === 'loop') ?? rows[0])?.stepsPerSecond;
  };
  const mf = (r.browser?.matrixFactorization ?? []) as any[];
  const chromiumStep = (backend: string) => mf.find((x) => x.backend === backend && x.depth === 3)?.stepsPerSecond;
  const matMul512 = (t?.rows ?? []).find((x: any) => x.measure === 'matMul 512x512');
  if (nodeC) {
    out.push(`| Node, tfjs cpu | ${g(nodeC.backends?.cpu?.gflops)} | ${steps(nodeStep('cpu'))} | ${stepGflops(nodeStep('cpu'))} |`);
    out.push(`| Node, tfjs wasm (SIMD) | ${g(nodeC.backends?.wasm?.gflops)} | ${steps(nodeStep('wasm'))} | ${stepGflops(nodeStep('wasm'))} |`);
  }
  out.push(`| Chromium, tfjs wasm (SIMD, no threads) | ${g(matMul512?.gflops?.plain)} | ${steps(chromiumStep('wasm'))} | ${stepGflops(chromiumStep('wasm'))} |`);
  for (const p of Object.keys(matMul512?.gflops ?? {}).filter((p) => p !== 'plain')) {
    out.push(`| Chromium, tfjs wasm (threaded SIMD, ${plural(t.pages?.[p]?.threadsCount, 'thread')}) | ${g(matMul512.gflops[p])} | — | — |`);
  }
  const plainJs = mf.find((x) => x.backend === 'plain-js-float64' && x.depth === 3)?.stepsPerSecond;
  if (plainJs !== undefined) out.push(`| Chromium, plain JS (Float64Array) | — | ${steps(plainJs)} | ${stepGflops(plainJs)} |`);
  if (np && !np.skipped) {
    out.push(`| numpy ${np.numpy} float32, 1 thread (${np.blas}) | ${g(np.matMul512?.gflops)} | ${steps(np.depth3Step?.stepsPerSecond)} | ${stepGflops(np.depth3Step?.stepsPerSecond)} |`);
  }
  out.push(
    '',
    'The tfjs steps/s are the matrix-factorisation figures above (Node: one run after another; Chromium: one run), the engine\'s whole step; numpy\'s is the bare hand-written step of scripts/bench/numpy-step.py (P1 = W2 W1, E = W3 P1, g = (2/K) mask (E − B), G3 = g P1ᵀ, t = W3ᵀ g, G2 = t W1ᵀ, G1 = W2ᵀ t, W_j −= η G_j).',
  );
  if (np?.skipped) out.push('', `numpy: skipped (${np.skipped}).`);
  else if (!np) out.push('', 'numpy: not measured by this run.');
  return out;
}

export function precomputeMarkdown(r: Results): string[] {
  const p = r.precomputeTime;
  if (!p?.experiments) return [];
  const out = ['', '## Whole precompute wall time', ''];
  out.push(
    `What \`npm run precompute\` took to write the published data: the wall time ${p.manifest} records for each data file, summed over the full-scale and over the reduced files, and per experiment (with the backend each ran on).`,
    '',
    `Full scale: ${p.fullScale.files} files, ${duration(p.fullScale.totalMs)} (${fmt(Math.round(p.fullScale.totalMs / 1000))} s). Reduced: ${p.reduced.files} files, ${duration(p.reduced.totalMs)} (${fmt(Math.round(p.reduced.totalMs / 1000))} s).`,
    '',
    '| Experiment | Full scale (s) | Reduced (s) | Backend | Written |',
    '|---|---:|---:|---|---|',
  );
  const sec = (ms: unknown) => (num(ms) === null ? '—' : fmt(num(ms)! / 1000, 1));
  for (const x of p.experiments) {
    out.push(`| ${x.experiment} | ${sec(x.fullScaleMs)} | ${sec(x.reducedMs)} | ${x.backend}${x.workers ? `, ${x.workers} workers` : ''} | ${x.createdAt ? String(x.createdAt).slice(0, 10) : '—'} |`);
  }
  return out;
}

export function fullScaleMarkdown(r: Results): string[] {
  const f = r.fullScale;
  const out = ['', '## Full-scale reruns in Chromium', ''];
  const how = '`npm run bench -- --full-scale` (`--full-scale-max-s N` sets the cap, default 300)';
  if (!f?.rows) return [...out, `Seconds from pressing Run to the finished figure for each experiment's published full-scale preset through its page's rerun panel: not measured yet; ${how} measures them.`];
  out.push(
    `Seconds from pressing Run to the finished figure for each experiment's published full-scale preset, run through its page's rerun panel on ${f.backend} (workers: auto), with the workers it used; experiments the panel estimates over ${f.capS} s are skipped. Measured ${String(f.measuredAt).slice(0, 10)} by ${how}.`,
    '',
    '| Experiment | Outcome | Seconds | Workers | Estimate (s) | Precompute, Node (s) | Reproduced |',
    '|---|---|---:|---:|---:|---:|---|',
  );
  const ran = f.rows.filter((x: any) => x.outcome !== 'skipped');
  const skipped = f.rows.filter((x: any) => x.outcome === 'skipped');
  for (const x of ran) {
    out.push(`| ${x.experiment} | ${x.outcome}${x.ranOn && x.ranOn !== f.backend ? ` (on ${x.ranOn})` : ''} | ${fmt(x.seconds)} | ${x.workers ?? '—'} | ${fmt(x.estimateS)} | ${fmt(x.precomputeS)} | ${x.reproduced ?? '—'} |`);
  }
  if (skipped.length) {
    out.push('', `Skipped (estimated over ${f.capS} s): ${skipped.map((x: any) => `${x.experiment} (about ${fmt(x.estimateS)} s, ${x.estimateFrom})`).join(', ')}.`);
  }
  return out;
}
