import { describe, expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { createRng } from '../../../src/experiments/runtime/rng.ts';
import { fcKernels } from '../../../src/experiments/ntk/kernels.ts';
import {
  accuracy, conjugateGradient, kernelRegression, largestEigenvalue, linearisedTrajectory, logLogSlope, matMul,
  nearestNeighbourAccuracy, oneHotTargets, relativeFrobenius, solveSpd,
} from '../../../src/experiments/ntk/regression.ts';

const n = 25;
const m = 7;
const d = 4;
const x = Float64Array.from(createRng(2).normalArray((n + m) * d));
const p = { depth: 2, sigmaW: Math.SQRT2, sigmaB: 0.1 };
const train = x.subarray(0, n * d);
const test = x.subarray(n * d);
const kTrain = fcKernels(train, n, null, n, d, p).ntk;
const kTest = fcKernels(test, m, train, n, d, p).ntk;
const y = Float64Array.from(createRng(3).normalArray(n * 2));

describe('kernel regression and the linearised trajectory', () => {
  it('kernel regression equals a float64 LU solve', () => {
    const pred = kernelRegression(kTrain, n, kTest, m, y, 2, 0);
    const K = new Matrix(Array.from({ length: n }, (_, i) => Array.from(kTrain.subarray(i * n, i * n + n))));
    const Y = new Matrix(Array.from({ length: n }, (_, i) => [y[2 * i]!, y[2 * i + 1]!]));
    const alpha = solve(K, Y);
    const expected = new Matrix(Array.from({ length: m }, (_, i) => Array.from(kTest.subarray(i * n, i * n + n)))).mmul(alpha);
    for (let i = 0; i < m; i++) for (let j = 0; j < 2; j++) expect(pred[i * 2 + j]).toBeCloseTo(expected.get(i, j), 8);
  });

  it('conjugate gradient reaches the same solution with a residual stop', () => {
    const b = y.filter((_, i) => i % 2 === 0);
    const cg = conjugateGradient((v) => matMul(kTrain, n, n, v, 1), b, 1e-12);
    const direct = solveSpd(kTrain, n, b, 1, 0).x;
    expect(cg.relativeResidual).toBeLessThan(1e-12);
    cg.x.forEach((v, i) => expect(v).toBeCloseTo(direct[i]!, 6));
  });

  it('one linearised step is f - (eta/N) Theta (f - y), and many steps converge to kernel regression', () => {
    const yy = y.filter((_, i) => i % 2 === 0);
    const eta = 1 / (largestEigenvalue(kTrain, n) / n);
    const one = linearisedTrajectory(kTrain, n, kTest, m, yy, new Float64Array(n), new Float64Array(m), eta, [0, 1]);
    const r = matMul(kTest, m, n, yy, 1);
    one[1]!.test.forEach((v, i) => expect(v).toBeCloseTo((eta / n) * r[i]!, 12));
    // Converged: run long enough for the smallest eigen-direction of this small system.
    const long = linearisedTrajectory(kTrain, n, kTest, m, yy, new Float64Array(n), new Float64Array(m), eta, [20000]);
    const limit = kernelRegression(kTrain, n, kTest, m, yy, 1, 0);
    long[0]!.test.forEach((v, i) => expect(v).toBeCloseTo(limit[i]!, 3));
    long[0]!.train.forEach((v, i) => expect(v).toBeCloseTo(yy[i]!, 3));
  });

  it('helpers: accuracy, 1-NN, one-hot targets, Frobenius distance, log-log slope', () => {
    expect(Array.from(oneHotTargets([1, 0], 2))).toEqual([-0.1, 0.9, 0.9, -0.1]);
    expect(accuracy(new Float64Array([0, 1, 1, 0, 0.2, 0.1]), 2, [1, 1, 0])).toBeCloseTo(2 / 3, 12);
    expect(nearestNeighbourAccuracy(new Float64Array([0, 10]), [0, 1], new Float64Array([1, 9, 6]), [0, 1, 0], 1)).toBeCloseTo(2 / 3, 12);
    expect(relativeFrobenius([1, 1], [1, 0])).toBeCloseTo(1, 12);
    expect(logLogSlope([1, 10, 100], [1, 0.1, 0.01]).slope).toBeCloseTo(-1, 12);
  });
});
