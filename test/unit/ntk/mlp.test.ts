import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { createRng } from '../../../src/experiments/runtime/rng.ts';
import { disposeMlp, empiricalNtk, forward, gdStep, initMlp, parameterCount, type Mlp, type MlpShape } from '../../../src/experiments/ntk/mlp.ts';
import { fcKernels } from '../../../src/experiments/ntk/kernels.ts';

beforeAll(async () => {
  await selectNodeBackend('cpu');
});

/** The net's parameters as one float64 vector (weights then bias, layer by layer). */
function flatParams(net: Mlp): Float64Array {
  const parts: number[] = [];
  for (let l = 0; l < net.weights.length; l++) parts.push(...net.weights[l]!.dataSync(), ...net.biases[l]!.dataSync());
  return Float64Array.from(parts);
}

/** Float64 reference forward pass from a flat parameter vector (same layout as flatParams). */
function forward64(s: MlpShape, theta: Float64Array, x: Float64Array, n: number): Float64Array {
  let a = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * s.inputs, (i + 1) * s.inputs)));
  let offset = 0;
  for (let l = 0; l <= s.depth; l++) {
    const fin = l === 0 ? s.inputs : s.width;
    const fout = l === s.depth ? s.outputs : s.width;
    const w = theta.subarray(offset, offset + fin * fout);
    const b = theta.subarray(offset + fin * fout, offset + fin * fout + fout);
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
  return Float64Array.from(a.flat());
}

const shape: MlpShape = { inputs: 3, width: 6, depth: 2, outputs: 1, sigmaW: 1.4, sigmaB: 0.3 };
const n = 4;
const xData = Float64Array.from(createRng(11).normalArray(n * 3));

describe('finite nets in the NTK parameterisation', () => {
  it('empirical NTK equals J J^T of a finite-difference Jacobian (float64 reference)', () => {
    const net = initMlp(shape, createRng(3));
    const theta = flatParams(net);
    expect(theta.length).toBe(parameterCount(shape));
    const eps = 1e-6;
    const jac = Array.from({ length: n }, () => new Float64Array(theta.length));
    for (let p = 0; p < theta.length; p++) {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[p] = up[p]! + eps;
      down[p] = down[p]! - eps;
      const fu = forward64(shape, up, xData, n);
      const fd = forward64(shape, down, xData, n);
      for (let i = 0; i < n; i++) jac[i]![p] = (fu[i]! - fd[i]!) / (2 * eps);
    }
    const x = tf.tensor2d(Float32Array.from(xData), [n, 3]);
    const ntk = empiricalNtk(net, x).dataSync();
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < theta.length; p++) s += jac[i]![p]! * jac[j]![p]!;
        expect(Math.abs(ntk[i * n + j]! - s)).toBeLessThan(1e-4 * Math.max(1, Math.abs(s)));
      }
    }
    // The forward pass agrees with the reference too.
    const f = forward(net, x).dataSync();
    const f64 = forward64(shape, theta, xData, n);
    f.forEach((v, i) => expect(v).toBeCloseTo(f64[i]!, 4));
    x.dispose();
    disposeMlp(net);
  });

  it('a gradient-descent step moves the parameters by -eta times the finite-difference gradient', () => {
    const net = initMlp(shape, createRng(4));
    const theta = flatParams(net);
    const y = Float64Array.from([0.5, -1, 0.25, 1]);
    const loss = (t: Float64Array) => forward64(shape, t, xData, n).reduce((s, f, i) => s + (f - y[i]!) ** 2, 0) / (2 * n);
    const eta = 0.1;
    const x = tf.tensor2d(Float32Array.from(xData), [n, 3]);
    const ys = tf.tensor2d(Float32Array.from(y), [n, 1]);
    gdStep(net, x, ys, eta).dispose();
    const after = flatParams(net);
    const eps = 1e-6;
    for (let p = 0; p < theta.length; p += 3) {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[p] = up[p]! + eps;
      down[p] = down[p]! - eps;
      const grad = (loss(up) - loss(down)) / (2 * eps);
      expect(after[p]! - theta[p]!).toBeCloseTo(-eta * grad, 4);
    }
    for (const t of [x, ys]) t.dispose();
    disposeMlp(net);
  });

  it('is deterministic for a seed', () => {
    const x = tf.tensor2d(Float32Array.from(xData), [n, 3]);
    const a = initMlp(shape, createRng(7));
    const b = initMlp(shape, createRng(7));
    expect(Array.from(empiricalNtk(a, x).dataSync())).toEqual(Array.from(empiricalNtk(b, x).dataSync()));
    const c = initMlp(shape, createRng(8));
    expect(Array.from(empiricalNtk(c, x).dataSync())).not.toEqual(Array.from(empiricalNtk(a, x).dataSync()));
    for (const net of [a, b, c]) disposeMlp(net);
    x.dispose();
  });

  it('Monte-Carlo average of wide nets matches the analytic NTK and NNGP', () => {
    // Statistical tolerance: 4 standard errors of the mean over the nets, plus 2% for the O(1/width)
    // bias of a finite width (the depth-1 estimators are unbiased; depth 2 is not exactly).
    const d = 5;
    const pts = 4;
    const x64 = Float64Array.from(createRng(21).normalArray(pts * d));
    const x = tf.tensor2d(Float32Array.from(x64), [pts, d]);
    for (const depth of [1, 2]) {
      const p = { depth, sigmaW: Math.SQRT2, sigmaB: 0.2 };
      const analytic = fcKernels(x64, pts, null, pts, d, p);
      const nets = 40;
      const width = 256;
      const samples: Float32Array[] = [];
      for (let k = 0; k < nets; k++) {
        const net = initMlp({ inputs: d, width, outputs: 1, ...p }, createRng(`mc/${depth}/${k}`));
        samples.push(empiricalNtk(net, x).dataSync() as Float32Array);
        disposeMlp(net);
      }
      for (let e = 0; e < pts * pts; e++) {
        const v = samples.map((s) => s[e]!);
        const mean = v.reduce((a, b) => a + b, 0) / nets;
        const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (nets - 1));
        expect(Math.abs(mean - analytic.ntk[e]!)).toBeLessThan(4 * (sd / Math.sqrt(nets)) + 0.02 * Math.abs(analytic.ntk[e]!));
      }
      // NNGP: E[f(x) f(x')] over initialisations (outputs of narrow nets, many of them).
      const draws = 600;
      const prods = Array.from({ length: draws }, (_, k) => {
        const net = initMlp({ inputs: d, width: 32, outputs: 1, ...p }, createRng(`gp/${depth}/${k}`));
        const f = forward(net, x).dataSync();
        disposeMlp(net);
        return [f[0]! * f[0]!, f[0]! * f[1]!, f[2]! * f[3]!];
      });
      [[0, 0], [0, 1], [2, 3]].forEach(([i, j], c) => {
        const v = prods.map((r) => r[c]!);
        const mean = v.reduce((a, b) => a + b, 0) / draws;
        const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws - 1));
        expect(Math.abs(mean - analytic.nngp[i! * pts + j!]!)).toBeLessThan(4 * (sd / Math.sqrt(draws)) + 0.05 * Math.abs(analytic.nngp[i! * pts + j!]!));
      });
    }
    x.dispose();
  });
});
