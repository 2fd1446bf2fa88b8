/**
 * Figure 3, the essay's central claim: as width grows, the outputs of a net trained by full-batch
 * gradient descent follow the trajectory of kernel regression with the NTK,
 *   f <- f - (eta / N) Theta (f_train - y),
 * on the training and on unseen points. Nets are centred (f - f_0, with f_0 frozen at
 * initialisation) so every run starts from zero, like the kernel trajectory; centring does not change
 * the tangent kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext, Snapshot } from '../runtime/types.ts';
import { createRng } from '../runtime/rng.ts';
import { fcKernels } from './kernels.ts';
import { disposeMlp, forward, gdStep, initMlp, toTensor } from './mlp.ts';
import { loadDataset, standardiseRows, takeRows } from './datasets.ts';
import { largestEigenvalue, linearisedTrajectory, logLogSlope } from './regression.ts';
import { chunker, meanSd, round } from './common.ts';
import { trajectorySpec, type trajectorySchema, type TrajectoryConfig, type TrajectoryResult } from './trajectory.spec.ts';

/** Test points whose outputs are drawn over time. */
export const TRACKED_POINTS = 3;

/** Roughly log-spaced recording steps from 0 to `steps`. */
export function recordSteps(steps: number, count = 24): number[] {
  const out = new Set<number>([0, steps]);
  for (let i = 0; i < count; i++) out.add(Math.min(steps, Math.round(Math.pow(steps, i / (count - 1)))));
  return [...out].sort((a, b) => a - b);
}

function summarise(result: TrajectoryResult, widths: number[]): void {
  const at = (width: number, step: number) => result.distances.filter((d) => d.width === width && d.step === step).map((d) => d.distance);
  result.summary = widths
    .filter((w) => at(w, result.lateStep).length > 0)
    .map((width) => {
      const e = meanSd(at(width, result.earlyStep));
      const l = meanSd(at(width, result.lateStep));
      return { width, early: round(e.mean), earlySd: round(e.sd), late: round(l.mean), lateSd: round(l.sd) };
    });
  if (result.summary.length >= 2) {
    const ws = result.summary.map((s) => s.width);
    result.slopes = {
      early: round(logLogSlope(ws, result.summary.map((s) => s.early)).slope, 4),
      late: round(logLogSlope(ws, result.summary.map((s) => s.late)).slope, 4),
    };
  }
}

async function* run(config: TrajectoryConfig, context: RunContext = {}): AsyncGenerator<Snapshot<TrajectoryResult>, TrajectoryResult, void> {
  const digits = await loadDataset('digits');
  const perm = createRng(config.seed).fork('ntk-training-trajectory/split').permutation(digits.n);
  const trainRows = perm.slice(0, config.trainSize);
  const testRows = perm.slice(config.trainSize, config.trainSize + config.testSize);
  const d = digits.d;
  const n = config.trainSize;
  const m = testRows.length;
  const xTrain = standardiseRows(takeRows(digits.x, d, trainRows), n, d);
  const xTest = standardiseRows(takeRows(digits.x, d, testRows), m, d);
  const label = (r: number) => (digits.labels[r]! >= 5 ? 1 : -1);
  const y = Float64Array.from(trainRows, label);
  const yTest = Array.from(testRows, label);

  const kTrain = fcKernels(xTrain, n, null, n, d, config).ntk;
  const kTest = fcKernels(xTest, m, xTrain, n, d, config).ntk;
  const steps = recordSteps(config.steps);
  const earlyStep = steps.find((s) => s >= Math.max(1, Math.round(config.steps / 20))) ?? config.steps;
  const lin = linearisedTrajectory(kTrain, n, kTest, m, y, new Float64Array(n), new Float64Array(m), config.learningRate, steps);
  const final = lin[lin.length - 1]!.test;
  let se = 0;
  let hits = 0;
  final.forEach((v, i) => {
    se += (v - yTest[i]!) ** 2;
    if (Math.sign(v) === yTest[i]) hits++;
  });
  const tracked = Math.min(TRACKED_POINTS, m);
  const result: TrajectoryResult = {
    steps,
    earlyStep,
    lateStep: config.steps,
    stability: round((config.learningRate * largestEigenvalue(kTrain, n)) / n, 4),
    ntk: lin.flatMap((r) => Array.from({ length: tracked }, (_, point) => ({ point, step: r.step, value: round(r.test[point]!) }))),
    targets: yTest.slice(0, tracked),
    nets: [],
    distances: [],
    summary: [],
    slopes: { early: Number.NaN, late: Number.NaN },
    ntkTestRmse: round(Math.sqrt(se / m)),
    ntkTestAccuracy: round(hits / m),
  };

  const work = chunker(context);
  const xs = toTensor(xTrain, n, d);
  const xt = toTensor(xTest, m, d);
  const ys = tf.tensor2d(Float32Array.from(y), [n, 1]);
  const total = config.widths.length * config.seeds * config.steps;
  let done = 0;
  try {
    for (const width of config.widths) {
      for (let init = 0; init < config.seeds; init++) {
        const rng = createRng(config.seed).fork(`ntk-training-trajectory/w${width}/i${init}`);
        const net = initMlp({ inputs: d, width, depth: config.depth, outputs: 1, sigmaW: config.sigmaW, sigmaB: config.sigmaB }, rng);
        const offTrain = forward(net, xs);
        const offTest = forward(net, xt);
        const record = async (step: number) => {
          const out = tf.tidy(() => tf.sub(forward(net, xt), offTest));
          const values = await out.data();
          out.dispose();
          const reference = lin.find((r) => r.step === step)!.test;
          let s = 0;
          for (let i = 0; i < m; i++) s += (values[i]! - reference[i]!) ** 2;
          result.distances.push({ width, init, step, distance: round(Math.sqrt(s / m)) });
          if (init === 0) for (let point = 0; point < tracked; point++) result.nets.push({ width, point, step, value: round(values[point]!) });
        };
        try {
          let next = 0;
          for (let step = 0; step <= config.steps; step++) {
            if (step === steps[next]) {
              await record(step);
              next++;
              await work.pause();
              if (work.due()) {
                summarise(result, config.widths);
                yield { progress: { done, total }, partial: structuredClone(result) };
              }
            }
            if (step === config.steps) break;
            gdStep(net, xs, ys, config.learningRate, offTrain).dispose();
            done++;
          }
        } finally {
          offTrain.dispose();
          offTest.dispose();
          disposeMlp(net);
        }
      }
    }
  } finally {
    xs.dispose();
    xt.dispose();
    ys.dispose();
  }
  summarise(result, config.widths);
  return result;
}

const trajectory: ExperimentDefinition<typeof trajectorySchema, TrajectoryResult> = {
  ...trajectorySpec,
  run,
  compare(a, b) {
    if (a.distances.length !== b.distances.length) return Infinity;
    return Math.max(0, ...a.distances.map((r, i) => Math.abs(r.distance - b.distances[i]!.distance) / Math.max(b.distances[i]!.distance, 1e-9)));
  },
  summarize: (r) => [
    ...r.summary.map((s) => ({ width: s.width, [`distance @ step ${r.earlyStep}`]: s.early, [`distance @ step ${r.lateStep}`]: s.late })),
    { width: 'slope', [`distance @ step ${r.earlyStep}`]: r.slopes.early, [`distance @ step ${r.lateStep}`]: r.slopes.late },
  ],
};

export default trajectory;
