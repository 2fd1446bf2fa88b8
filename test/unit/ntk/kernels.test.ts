import { describe, expect, it } from 'vitest';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { createRng } from '../../../src/experiments/runtime/rng.ts';
import { fcKernels, fcSelfVariances, rbfKernel, reluStep, medianDistance } from '../../../src/experiments/ntk/kernels.ts';

const randomPoints = (n: number, d: number, seed = 1) => Float64Array.from(createRng(seed).normalArray(n * d));

describe('analytic fully connected kernels', () => {
  it('match the closed forms at depth 1 for orthogonal and parallel inputs', () => {
    const sw = 1.3;
    const sb = 0.2;
    const d = 2;
    // x1 = (1, 0), x2 = (0, 1) orthogonal; x3 = (2, 0) parallel to x1.
    const x = new Float64Array([1, 0, 0, 1, 2, 0]);
    const { nngp, ntk } = fcKernels(x, 3, null, 3, d, { depth: 1, sigmaW: sw, sigmaB: sb });
    const w2 = sw * sw;
    const b2 = sb * sb;
    const q1 = w2 * (1 / d) + b2;
    const q3 = w2 * (4 / d) + b2;
    // Orthogonal: K1 = b2, cos t = b2 / q1.
    const rho = b2 / q1;
    const t = Math.acos(rho);
    const kr = (q1 * (Math.sin(t) + (Math.PI - t) * rho)) / (2 * Math.PI);
    expect(nngp[1]).toBeCloseTo(w2 * kr + b2, 12);
    expect(ntk[1]).toBeCloseTo(w2 * kr + b2 + w2 * b2 * ((Math.PI - t) / (2 * Math.PI)), 12);
    // Diagonal (and in general parallel inputs, cos t = K / sqrt(q q')).
    expect(nngp[0]).toBeCloseTo(w2 * (q1 / 2) + b2, 12);
    expect(ntk[0]).toBeCloseTo(w2 * (q1 / 2) + b2 + w2 * q1 * 0.5, 12);
    // With sigmaB = 0, parallel inputs have cos t = 1 exactly: K = w2 * sqrt(q1 q3) / 2, Theta = 2K.
    const nb = fcKernels(x, 3, null, 3, d, { depth: 1, sigmaW: sw, sigmaB: 0 });
    const p1 = w2 / d;
    const p3 = (4 * w2) / d;
    expect(nb.nngp[2]).toBeCloseTo((w2 * Math.sqrt(p1 * p3)) / 2, 12);
    expect(nb.ntk[2]).toBeCloseTo(w2 * Math.sqrt(p1 * p3), 12);
    // Orthogonal, no bias: K = w2 q / (2 pi), Theta = K (cos t = 0, no first-layer term).
    expect(nb.nngp[1]).toBeCloseTo((w2 * p1) / (2 * Math.PI), 12);
    expect(nb.ntk[1]).toBeCloseTo((w2 * p1) / (2 * Math.PI), 12);
    void q3;
  });

  it('are symmetric, positive semi-definite, and agree between the symmetric and cross forms', () => {
    const n = 30;
    const d = 5;
    const x = randomPoints(n, d);
    for (const depth of [1, 3, 6]) {
      const p = { depth, sigmaW: Math.SQRT2, sigmaB: 0.1 };
      const sym = fcKernels(x, n, null, n, d, p);
      const cross = fcKernels(x, n, x, n, d, p);
      for (const k of [sym.nngp, sym.ntk]) {
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(k[i * n + j]).toBe(k[j * n + i]);
        const m = new Matrix(n, n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, k[i * n + j]! + (i === j ? 1e-9 : 0));
        expect(new CholeskyDecomposition(m).isPositiveDefinite()).toBe(true);
      }
      for (let i = 0; i < n * n; i++) expect(cross.ntk[i]).toBeCloseTo(sym.ntk[i]!, 10);
      // NTK >= NNGP entrywise on the diagonal (Theta = K + positive terms).
      for (let i = 0; i < n; i++) expect(sym.ntk[i * n + i]!).toBeGreaterThan(sym.nngp[i * n + i]!);
    }
  });

  it('never produce NaN, even for duplicate, zero and antipodal inputs', () => {
    const x = new Float64Array([1, 2, 1, 2, 0, 0, -1, -2]);
    const { nngp, ntk } = fcKernels(x, 4, null, 4, 2, { depth: 4, sigmaW: 1.5, sigmaB: 0 });
    for (const v of [...nngp, ...ntk]) expect(Number.isFinite(v)).toBe(true);
    expect(reluStep(1 + 1e-15, 1)[1]).toBe(0.5);
    expect(reluStep(-1 - 1e-15, 1)[1]).toBe(0);
  });

  it('takes self-variances from the same recursion as the Gram diagonal', () => {
    const x = randomPoints(4, 3, 2);
    const p = { depth: 3, sigmaW: 1.2, sigmaB: 0.3 };
    const { nngp } = fcKernels(x, 4, null, 4, 3, p);
    const norms = Float64Array.from({ length: 4 }, (_, i) => x[3 * i]! ** 2 + x[3 * i + 1]! ** 2 + x[3 * i + 2]! ** 2);
    const q = fcSelfVariances(norms, 3, p);
    // Final diagonal = one more relu+dense step from the last self-variance.
    for (let i = 0; i < 4; i++) expect(nngp[i * 4 + i]).toBeCloseTo(1.44 * (q[i * 3 + 2]! / 2) + 0.09, 12);
  });

  it('RBF kernel has unit diagonal and median bandwidth is positive', () => {
    const x = randomPoints(10, 3, 3);
    const k = rbfKernel(x, 10, x, 10, 3, medianDistance(x, 10, 3));
    for (let i = 0; i < 10; i++) expect(k[i * 10 + i]).toBeCloseTo(1, 12);
  });
});
