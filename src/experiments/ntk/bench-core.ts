/**
 * Benchmark kernels of the NTK engine, without any Node-only import, so the same code runs in Node
 * (scripts/bench/ntk.ts) and in a browser page or worker (headless Chromium).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../runtime/rng.ts';
import { fcKernels } from './kernels.ts';
import { cntkFull, cntkScratch, cntkSelfVariances, cntkVanilla } from './cntk.ts';
import { conjugateGradient, matMul, solveSpd } from './regression.ts';
import { disposeMlp, empiricalNtk, empiricalNtkAsync, initMlp } from './mlp.ts';

const time = async (f: () => unknown | Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

/** Backend-independent numbers (plain JS, float64): kernel entries per second and dense solves. */
export async function benchKernels(): Promise<Record<string, number>> {
  const rng = createRng('bench');
  const d = 64;
  const n = 600;
  const x = Float64Array.from(rng.normalArray(n * d));
  const fcMs = await time(() => fcKernels(x, n, null, n, d, { depth: 3, sigmaW: Math.SQRT2, sigmaB: 0.1 }));
  const p = { depth: 4, sigmaW: Math.SQRT2, sigmaB: 0.1, height: 8, width: 8 };
  const q = Array.from({ length: 20 }, (_, i) => cntkSelfVariances(x, i * d, p));
  const scratch = cntkScratch(p);
  const pairs = 100;
  const gapMs = await time(() => {
    for (let k = 0; k < pairs; k++) cntkFull(x, (k % 20) * d, q[k % 20]!, x, ((k * 7) % 20) * d, q[(k * 7) % 20]!, p, scratch);
  });
  const vanillaPairs = 5000;
  const vanillaMs = await time(() => {
    for (let k = 0; k < vanillaPairs; k++) cntkVanilla(x, (k % 20) * d, q[k % 20]!, x, ((k * 7) % 20) * d, q[(k * 7) % 20]!, p);
  });
  const out: Record<string, number> = {
    'fc-ntk depth 3 entries/s': Math.round((n * (n + 1)) / 2 / (fcMs / 1000)),
    'cntk-gap depth 4 entries/s (8x8)': Math.round(pairs / (gapMs / 1000)),
    'cntk-vanilla depth 4 entries/s (8x8)': Math.round(vanillaPairs / (vanillaMs / 1000)),
  };
  const k = fcKernels(x, n, null, n, d, { depth: 3, sigmaW: Math.SQRT2, sigmaB: 0.1 }).ntk;
  for (const size of [250, 500]) {
    const sub = new Float64Array(size * size);
    for (let i = 0; i < size; i++) sub.set(k.subarray(i * n, i * n + size), i * size);
    const b = Float64Array.from(rng.normalArray(size * 10));
    out[`cholesky solve n=${size}, 10 rhs (ms, ml-matrix float64)`] = Math.round(await time(() => solveSpd(sub, size, b, 10, 1e-6)));
    const b1 = b.subarray(0, size);
    out[`cg n=${size} (ms, plain JS float64, ridge 1e-6)`] = Math.round(
      await time(() => conjugateGradient((v) => {
        const r = matMul(sub, size, size, v, 1);
        for (let i = 0; i < size; i++) r[i] = r[i]! + 1e-6 * sub[i * size + i]! * v[i]!;
        return r;
      }, Float64Array.from(b1), 1e-6)),
    );
  }
  return out;
}

/** Numbers of the active tfjs backend: float32 conjugate gradient and empirical-NTK throughput. */
export async function benchBackend(): Promise<Record<string, number | string>> {
  const rng = createRng('bench-tf');
  const out: Record<string, number | string> = { backend: tf.getBackend() };
  const n = 500;
  const d = 64;
  const x = Float64Array.from(rng.normalArray(n * d));
  const k = fcKernels(x, n, null, n, d, { depth: 3, sigmaW: Math.SQRT2, sigmaB: 0.1 }).ntk;
  const kt = tf.tensor2d(Float32Array.from(k), [n, n]);
  const b = tf.tensor2d(rng.normalArray(n), [n, 1]);
  // CG in float32 with readback of the residual every 10 iterations.
  const cgMs = await time(async () => {
    let xk = tf.zeros([n, 1]) as tf.Tensor2D;
    let r: tf.Tensor = b.clone();
    let p: tf.Tensor = b.clone();
    let rr = (await tf.sum(tf.square(r)).data())[0]!;
    const bb = rr;
    for (let it = 0; it < 500; it++) {
      const next = tf.tidy(() => {
        const ap = tf.matMul(kt, p);
        const alpha = tf.div(rr, tf.sum(tf.mul(p, ap)));
        const x2 = tf.add(xk, tf.mul(alpha, p));
        const r2 = tf.sub(r, tf.mul(alpha, ap));
        return { x2, r2 };
      });
      const rr2 = (await tf.sum(tf.square(next.r2)).data())[0]!;
      const p2 = tf.tidy(() => tf.add(next.r2, tf.mul(rr2 / rr, p)));
      for (const t of [xk, r, p]) t.dispose();
      xk = next.x2 as tf.Tensor2D;
      r = next.r2;
      p = p2;
      rr = rr2;
      if (Math.sqrt(rr / bb) < 1e-4) break;
    }
    for (const t of [xk, r, p]) t.dispose();
  });
  out[`cg n=${n} float32 to 1e-4 (ms)`] = Math.round(cgMs);
  kt.dispose();
  b.dispose();
  for (const width of [512, 2048]) {
    const net = initMlp({ inputs: d, width, depth: 3, outputs: 1, sigmaW: Math.SQRT2, sigmaB: 0.1 }, rng);
    const xs = tf.tensor2d(Float32Array.from(x.subarray(0, 64 * d)), [64, d]);
    await empiricalNtk(net, xs).data(); // warm-up
    const ms = await time(async () => {
      const t = empiricalNtk(net, xs);
      await t.data();
      t.dispose();
    });
    out[`empirical NTK 64x64, width ${width}, depth 3 (ms)`] = Math.round(ms);
    // The cancellable form the experiments run (products in blocks of columns, a pause between them).
    const blockedMs = await time(async () => {
      const t = await empiricalNtkAsync(net, xs, xs, async () => {});
      await t.data();
      t.dispose();
    });
    out[`empirical NTK 64x64 in bounded steps, width ${width}, depth 3 (ms)`] = Math.round(blockedMs);
    xs.dispose();
    disposeMlp(net);
  }
  return out;
}
