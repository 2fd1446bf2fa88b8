import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { RunCancelledError } from '../../../src/experiments/runtime/cancel.ts';
import {
  autoLearningRate,
  factorGradients,
  hessianVectorProducts,
  topHessianEigenvalue,
  initialFactors,
  trainRuns,
  type RunState,
  type TrainOptions,
} from '../../../src/experiments/matrix-completion/engine.ts';
import { syntheticProblem, observedDense } from '../../../src/experiments/matrix-completion/problem.ts';
import { referenceLoss, referenceStep, type ReferenceData } from '../../../src/experiments/matrix-completion/reference.ts';
import { randomFactors, smallData } from './reference.test.ts';

beforeAll(async () => {
  await selectNodeBackend('cpu');
});

const base: TrainOptions = {
  depth: 3,
  init: 'identity',
  initScale: 1e-3,
  optimizer: 'gd',
  learningRate: 'auto',
  maxSteps: 400,
  targetLoss: 1e-6,
  readEvery: 50,
  batchMode: 'stacked',
  trackSpectrum: false,
  topSingularValues: 5,
};

async function drain(gen: AsyncGenerator<unknown, RunState[], void>): Promise<RunState[]> {
  for (;;) {
    const s = await gen.next();
    if (s.done) return s.value;
  }
}

const tensor = (data: ReferenceData, key: 'mask' | 'values') => tf.tensor3d(Float32Array.from(data[key]), [1, data.n, data.n]);

describe('engine gradients', () => {
  it.each([1, 2, 3, 4])('hand-written tfjs gradients match float64 finite differences at depth %i', (depth) => {
    const n = 6;
    const data = smallData(n, 10 + depth);
    const factors = randomFactors(n, depth, 20 + depth, 0.6);
    const grads = tf.tidy(() =>
      factorGradients(
        factors.map((f) => tf.tensor3d(Float32Array.from(f), [1, n, n])),
        tensor(data, 'mask'),
        tensor(data, 'values'),
        tf.tensor3d([2 / data.count], [1, 1, 1]),
      ).map((g) => g.dataSync()),
    );
    const h = 1e-6;
    let worst = 0;
    let scale = 0;
    for (let j = 0; j < depth; j++) {
      for (let k = 0; k < n * n; k += 5) {
        const plus = factors.map((f) => Float64Array.from(f));
        const minus = factors.map((f) => Float64Array.from(f));
        plus[j]![k]! += h;
        minus[j]![k]! -= h;
        const fd = (referenceLoss(plus, data) - referenceLoss(minus, data)) / (2 * h);
        worst = Math.max(worst, Math.abs(grads[j]![k]! - fd));
        scale = Math.max(scale, Math.abs(fd));
      }
    }
    // float32 kernels against a float64 reference: relative 1e-4 of the largest entry.
    expect(worst).toBeLessThan(1e-4 * scale + 1e-7);
  });

  it.each([1, 2, 3, 4])('exact Hessian-vector products match float64 finite differences of the gradient at depth %i', (depth) => {
    const n = 6;
    const data = smallData(n, 30 + depth);
    const factors = randomFactors(n, depth, 40 + depth, 0.6);
    const direction = randomFactors(n, depth, 50 + depth, 1);
    const mask = tensor(data, 'mask');
    const values = tensor(data, 'values');
    const scale = tf.tensor3d([2 / data.count], [1, 1, 1]);
    const t = (a: Float64Array) => tf.tensor3d(Float32Array.from(a), [1, n, n]);
    const hv = tf.tidy(() => hessianVectorProducts(factors.map(t), mask, values, scale, direction.map(t)).map((x) => x.dataSync()));
    // Central differences of the float64 finite-difference gradient would be too noisy: differentiate the
    // float64 loss twice along (e_k, v) instead: d/dh [L(W + h v + g e_k) - L(W + h v - g e_k)] / 2g.
    const h = 1e-4;
    const g = 1e-4;
    const shifted = (sh: number, j: number, k: number, sg: number) =>
      factors.map((f, i) => {
        const out = Float64Array.from(f, (x, q) => x + sh * direction[i]![q]!);
        if (i === j) out[k]! += sg;
        return out;
      });
    let worst = 0;
    let largest = 0;
    for (let j = 0; j < depth; j++) {
      for (let k = 0; k < n * n; k += 3) {
        const d = (sh: number) => (referenceLoss(shifted(sh, j, k, g), data) - referenceLoss(shifted(sh, j, k, -g), data)) / (2 * g);
        const fd = (d(h) - d(-h)) / (2 * h);
        worst = Math.max(worst, Math.abs(hv[j]![k]! - fd));
        largest = Math.max(largest, Math.abs(fd));
      }
    }
    expect(largest).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-3 * largest + 1e-6);
    tf.dispose([mask, values, scale]);
  });

  it('depth 1 is plain gradient descent on the matrix', async () => {
    const problem = syntheticProblem(12, 2, 60, 3);
    const { values, mask } = observedDense(problem);
    const data: ReferenceData = { n: 12, mask, values, count: 60 };
    const rate = 5;
    let w: Float64Array[] = [Float64Array.from(initialFactors(12, 1, 'gaussian', 0.5, 'x')[0]!)];
    for (let s = 0; s < 20; s++) w = referenceStep(w, data, rate);
    // Plain GD on W: W <- W - rate (2/K) P_S(W - B), written out without the reference.
    const direct = Float64Array.from(initialFactors(12, 1, 'gaussian', 0.5, 'x')[0]!);
    for (let s = 0; s < 20; s++) for (let k = 0; k < direct.length; k++) if (mask[k]) direct[k]! -= (rate * 2 * (direct[k]! - values[k]!)) / 60;
    for (let k = 0; k < direct.length; k++) expect(w[0]![k]!).toBeCloseTo(direct[k]!, 10);
    const states = await drain(
      trainRuns([{ problem, initSeed: 'x' }], { ...base, depth: 1, init: 'gaussian', initScale: 0.5, learningRate: rate, maxSteps: 20, readEvery: 20, targetLoss: 0 }),
    );
    const got = states[0]!.final!.w;
    for (let k = 0; k < direct.length; k++) expect(got[k]!).toBeCloseTo(direct[k]!, 4);
  });
});

describe('engine runs', () => {
  const problems = [1, 2].map((seed) => syntheticProblem(20, 2, 200, seed));
  const runs = problems.map((problem, i) => ({ problem, initSeed: i + 1 }));

  it('is deterministic for a seed, and stacked batches equal one-by-one runs', async () => {
    const a = await drain(trainRuns(runs, base));
    const b = await drain(trainRuns(runs, base));
    expect(b.map((s) => s.points)).toEqual(a.map((s) => s.points));
    const loop = await drain(trainRuns(runs, { ...base, batchMode: 'loop' }));
    for (let i = 0; i < runs.length; i++) {
      const x = a[i]!.points.at(-1)!;
      const y = loop[i]!.points.at(-1)!;
      expect(Math.abs(x.paperError! - y.paperError!)).toBeLessThan(1e-6 + 1e-4 * x.paperError!);
    }
  });

  it('the measured step is stable at every depth 1..5, larger than the former bound, and the same for a seed', async () => {
    for (const depth of [1, 2, 3, 4, 5]) {
      const [state] = await drain(trainRuns([runs[0]!], { ...base, depth, maxSteps: 3000 }));
      const losses = state!.points.map((p) => p.trainLoss);
      expect(state!.status).toBe('converged');
      expect(losses.every(Number.isFinite)).toBe(true);
      // Below the stability limit 2 / lambda of the curvature measured at the end.
      expect(state!.learningRate * state!.curvature!).toBeLessThan(2);
      expect(state!.maxLearningRate!).toBeGreaterThan(autoLearningRate(problems[0]!, depth));
      const [again] = await drain(trainRuns([runs[0]!], { ...base, depth, maxSteps: 3000 }));
      expect(again!.points).toEqual(state!.points);
    }
  });

  it('at depth 1 the curvature is the quadratic one, 2/K on observed entries', () => {
    const problem = problems[0]!;
    const dense = observedDense(problem);
    const n = problem.n;
    const t = (a: ArrayLike<number>) => tf.tensor3d(Float32Array.from(a), [1, n, n]);
    const f = [t(initialFactors(n, 1, 'gaussian', 0.3, 1)[0]!)];
    const start = [t(Float32Array.from({ length: n * n }, (_, i) => Math.sin(i + 1)))];
    const { lambda, vector } = topHessianEigenvalue(f, t(dense.mask), t(dense.values), tf.tensor3d([2 / problem.trainIndex.length], [1, 1, 1]), start, 30);
    expect(lambda[0]!).toBeCloseTo(2 / problem.trainIndex.length, 6);
    tf.dispose([...f, ...start, ...vector]);
  });
  it('Adam runs and lowers the loss', async () => {
    const [state] = await drain(trainRuns([runs[0]!], { ...base, optimizer: 'adam', maxSteps: 200 }));
    expect(state!.learningRate).toBe(1e-3);
    expect(state!.points.at(-1)!.trainLoss).toBeLessThan(state!.points[0]!.trainLoss);
  });

  it('stops at the loss tolerance and is cancellable between chunks', async () => {
    const [state] = await drain(trainRuns([runs[0]!], { ...base, depth: 1, maxSteps: 1000, readEvery: 10 }));
    expect(state!.status).toBe('converged');
    expect(state!.step).toBeLessThanOrEqual(20);
    const controller = new AbortController();
    const gen = trainRuns(runs, base, { signal: controller.signal });
    await gen.next();
    const before = tf.memory().numTensors;
    controller.abort();
    await expect(gen.next()).rejects.toBeInstanceOf(RunCancelledError);
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await drain(trainRuns(runs, { ...base, optimizer: 'adam', maxSteps: 100 }));
    await drain(trainRuns(runs, { ...base, depth: 1, maxSteps: 100 }));
    expect(tf.memory().numTensors).toBe(before);
  });
});
