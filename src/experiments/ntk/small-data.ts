/**
 * Figure 4: kernels on small data. Kernel regression with the NTK, the NNGP kernel and an RBF kernel,
 * 1-nearest-neighbour, and a trained finite net, on digits at training sizes from 20 to the full
 * 1000-image split, and on iris, wine and breast cancer (half of each for training).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext, Snapshot } from '../runtime/types.ts';
import { createRng } from '../runtime/rng.ts';
import { fcKernels } from './kernels.ts';
import { squaredDistances, tunedRbfPredictions } from './tuned.ts';
import { disposeMlp, forward, gdStep, initMlp, toTensor } from './mlp.ts';
import { loadDataset, standardiseColumns, standardiseRows, takeRows, type Dataset, type DatasetName } from './datasets.ts';
import { accuracy, kernelRegression, nearestNeighbourAccuracy, oneHotTargets, subMatrix } from './regression.ts';
import { chunker, round } from './common.ts';
import { accuracyTable, compareAccuracies, summariseAccuracies } from './accuracy.ts';
import { smallDataSpec, type smallDataSchema, type SmallDataConfig, type SmallDataResult } from './small-data.spec.ts';

/** Accuracy of kernel regression on one-hot targets, from a kernel over all rows. */
function kernelAccuracy(k: Float64Array, stride: number, train: Int32Array, test: Int32Array, labels: Int32Array, classes: number): number {
  const y = oneHotTargets(Array.from(train, (i) => labels[i]!), classes);
  const pred = kernelRegression(subMatrix(k, stride, train, train), train.length, subMatrix(k, stride, test, train), test.length, y, classes);
  return accuracy(pred, classes, Array.from(test, (i) => labels[i]!));
}

async function netAccuracy(
  x: Float64Array, d: number, train: Int32Array, test: Int32Array, labels: Int32Array, classes: number, config: SmallDataConfig, label: string,
): Promise<number> {
  const xs = toTensor(takeRows(x, d, train), train.length, d);
  const xt = toTensor(takeRows(x, d, test), test.length, d);
  const ys = tf.tensor2d(Float32Array.from(oneHotTargets(Array.from(train, (i) => labels[i]!), classes)), [train.length, classes]);
  const net = initMlp(
    { inputs: d, width: config.netWidth, depth: config.depth, outputs: classes, sigmaW: config.sigmaW, sigmaB: config.sigmaB },
    createRng(config.seed).fork(label),
  );
  const offTrain = forward(net, xs);
  const offTest = forward(net, xt);
  try {
    for (let step = 0; step < config.netSteps; step++) gdStep(net, xs, ys, config.netLearningRate, offTrain).dispose();
    const out = tf.tidy(() => tf.sub(forward(net, xt), offTest));
    const scores = await out.data();
    out.dispose();
    return accuracy(scores as Float32Array, classes, Array.from(test, (i) => labels[i]!));
  } finally {
    for (const t of [xs, xt, ys, offTrain, offTest]) t.dispose();
    disposeMlp(net);
  }
}

async function* run(config: SmallDataConfig, context: RunContext = {}): AsyncGenerator<Snapshot<SmallDataResult>, SmallDataResult, void> {
  const work = chunker(context);
  const result: SmallDataResult = { rows: [], summary: [] };
  const uciNames: DatasetName[] = config.uci ? ['iris', 'wine', 'breast-cancer'] : [];
  const sizes = [...config.trainSizes].sort((a, b) => a - b);
  const withNet = config.netWidth > 0;
  const total = sizes.length * config.seeds * (withNet ? 2 : 1) + uciNames.length * config.seeds;
  let done = 0;
  const snapshot = (force = false): Snapshot<SmallDataResult> | null =>
    work.due(force) ? { progress: { done, total }, partial: { rows: [...result.rows], summary: summariseAccuracies(result.rows) } } : null;
  const push = (dataset: string, method: string, trainSize: number, seed: number, acc: number) =>
    result.rows.push({ dataset, method, trainSize, seed, accuracy: round(acc, 4) });

  // Digits: per-image standardisation; fixed split of 1000 training and 797 test images.
  const digits = await loadDataset('digits');
  const d = digits.d;
  const x = standardiseRows(digits.x, digits.n, d);
  const perm = createRng(config.seed).fork('ntk-small-data/split').permutation(digits.n);
  const pool = perm.slice(0, 1000);
  const test = perm.slice(1000);
  const kernels = fcKernels(x, digits.n, null, digits.n, d, config);
  const dist2 = squaredDistances(x, digits.n, d);
  const testLabels = Array.from(test, (i) => digits.labels[i]!);
  await work.pause();
  for (let s = 0; s < config.seeds; s++) {
    const order = createRng(config.seed).fork(`ntk-small-data/subset${s}`).permutation(pool.length);
    for (const size of sizes) {
      const train = Int32Array.from(order.slice(0, size), (i) => pool[i]!);
      const xTrain = takeRows(x, d, train);
      push('digits', 'NTK', size, s, kernelAccuracy(kernels.ntk, digits.n, train, test, digits.labels, 10));
      push('digits', 'NNGP', size, s, kernelAccuracy(kernels.nngp, digits.n, train, test, digits.labels, 10));
      const trainLabels = Array.from(train, (i) => digits.labels[i]!);
      // RBF: bandwidth and ridge chosen by leave-one-out on the training images only.
      push('digits', 'RBF', size, s, accuracy(tunedRbfPredictions(dist2, digits.n, train, test, trainLabels, 10).predictions, 10, testLabels));
      push('digits', '1-NN', size, s, nearestNeighbourAccuracy(xTrain, Array.from(train, (i) => digits.labels[i]!), takeRows(x, d, test), Array.from(test, (i) => digits.labels[i]!), d));
      done++;
      await work.pause();
      const snap = snapshot();
      if (snap) yield snap;
      if (withNet) {
        push('digits', 'net', size, s, await netAccuracy(x, d, train, test, digits.labels, 10, config, `ntk-small-data/net/n${size}/s${s}`));
        done++;
        await work.pause();
        const snap2 = snapshot();
        if (snap2) yield snap2;
      }
    }
  }

  // UCI tables: z-scored columns (training statistics), half for training.
  for (const name of uciNames) {
    const data: Dataset = await loadDataset(name);
    for (let s = 0; s < config.seeds; s++) {
      const order = createRng(config.seed).fork(`ntk-small-data/${name}/split${s}`).permutation(data.n);
      const size = Math.floor(data.n / 2);
      const train = order.slice(0, size);
      const testRows = order.slice(size);
      const z = standardiseColumns(data.x, data.n, data.d, train);
      const k = fcKernels(z, data.n, null, data.n, data.d, config);
      push(name, 'NTK', size, s, kernelAccuracy(k.ntk, data.n, train, testRows, data.labels, data.classes));
      push(name, 'NNGP', size, s, kernelAccuracy(k.nngp, data.n, train, testRows, data.labels, data.classes));
      const zTrain = takeRows(z, data.d, train);
      const uciTrainLabels = Array.from(train, (i) => data.labels[i]!);
      const rbf = tunedRbfPredictions(squaredDistances(z, data.n, data.d), data.n, train, testRows, uciTrainLabels, data.classes);
      push(name, 'RBF', size, s, accuracy(rbf.predictions, data.classes, Array.from(testRows, (i) => data.labels[i]!)));
      push(name, '1-NN', size, s, nearestNeighbourAccuracy(zTrain, Array.from(train, (i) => data.labels[i]!), takeRows(z, data.d, testRows), Array.from(testRows, (i) => data.labels[i]!), data.d));
      done++;
      await work.pause();
      const snap = snapshot();
      if (snap) yield snap;
    }
  }
  result.summary = summariseAccuracies(result.rows);
  return result;
}

const smallData: ExperimentDefinition<typeof smallDataSchema, SmallDataResult> = {
  ...smallDataSpec,
  run,
  compare: compareAccuracies,
  summarize: (r) => accuracyTable(r.summary),
};

export default smallData;
