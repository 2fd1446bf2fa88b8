/**
 * Nets fit random labels (random-labels): a wide one-hidden-layer ReLU net on digits, true against
 * shuffled labels, with and without weight decay. The net and its hand-written gradients are the NTK
 * family's (ntk/mlp.ts, NTK parameterisation); the step size is a fraction of the largest stable step of
 * the linearised model, N / lambda_max of the analytic NTK on the training images.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext, Snapshot } from '../runtime/types.ts';
import { createRng } from '../runtime/rng.ts';
import { groupBy, meanSd, roundTo } from '../runtime/stats.ts';
import { fcKernels } from '../ntk/kernels.ts';
import { disposeMlp, forward, initMlp, momentumStep, toTensor, type MomentumState } from '../ntk/mlp.ts';
import { loadDataset, standardiseRows, takeRows } from '../ntk/datasets.ts';
import { accuracy, largestEigenvalue, oneHotTargets } from '../ntk/regression.ts';
import { chunker } from '../ntk/common.ts';
import { randomLabelsSpec, type CurveRow, type Labels, type randomLabelsSchema, type RandomLabelsConfig, type RandomLabelsResult } from './random-labels.spec.ts';

const CLASSES = 10;
const round = (x: number) => roundTo(x, 4);

/** Recorded steps: 0, powers of two, and the last step. */
export function recordedSteps(steps: number): number[] {
  const out = new Set<number>([0, steps]);
  for (let s = 1; s < steps; s *= 2) out.add(s);
  return [...out].sort((a, b) => a - b);
}

function summarise(rows: CurveRow[], lastStep: number): RandomLabelsResult['summary'] {
  const last = rows.filter((r) => r.step === lastStep);
  return [...groupBy(last, (r) => `${r.labels}|${r.weightDecay}`).values()].map((g) => {
    const t = meanSd(g.map((r) => r.test));
    return {
      labels: g[0]!.labels,
      weightDecay: g[0]!.weightDecay,
      train: round(meanSd(g.map((r) => r.train)).mean),
      test: round(t.mean),
      testSd: round(t.sd),
      loss: roundTo(meanSd(g.map((r) => r.loss)).mean, 4),
    };
  });
}

async function* run(config: RandomLabelsConfig, context: RunContext = {}): AsyncGenerator<Snapshot<RandomLabelsResult>, RandomLabelsResult, void> {
  const work = chunker(context);
  const digits = await loadDataset('digits');
  const d = digits.d;
  const x = standardiseRows(digits.x, digits.n, d);
  const split = createRng(config.seed).fork('random-labels/split').permutation(digits.n);
  const pool = split.slice(0, 1000);
  const test = split.slice(1000);
  const testLabels = Array.from(test, (r) => digits.labels[r]!);
  const xt = toTensor(takeRows(x, d, test), test.length, d);
  const record = new Set(recordedSteps(config.steps));
  const decays = config.weightDecay > 0 ? [0, config.weightDecay] : [0];
  const settings: [Labels, number][] = (['true', 'shuffled'] as const).flatMap((l) => decays.map((w) => [l, w] as [Labels, number]));
  const rows: CurveRow[] = [];
  const total = config.seeds * settings.length * config.steps;
  let done = 0;
  const shape = { inputs: d, width: config.width, depth: config.depth, outputs: CLASSES, sigmaW: config.sigmaW, sigmaB: config.sigmaB };
  try {
    for (let s = 0; s < config.seeds; s++) {
      const order = createRng(config.seed).fork(`random-labels/subset${s}`).permutation(pool.length);
      const train = Int32Array.from(order.slice(0, config.trainSize), (i) => pool[i]!);
      const xTrain = takeRows(x, d, train);
      const lambdaMax = largestEigenvalue(fcKernels(xTrain, train.length, null, train.length, d, shape).ntk, train.length);
      const learningRate = (config.rate * train.length) / lambdaMax;
      const xs = toTensor(xTrain, train.length, d);
      const trueLabels = Array.from(train, (r) => digits.labels[r]!);
      const shuffle = createRng(config.seed).fork(`random-labels/shuffle${s}`).permutation(train.length);
      const shuffled = Array.from(shuffle, (i) => trueLabels[i]!);
      for (const [labels, weightDecay] of settings) {
        const y = labels === 'true' ? trueLabels : shuffled;
        const ys = tf.tensor2d(Float32Array.from(oneHotTargets(y, CLASSES)), [train.length, CLASSES]);
        const target = oneHotTargets(y, CLASSES);
        // The same initialisation for every setting of a seed: only the labels and the decay differ.
        const net = initMlp(shape, createRng(config.seed).fork(`random-labels/net${s}`));
        const state: MomentumState = { weights: [], biases: [] };
        try {
          for (let step = 0; step <= config.steps; step++) {
            const atStep = record.has(step);
            // Test outputs of the parameters after `step` steps, read before the next step is taken.
            const ft = atStep ? forward(net, xt) : null;
            const f = step < config.steps ? momentumStep(net, xs, ys, state, learningRate, config.momentum, weightDecay) : forward(net, xs);
            if (atStep) {
              const out = (await f.data()) as Float32Array;
              let loss = 0;
              for (let i = 0; i < out.length; i++) loss += (out[i]! - target[i]!) ** 2;
              const scores = (await ft!.data()) as Float32Array;
              ft!.dispose();
              rows.push({ labels, weightDecay, seed: s, step, loss: roundTo(loss / (2 * train.length), 5), train: round(accuracy(out, CLASSES, y)), test: round(accuracy(scores, CLASSES, testLabels)) });
            }
            f.dispose();
            if (step < config.steps) done++;
            if (step % 16 === 0) {
              await work.pause();
              if (work.due()) yield { progress: { done, total }, partial: { rows: [...rows], summary: summarise(rows, config.steps) } };
            }
          }
        } finally {
          disposeMlp(net);
          for (const t of [...state.weights, ...state.biases]) t.dispose();
          ys.dispose();
        }
      }
      xs.dispose();
    }
  } finally {
    xt.dispose();
  }
  return { rows, summary: summarise(rows, config.steps) };
}

function compare(a: RandomLabelsResult, b: RandomLabelsResult): number {
  if (a.rows.length !== b.rows.length) return Infinity;
  return Math.max(0, ...a.rows.map((r, i) => Math.max(Math.abs(r.train - b.rows[i]!.train), Math.abs(r.test - b.rows[i]!.test))));
}

const randomLabels: ExperimentDefinition<typeof randomLabelsSchema, RandomLabelsResult> = {
  ...randomLabelsSpec,
  run,
  compare,
  summarize: (r) =>
    r.summary.map((s) => ({ labels: s.labels, 'weight decay': s.weightDecay, 'train acc': s.train, 'test acc': s.test, sd: s.testSd, 'train loss': s.loss })),
};

export default randomLabels;
