import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/experiments/runtime/rng.ts';
import { cntkFull, cntkSelfVariances, cntkVanilla, type CntkParams } from '../../../src/experiments/ntk/cntk.ts';

const images = (count: number, h: number, w: number, seed: number) => Float64Array.from(createRng(seed).normalArray(count * h * w));

describe('convolutional NTK', () => {
  it('the same-offset shortcut equals the full computation for the vanilla readout', () => {
    for (const [h, w, depth] of [[8, 8, 3], [5, 7, 2], [4, 4, 5]] as const) {
      const p: CntkParams = { depth, sigmaW: Math.SQRT2, sigmaB: 0.2, height: h, width: w };
      const P = h * w;
      const x = images(4, h, w, depth);
      const q = [0, 1, 2, 3].map((i) => cntkSelfVariances(x, i * P, p));
      for (const [i, j] of [[0, 1], [2, 3], [1, 1]] as const) {
        const full = cntkFull(x, i * P, q[i]!, x, j * P, q[j]!, p);
        const short = cntkVanilla(x, i * P, q[i]!, x, j * P, q[j]!, p);
        expect(short[0]).toBeCloseTo(full[0], 12);
        expect(short[1]).toBeCloseTo(full[1], 12);
      }
    }
  });

  it('is symmetric in the two images, and the self-variances match the full diagonal', () => {
    const p: CntkParams = { depth: 3, sigmaW: 1.4, sigmaB: 0.1, height: 6, width: 6 };
    const x = images(2, 6, 6, 9);
    const q0 = cntkSelfVariances(x, 0, p);
    const q1 = cntkSelfVariances(x, 36, p);
    const a = cntkFull(x, 0, q0, x, 36, q1, p);
    const b = cntkFull(x, 36, q1, x, 0, q0, p);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 12));
    // The vanilla NNGP of an image with itself is w^2 * mean(q_last / 2) + b^2.
    const self = cntkVanilla(x, 0, q0, x, 0, q0, p);
    const last = q0.subarray(2 * 36, 3 * 36);
    const expected = (1.96 * last.reduce((s, v) => s + v / 2, 0)) / 36 + 0.01;
    expect(self[0]).toBeCloseTo(expected, 12);
  });

  it('pooled kernel Gram matrix is positive semi-definite', () => {
    const p: CntkParams = { depth: 2, sigmaW: Math.SQRT2, sigmaB: 0.1, height: 5, width: 5 };
    const n = 6;
    const x = images(n, 5, 5, 4);
    const q = Array.from({ length: n }, (_, i) => cntkSelfVariances(x, i * 25, p));
    const k = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => cntkFull(x, i * 25, q[i]!, x, j * 25, q[j]!, p)[3]));
    // Check v^T K v >= 0 for random v.
    const rng = createRng(5);
    for (let t = 0; t < 50; t++) {
      const v = Array.from({ length: n }, () => rng.normal());
      let s = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += v[i]! * k[i]![j]! * v[j]!;
      expect(s).toBeGreaterThan(-1e-9);
    }
  });
});
