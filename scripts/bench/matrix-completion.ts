/**
 * Benchmark (not a test): gradient steps per second of deep matrix factorisation at n = 100,
 * depths 2-4, per Node backend (cpu, wasm), for B runs advanced together as one stacked [B, n, n]
 * batch against B runs advanced one after the other with tfjs ops ("loop") and, on wasm, by the fused
 * WebAssembly kernel ("fused", src/experiments/matrix-completion/fused-descent.ts: the engine's
 * default there), beside a plain-JS Float64Array implementation of the same step
 * (src/experiments/matrix-completion/reference.ts), and the GFLOP/s of the kernel's own matmul.
 *
 *   node --import tsx scripts/bench/matrix-completion.ts
 *
 * Each timing is the difference between a run of S + 1 steps and one of 1 step (best of two), so
 * that set-up, readbacks and the final metrics cancel out. "steps per second" counts one step of one run.
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { trainRuns, type BatchMode, type TrainOptions } from '../../src/experiments/matrix-completion/engine.ts';
import { timeKernelMatmul } from '../../src/experiments/matrix-completion/fused-descent.ts';
import { syntheticProblem } from '../../src/experiments/matrix-completion/problem.ts';
import { plainJsStepsPerSecond } from './plain-js-step.ts';

const N = 100;
const RUNS = 4;
const OBSERVATIONS = 2000;

async function timeSteps(depth: number, mode: BatchMode, steps: number): Promise<number> {
  const runs = Array.from({ length: RUNS }, (_, i) => ({ problem: syntheticProblem(N, 5, OBSERVATIONS, i + 1), initSeed: i + 1 }));
  const options: TrainOptions = {
    depth,
    init: 'identity',
    initScale: 1e-3,
    optimizer: 'gd',
    learningRate: 'auto',
    maxSteps: steps,
    targetLoss: 0,
    readEvery: steps,
    batchMode: mode,
    trackSpectrum: false,
    topSingularValues: 1,
  };
  const started = performance.now();
  const gen = trainRuns(runs, options);
  while (!(await gen.next()).done);
  return performance.now() - started;
}

export async function benchMatrixCompletion(): Promise<object> {
  const results: { backend: string; depth: number; mode: string; runs: number; stepsPerSecond: number | null }[] = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    await selectNodeBackend(backend);
    for (const depth of [2, 3, 4]) {
      for (const mode of backend === 'wasm' ? (['stacked', 'loop', 'fused'] as const) : (['stacked', 'loop'] as const)) {
        // Enough steps for about a second per measurement; best of two, minus a 1-step run's set-up.
        const probe = Math.max(1, (await timeSteps(depth, mode, 3)) - (await timeSteps(depth, mode, 1))) / 2;
        const steps = Math.max(10, Math.min(5000, Math.round(1000 / probe)));
        let perStep = Infinity;
        for (let rep = 0; rep < 2; rep++) {
          const overhead = await timeSteps(depth, mode, 1);
          const long = await timeSteps(depth, mode, steps + 1);
          // A difference below a tenth of the long run is timing noise (the set-up's own variation): not resolved.
          if (long - overhead > 0.1 * long) perStep = Math.min(perStep, (long - overhead) / steps);
        }
        results.push({ backend: tf.getBackend(), depth, mode, runs: RUNS, stepsPerSecond: Number.isFinite(perStep) ? Math.round((RUNS * 1000) / perStep) : null });
      }
    }
  }
  // The kernel's matmul alone, in one instance (its practical ceiling), best of three.
  const kernelMatmulGflops = [100, 400].map((size) => {
    const ms = timeKernelMatmul(size, Math.max(5, Math.round(2000 * (100 / size) ** 3)));
    return { n: size, gflops: Number(((2 * size ** 3) / (ms * 1e6)).toFixed(1)) };
  });
  const plainJs: { depth: number; stepsPerSecond: number }[] = [];
  for (const depth of [2, 3, 4]) plainJs.push({ depth, stepsPerSecond: plainJsStepsPerSecond(N, OBSERVATIONS, depth) });
  return {
    benchmark: 'matrix-completion gradient steps per second (one step of one run)',
    n: N,
    observations: OBSERVATIONS,
    node: process.version,
    tfjs: tf.version_core,
    tfjsBackends: results,
    kernelMatmulGflops,
    plainJsFloat64: plainJs,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchMatrixCompletion(), null, 2));
}
