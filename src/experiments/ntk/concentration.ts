/**
 * Figure 1 (Jacot et al. 2018, Fig. 1): the empirical NTK of finite nets at initialisation,
 * Theta(x0, x) for x0 = (1, 0) and x = (cos g, sin g) on the unit circle, concentrates around the
 * analytic kernel as the width grows.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext, Snapshot } from '../runtime/types.ts';
import { createRng } from '../runtime/rng.ts';
import { fcKernels } from './kernels.ts';
import { disposeMlp, empiricalNtkAsync, initMlpAsync, toTensor } from './mlp.ts';
import { chunker, maxAbsDiff, meanSd, round } from './common.ts';
import { relativeFrobenius } from './regression.ts';
import { concentrationSpec, type concentrationSchema, type ConcentrationConfig, type ConcentrationResult } from './concentration.spec.ts';

export function circlePoints(points: number): { angles: number[]; x: Float64Array } {
  const angles = Array.from({ length: points + 1 }, (_, i) => -Math.PI + (2 * Math.PI * i) / points);
  const x = new Float64Array(angles.length * 2);
  angles.forEach((g, i) => {
    x[2 * i] = Math.cos(g);
    x[2 * i + 1] = Math.sin(g);
  });
  return { angles, x };
}

function summarise(curves: ConcentrationResult['curves'], analytic: number[], widths: number[]): ConcentrationResult['spread'] {
  return widths
    .filter((w) => curves.some((c) => c.width === w))
    .map((width) => {
      const { mean, sd } = meanSd(curves.filter((c) => c.width === width).map((c) => relativeFrobenius(c.values, analytic)));
      return { width, relativeDeviation: round(mean), sd: round(sd) };
    });
}

/** One initialisation's empirical NTK row Theta(x0, .) at one width (its own seed), rounded. */
async function curveValues(config: ConcentrationConfig, xs: tf.Tensor2D, width: number, init: number, pause: (fraction: number) => Promise<void>): Promise<number[]> {
  const x0Index = Math.round(config.points / 2); // angle 0
  const rng = createRng(config.seed).fork(`ntk-concentration/w${width}/i${init}`);
  const net = await initMlpAsync({ inputs: 2, width, depth: config.depth, outputs: 1, sigmaW: config.sigmaW, sigmaB: config.sigmaB }, rng, pause, 0, 0.5);
  const x0Row = tf.slice(xs, [x0Index, 0], [1, 2]);
  const row = await empiricalNtkAsync(net, x0Row, xs, (f) => pause(0.5 + f / 2)).finally(() => {
    x0Row.dispose();
    disposeMlp(net);
  });
  const values = Array.from(await row.data(), (v) => round(v));
  row.dispose();
  return values;
}

/** The analytic row and the empty result, before any net. */
function start(config: ConcentrationConfig): { x: Float64Array; result: ConcentrationResult } {
  const { angles, x } = circlePoints(config.points);
  const kernelParams = { depth: config.depth, sigmaW: config.sigmaW, sigmaB: config.sigmaB };
  const analytic = Array.from(fcKernels(new Float64Array([1, 0]), 1, x, angles.length, 2, kernelParams).ntk, (v) => round(v));
  return { x, result: { angles: angles.map((a) => round(a)), analytic, curves: [], spread: [] } };
}

async function* run(config: ConcentrationConfig, context: RunContext = {}): AsyncGenerator<Snapshot<ConcentrationResult>, ConcentrationResult, void> {
  const { x, result } = start(config);
  const n = result.angles.length;
  const analytic = result.analytic;
  const total = config.widths.length * config.seeds;
  const work = chunker(context);
  const xs = toTensor(x, n, 2);
  try {
    for (const width of config.widths) {
      for (let init = 0; init < config.seeds; init++) {
        await work.pause();
        const values = await curveValues(config, xs, width, init, work.within(result.curves.length, total));
        result.curves.push({ width, init, values });
        const done = result.curves.length;
        if (work.due(done === total)) {
          result.spread = summarise(result.curves, analytic, config.widths);
          yield { progress: { done, total }, partial: structuredClone(result) };
        }
      }
    }
  } finally {
    xs.dispose();
  }
  result.spread = summarise(result.curves, analytic, config.widths);
  return result;
}

const concentration: ExperimentDefinition<typeof concentrationSchema, ConcentrationResult> = {
  ...concentrationSpec,
  run,
  // Each (width, initialisation) is an independent task with its own seed: a pool shares them.
  plan: (config) => config.widths.flatMap((width) => Array.from({ length: config.seeds }, (_, init) => ({ width, init }))),
  async runTask(config, task: { width: number; init: number }, context = {}) {
    const { x, result } = start(config);
    const xs = toTensor(x, result.angles.length, 2);
    try {
      return await curveValues(config, xs, task.width, task.init, chunker(context).within(0, 1));
    } finally {
      xs.dispose();
    }
  },
  assemble(config, results) {
    const { result } = start(config);
    const tasks = config.widths.flatMap((width) => Array.from({ length: config.seeds }, (_, init) => ({ width, init })));
    result.curves = tasks.map(({ width, init }, i) => ({ width, init, values: results[i] as number[] }));
    result.spread = summarise(result.curves, result.analytic, config.widths);
    return result;
  },
  compare(a, b) {
    let m = maxAbsDiff(a.analytic, b.analytic);
    if (a.curves.length !== b.curves.length) return Infinity;
    a.curves.forEach((c, i) => (m = Math.max(m, maxAbsDiff(c.values, b.curves[i]!.values))));
    return m;
  },
  summarize: (r) => r.spread.map((s) => ({ width: s.width, 'relative RMS deviation': s.relativeDeviation, sd: s.sd })),
};

export default concentration;
