import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { compileKernel, kernelModuleText, TARGET } from '../../../scripts/build-wasm.mjs';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { createRng } from '../../../src/experiments/runtime/rng.ts';
import { trainRuns, type BatchMode, type RunState, type TrainOptions } from '../../../src/experiments/matrix-completion/engine.ts';
import { FusedDescent, kernelMatmul, kernelTranspose } from '../../../src/experiments/matrix-completion/fused-descent.ts';
import { syntheticProblem } from '../../../src/experiments/matrix-completion/problem.ts';
import { referenceStep } from '../../../src/experiments/matrix-completion/reference.ts';
import { randomFactors, smallData } from './reference.test.ts';

const random = (n: number, seed: string) => Float32Array.from(createRng(seed).normalArray(n * n, 1));

describe('fused gradient-descent kernel', () => {
  it('is the compiled AssemblyScript source (rebuilt here, byte for byte)', async () => {
    expect(readFileSync(TARGET, 'utf8')).toBe(kernelModuleText(await compileKernel()));
  }, 60_000);

  // Sizes with every tail: multiples of 8 and 4, and odd ones.
  it.each([1, 3, 4, 8, 13, 37])('multiplies A B and A^T B like float64 (n = %i)', (n) => {
    const a = random(n, `a${n}`);
    const b = random(n, `b${n}`);
    for (const transposeA of [false, true]) {
      const c = kernelMatmul(a, transposeA, b, n);
      let worst = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          let bound = 0;
          for (let p = 0; p < n; p++) {
            const x = transposeA ? a[p * n + i]! : a[i * n + p]!;
            s += x * b[p * n + j]!;
            bound += Math.abs(x * b[p * n + j]!);
          }
          // float32 summation of n products: error at most about n * 2^-24 times the sum of |terms|.
          worst = Math.max(worst, Math.abs(c[i * n + j]! - s) / (bound * n * 2 ** -24));
        }
      expect(worst).toBeLessThan(1);
    }
  });

  it.each([1, 3, 4, 8, 13, 37])('transposes exactly (n = %i)', (n) => {
    const a = random(n, `t${n}`);
    const t = kernelTranspose(a, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(t[j * n + i]).toBe(a[i * n + j]);
  });

  it.each([1, 2, 3, 4, 5])('one step at depth %i matches the float64 reference step to float32 rounding', (depth) => {
    const n = 7;
    const data = smallData(n, 40 + depth);
    const factors = randomFactors(n, depth, 50 + depth, 0.6);
    const eta = 0.05;
    const fused = new FusedDescent(n, depth, factors, data.mask.map((m) => m * Math.fround(2 / data.count)), data.values);
    fused.descend(1, eta);
    const got = fused.factors();
    // The reference starts from the float32-rounded factors the kernel holds.
    const expected = referenceStep(factors.map((f) => Float64Array.from(Float32Array.from(f))), data, Math.fround(eta));
    got.forEach((w, j) => {
      const scale = Math.max(...Array.from(expected[j]!, Math.abs));
      w.forEach((x, k) => expect(Math.abs(x - expected[j]![k]!)).toBeLessThan(2e-6 * scale));
    });
  });

  it('gives the same bits as the tfjs wasm path (loop mode), at every depth and for a size with tails', async () => {
    await selectNodeBackend('wasm');
    try {
      for (const [n, depth] of [[100, 3], [21, 1], [21, 2], [21, 4], [21, 5]] as const) {
        const runs = [1, 2].map((seed) => ({ problem: syntheticProblem(n, 3, Math.round(0.3 * n * n), seed), initSeed: seed }));
        const options: TrainOptions = {
          depth,
          init: 'gaussian',
          initScale: 0.5,
          optimizer: 'gd',
          learningRate: 'auto',
          maxSteps: 120,
          targetLoss: 0,
          readEvery: 40,
          batchMode: 'loop',
          trackSpectrum: false,
          topSingularValues: 3,
        };
        const final = async (batchMode: BatchMode) => {
          const gen = trainRuns(runs, { ...options, batchMode });
          for (;;) {
            const s = await gen.next();
            if (s.done) return (s.value as RunState[]).map((r) => [r.step, r.learningRate, Array.from(r.final!.w)]);
          }
        };
        const loop = await final('loop');
        const fused = await final('fused');
        expect(fused, `n ${n} depth ${depth}`).toEqual(loop);
        // The run moved: the factors are not where they started.
        expect((loop[0]![2] as number[]).some((x) => x !== 0)).toBe(true);
      }
    } finally {
      await selectNodeBackend('cpu');
      expect(tf.getBackend()).toBe('cpu');
    }
  }, 120_000);
});
