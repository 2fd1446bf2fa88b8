/**
 * The generalisation experiments (random-labels, early-stopping): the closed-form gradient-descent
 * path against iterated gradient descent and against kernel regression, the heavy-ball step with weight
 * decay against finite differences, and each experiment's qualitative result on a small run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { createRng } from '../../../src/experiments/runtime/rng.ts';
import { runFromInput } from '../../../src/experiments/runtime/consume.ts';
import { loadEngine } from '../../../src/experiments/registry.ts';
import { fcKernels } from '../../../src/experiments/ntk/kernels.ts';
import { kernelRegression, linearisedTrajectory, matMul, meanDiagonal } from '../../../src/experiments/ntk/regression.ts';
import { disposeMlp, initMlp, momentumStep, type Mlp, type MlpShape, type MomentumState } from '../../../src/experiments/ntk/mlp.ts';
import { coefficients, filter, kernelPath, project } from '../../../src/experiments/generalization/gd-path.ts';
import { corrupt, stepGrid } from '../../../src/experiments/generalization/early-stopping.ts';
import type { EarlyStoppingResult } from '../../../src/experiments/generalization/early-stopping.spec.ts';
import type { RandomLabelsResult } from '../../../src/experiments/generalization/random-labels.spec.ts';

beforeAll(async () => {
  await selectNodeBackend('cpu');
});

const n = 30;
const m = 9;
const d = 5;
const x = Float64Array.from(createRng(5).normalArray((n + m) * d));
const p = { depth: 2, sigmaW: Math.SQRT2, sigmaB: 0.1 };
const kTrain = fcKernels(x.subarray(0, n * d), n, null, n, d, p).ntk;
const kTest = fcKernels(x.subarray(n * d), m, x.subarray(0, n * d), n, d, p).ntk;

describe('closed-form gradient-descent path of kernel regression', () => {
  const path = kernelPath(kTrain, n);
  const y = Float64Array.from(createRng(6).normalArray(n));
  const z = project(path, y, 1);

  it('the eigendecomposition reconstructs the kernel', () => {
    const vl = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vl[i * n + j] = path.vectors[i * n + j]! * path.lambda[j]!;
    const vt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vt[i * n + j] = path.vectors[j * n + i]!;
    const back = matMul(vl, n, n, vt, n);
    const scale = meanDiagonal(kTrain, n);
    back.forEach((v, i) => expect(Math.abs(v - kTrain[i]!)).toBeLessThan(1e-10 * scale));
  });

  it('equals iterated gradient descent at every recorded step (float64)', () => {
    for (const rate of [0.3, 1, 1.8]) {
      const steps = [0, 1, 2, 7, 40, 300];
      const eta = (rate * n) / path.lambdaMax;
      const iterated = linearisedTrajectory(kTrain, n, kTest, m, y, new Float64Array(n), new Float64Array(m), eta, steps);
      for (const { step, train, test } of iterated) {
        const alpha = coefficients(path, z, 1, filter(path, step, rate));
        const fTest = matMul(kTest, m, n, alpha, 1);
        const fTrain = matMul(kTrain, n, n, alpha, 1);
        const tol = 1e-9 * (1 + Math.max(...y.map(Math.abs)));
        fTest.forEach((v, i) => expect(Math.abs(v - test[i]!), `rate ${rate} step ${step} test ${i}`).toBeLessThan(tol * 10));
        fTrain.forEach((v, i) => expect(Math.abs(v - train[i]!), `rate ${rate} step ${step} train ${i}`).toBeLessThan(tol * 10));
      }
    }
  });

  it('its end point is kernel regression (Cholesky solve), and late steps approach it', () => {
    const ridge = 1e-10 * meanDiagonal(kTrain, n);
    const end = matMul(kTest, m, n, coefficients(path, z, 1, filter(path, Infinity, 1, ridge)), 1);
    const direct = kernelRegression(kTrain, n, kTest, m, y, 1);
    const scale = Math.max(...direct.map(Math.abs));
    end.forEach((v, i) => expect(Math.abs(v - direct[i]!)).toBeLessThan(1e-5 * scale));
    const far = matMul(kTest, m, n, coefficients(path, z, 1, filter(path, 1e30, 1)), 1);
    far.forEach((v, i) => expect(Math.abs(v - direct[i]!)).toBeLessThan(1e-5 * scale));
  });

  it('the step grid is log-spaced integers from 0 to the last step', () => {
    const grid = stepGrid(1e4, 2);
    expect(grid).toEqual([0, 1, 3, 10, 32, 100, 316, 1000, 3162, 10000]);
  });

  it('corrupts exactly the stated fraction of labels, each to another class', () => {
    const labels = Array.from({ length: 200 }, (_, i) => i % 10);
    for (const f of [0, 0.2, 0.5]) {
      const out = corrupt(labels, f, createRng(`c${f}`));
      expect(out.filter((l, i) => l !== labels[i]).length).toBe(Math.round(f * 200));
      for (const l of out) expect(l >= 0 && l < 10 && Number.isInteger(l)).toBe(true);
    }
  });
});

/** Float64 reference of the net's penalised loss from flat parameters (weights then bias per layer). */
function flat(net: Mlp): Float64Array {
  const parts: number[] = [];
  for (let l = 0; l < net.weights.length; l++) parts.push(...net.weights[l]!.dataSync(), ...net.biases[l]!.dataSync());
  return Float64Array.from(parts);
}
function penalisedLoss(s: MlpShape, theta: Float64Array, xs: Float64Array, rows: number, y: Float64Array, wd: number): number {
  let a = Array.from({ length: rows }, (_, i) => Array.from(xs.subarray(i * s.inputs, (i + 1) * s.inputs)));
  let offset = 0;
  let penalty = 0;
  for (let l = 0; l <= s.depth; l++) {
    const fin = l === 0 ? s.inputs : s.width;
    const fout = l === s.depth ? s.outputs : s.width;
    const w = theta.subarray(offset, offset + fin * fout);
    const b = theta.subarray(offset + fin * fout, offset + fin * fout + fout);
    for (const v of w) penalty += v * v;
    offset += fin * fout + fout;
    a = a.map((row) =>
      Array.from({ length: fout }, (_, j) => {
        let h = 0;
        for (let k = 0; k < fin; k++) h += row[k]! * w[k * fout + j]!;
        h = (s.sigmaW / Math.sqrt(fin)) * h + s.sigmaB * b[j]!;
        return l === s.depth ? h : Math.max(0, h);
      }),
    );
  }
  return a.flat().reduce((sum, f, i) => sum + (f - y[i]!) ** 2, 0) / (2 * rows) + (wd / 2) * penalty;
}

describe('heavy-ball step with weight decay', () => {
  it('two steps match v <- momentum v + grad, theta <- theta - lr v with finite-difference gradients', () => {
    const shape: MlpShape = { inputs: 3, width: 6, depth: 2, outputs: 2, sigmaW: Math.SQRT2, sigmaB: 0.3 };
    const rows = 4;
    const xData = Float64Array.from(createRng(11).normalArray(rows * 3));
    const y = Float64Array.from(createRng(12).normalArray(rows * 2));
    const net = initMlp(shape, createRng(13));
    const xs = tf.tensor2d(Float32Array.from(xData), [rows, 3]);
    const ys = tf.tensor2d(Float32Array.from(y), [rows, 2]);
    const lr = 0.05;
    const beta = 0.9;
    const wd = 0.02;
    const grad = (t: Float64Array) =>
      t.map((_, i) => {
        const up = Float64Array.from(t);
        const down = Float64Array.from(t);
        up[i] = up[i]! + 1e-5;
        down[i] = down[i]! - 1e-5;
        return (penalisedLoss(shape, up, xData, rows, y, wd) - penalisedLoss(shape, down, xData, rows, y, wd)) / 2e-5;
      });
    const state: MomentumState = { weights: [], biases: [] };
    const t0 = flat(net);
    momentumStep(net, xs, ys, state, lr, beta, wd).dispose();
    const t1 = flat(net);
    momentumStep(net, xs, ys, state, lr, beta, wd).dispose();
    const t2 = flat(net);
    const g0 = grad(t0);
    const g1 = grad(t1);
    for (let i = 0; i < t0.length; i++) {
      expect(t1[i]! - t0[i]!).toBeCloseTo(-lr * g0[i]!, 3);
      expect(t2[i]! - t1[i]!).toBeCloseTo(-lr * (beta * g0[i]! + g1[i]!), 3);
    }
    for (const t of [xs, ys, ...state.weights, ...state.biases]) t.dispose();
    disposeMlp(net);
  });
});

describe('qualitative results', () => {
  it('early-stopping: with corrupted labels a validation-chosen stop beats the interpolating end point; deterministic', async () => {
    const e = await loadEngine('early-stopping');
    const config = { trainSize: 150, validationSize: 80, noise: [0, 0.4], seeds: 2, maxSteps: 1e6, perDecade: 2 };
    const r = (await runFromInput(e, config)) as EarlyStoppingResult;
    const clean = r.headline.find((h) => h.noise === 0)!;
    const noisy = r.headline.find((h) => h.noise === 0.4)!;
    expect(noisy.endTrain).toBe(1); // the end point interpolates the corrupted labels
    expect(noisy.early).toBeGreaterThan(noisy.end + 0.03);
    expect(clean.end).toBeGreaterThan(noisy.end + 0.1);
    expect(Math.abs(clean.early - clean.end)).toBeLessThan(0.03);
    const again = await runFromInput(e, config);
    expect(e.compare(r, again)).toBe(0);
  }, 120_000);

  it('random-labels: the net fits shuffled labels with test accuracy near chance, and true labels generalise', async () => {
    const e = await loadEngine('random-labels');
    const config = { trainSize: 50, width: 96, steps: 256, seeds: 1 };
    const r = (await runFromInput(e, config)) as RandomLabelsResult;
    const get = (labels: string, wd: number) => r.summary.find((s) => s.labels === labels && (wd === 0 ? s.weightDecay === 0 : s.weightDecay > 0))!;
    expect(get('shuffled', 0).train).toBeGreaterThanOrEqual(0.95);
    expect(get('shuffled', 0).test).toBeLessThan(0.25);
    expect(get('true', 0).train).toBe(1);
    expect(get('true', 0).test).toBeGreaterThan(0.6);
    expect(get('true', 1).test).toBeGreaterThan(0.6);
    const again = await runFromInput(e, config);
    expect(e.compare(r, again)).toBe(0);
  }, 180_000);
});

describe('baselines tuned by leave-one-out (ntk/tuned.ts)', () => {
  it('closed-form leave-one-out predictions equal refitting without each point', async () => {
    const { looPredictions, tuneByLoo } = await import('../../../src/experiments/ntk/tuned.ts');
    const { solveSpd, subMatrix } = await import('../../../src/experiments/ntk/regression.ts');
    const rows = 14;
    const idx = Int32Array.from({ length: rows }, (_, i) => i);
    const kk = subMatrix(kTrain, n, idx, idx);
    const y2 = Float64Array.from(createRng(31).normalArray(rows * 2));
    const full = meanDiagonal(kk, rows);
    for (const [ri, r] of [1e-3, 1e-1].entries()) {
      const loo = looPredictions(kk, rows, y2, 2, [1e-3, 1e-1])[ri]!;
      for (let i = 0; i < rows; i++) {
        const rest = Int32Array.from(idx.filter((j) => j !== i));
        const sub = subMatrix(kk, rows, rest, rest);
        const b = Float64Array.from(Array.from(rest).flatMap((j) => [y2[2 * j]!, y2[2 * j + 1]!]));
        const alpha = solveSpd(sub, rows - 1, b, 2, (r * full) / meanDiagonal(sub, rows - 1)).x;
        const kRow = subMatrix(kk, rows, [i], rest);
        const pred = matMul(kRow, 1, rows - 1, alpha, 2);
        expect(loo[2 * i]).toBeCloseTo(pred[0]!, 6);
        expect(loo[2 * i + 1]).toBeCloseTo(pred[1]!, 6);
      }
    }
    // The choice is the best leave-one-out accuracy over every candidate kernel and ridge.
    const { accuracy } = await import('../../../src/experiments/ntk/regression.ts');
    const labels = Array.from({ length: rows }, (_, i) => (y2[2 * i]! > y2[2 * i + 1]! ? 0 : 1));
    const other = kk.map((v, i) => v * (i % (rows + 1) === 0 ? 1 : 0.5));
    const ridges = [1e-3, 1e-1];
    const choice = tuneByLoo([kk, other], rows, y2, 2, labels, ridges);
    const all = [kk, other].flatMap((c) => looPredictions(c, rows, y2, 2, ridges).map((p) => accuracy(p, 2, labels)));
    expect(choice.looAccuracy).toBe(Math.max(...all));
    expect(all[choice.kernel * 2 + ridges.indexOf(choice.ridge)]).toBe(choice.looAccuracy);
  });
});
