/**
 * Figure 2: relative Frobenius distance between the empirical NTK of finite nets and the analytic
 * NTK on a subset of digits, against width (log-log). Fluctuations of the kernel scale like
 * 1/sqrt(width), so the fitted slope should be close to -1/2.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext, Snapshot } from '../runtime/types.ts';
import { createRng } from '../runtime/rng.ts';
import { fcKernels } from './kernels.ts';
import { disposeMlp, empiricalNtkAsync, initMlpAsync, toTensor } from './mlp.ts';
import { loadDataset, standardiseRows, takeRows } from './datasets.ts';
import { logLogSlope, relativeFrobenius } from './regression.ts';
import { chunker, meanSd, round } from './common.ts';
import { widthConvergenceSpec, type widthConvergenceSchema, type WidthConvergenceConfig, type WidthConvergenceResult } from './width-convergence.spec.ts';

function summarise(rows: WidthConvergenceResult['rows'], widths: number[]): Omit<WidthConvergenceResult, 'rows'> {
  const summary = widths
    .filter((w) => rows.some((r) => r.width === w))
    .map((width) => {
      const { mean, sd } = meanSd(rows.filter((r) => r.width === width).map((r) => r.distance));
      return { width, mean: round(mean), sd: round(sd) };
    });
  const fit = summary.length >= 2 ? logLogSlope(summary.map((s) => s.width), summary.map((s) => s.mean)) : { slope: Number.NaN, intercept: Number.NaN };
  return { summary, slope: round(fit.slope, 4), intercept: round(fit.intercept, 4) };
}

/** The subset of digits and its analytic NTK (float64), shared by a run and each of its tasks. */
async function subset(config: WidthConvergenceConfig): Promise<{ x: Float64Array; d: number; analytic: Float64Array }> {
  const digits = await loadDataset('digits');
  const rows = createRng(config.seed).fork('ntk-width-convergence/subset').permutation(digits.n).slice(0, config.points);
  const x = standardiseRows(takeRows(digits.x, digits.d, rows), config.points, digits.d);
  return { x, d: digits.d, analytic: fcKernels(x, config.points, null, config.points, digits.d, config).ntk };
}

/** One initialisation at one width (its own seed): relative distance of its empirical NTK to the analytic one. */
async function distanceOf(config: WidthConvergenceConfig, xs: tf.Tensor2D, d: number, analytic: Float64Array, width: number, init: number, pause: (f: number) => Promise<void>): Promise<number> {
  const rng = createRng(config.seed).fork(`ntk-width-convergence/w${width}/i${init}`);
  const net = await initMlpAsync({ inputs: d, width, depth: config.depth, outputs: 1, sigmaW: config.sigmaW, sigmaB: config.sigmaB }, rng, pause, 0, 0.5);
  const theta = await empiricalNtkAsync(net, xs, xs, (f) => pause(0.5 + f / 2)).finally(() => disposeMlp(net));
  const values = await theta.data();
  theta.dispose();
  return round(relativeFrobenius(values, analytic));
}

const tasksOf = (config: WidthConvergenceConfig) => config.widths.flatMap((width) => Array.from({ length: config.seeds }, (_, init) => ({ width, init })));

async function* run(config: WidthConvergenceConfig, context: RunContext = {}): AsyncGenerator<Snapshot<WidthConvergenceResult>, WidthConvergenceResult, void> {
  const { x, d, analytic } = await subset(config);
  const n = config.points;
  const xs = toTensor(x, n, d);
  const work = chunker(context);
  const result: WidthConvergenceResult = { rows: [], summary: [], slope: Number.NaN, intercept: Number.NaN };
  const total = config.widths.length * config.seeds;
  try {
    for (const width of config.widths) {
      for (let init = 0; init < config.seeds; init++) {
        await work.pause();
        const distance = await distanceOf(config, xs, d, analytic, width, init, work.within(result.rows.length, total));
        result.rows.push({ width, init, distance });
        if (work.due(result.rows.length === total)) {
          Object.assign(result, summarise(result.rows, config.widths));
          yield { progress: { done: result.rows.length, total }, partial: structuredClone(result) };
        }
      }
    }
  } finally {
    xs.dispose();
  }
  return Object.assign(result, summarise(result.rows, config.widths));
}

const widthConvergence: ExperimentDefinition<typeof widthConvergenceSchema, WidthConvergenceResult> = {
  ...widthConvergenceSpec,
  run,
  // Each (width, initialisation) is an independent task with its own seed: a pool shares them.
  plan: tasksOf,
  async runTask(config, task: { width: number; init: number }, context = {}) {
    const { x, d, analytic } = await subset(config);
    const xs = toTensor(x, config.points, d);
    try {
      return await distanceOf(config, xs, d, analytic, task.width, task.init, chunker(context).within(0, 1));
    } finally {
      xs.dispose();
    }
  },
  assemble(config, results) {
    const rows = tasksOf(config).map(({ width, init }, i) => ({ width, init, distance: results[i] as number }));
    return { rows, ...summarise(rows, config.widths) };
  },
  compare(a, b) {
    const da = a.rows.map((r) => r.distance);
    const db = b.rows.map((r) => r.distance);
    if (da.length !== db.length) return Infinity;
    return Math.max(...da.map((v, i) => Math.abs(v - db[i]!) / Math.max(Math.abs(db[i]!), 1e-12)));
  },
  summarize: (r) => [...r.summary.map((s) => ({ width: s.width, 'mean distance': s.mean, sd: s.sd })), { width: 'slope', 'mean distance': r.slope, sd: '' }],
};

export default widthConvergence;
