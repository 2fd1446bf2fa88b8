/**
 * Bundled by scripts/bench.ts (esbuild) into a small bench page for headless Chromium: the same
 * engine code as Node and the rerun worker, on the browser's tfjs backends, beside the plain-JS
 * Float64Array reference step. Exposes `window.trajectoriesBench`.
 *
 * The same page is served twice: plainly, and cross-origin isolated (COOP/COEP headers, see
 * scripts/serve.mjs `isolate`), where tfjs-backend-wasm loads its threaded SIMD build. `wasmThreads()`
 * says which build this page got.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgl';
import { trainRuns, type BatchMode, type TrainOptions } from '../../src/experiments/matrix-completion/engine.ts';
import { syntheticProblem } from '../../src/experiments/matrix-completion/problem.ts';
import { plainJsStepsPerSecond } from './plain-js-step.ts';
import { benchBackend, benchKernels } from '../../src/experiments/ntk/bench-core.ts';
import { timeConv2d, timeMatMul } from './matmul-core.ts';

// A folder: all three binaries (plain, SIMD, threaded SIMD) are copied beside the page by
// scripts/bench.ts, so whichever tfjs picks is found. The threaded build's pthread workers come from a
// blob tfjs inlines (wasmWorkerContents): nothing else to serve.
setWasmPaths(new URL('./', location.href).href);

const N = 100;
const OBSERVATIONS = 2000;

async function timeSteps(depth: number, runs: number, steps: number, batchMode: BatchMode): Promise<number> {
  const specs = Array.from({ length: runs }, (_, i) => ({ problem: syntheticProblem(N, 5, OBSERVATIONS, i + 1), initSeed: i + 1 }));
  const options: TrainOptions = {
    depth, init: 'identity', initScale: 1e-3, optimizer: 'gd', learningRate: 'auto', maxSteps: steps, targetLoss: 0,
    readEvery: steps, batchMode, trackSpectrum: false, topSingularValues: 1,
  };
  const started = performance.now();
  const gen = trainRuns(specs, options);
  while (!(await gen.next()).done);
  return performance.now() - started;
}

async function useBackend(name: string): Promise<{ ok: boolean; backend: string; error?: string; info?: string }> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return { ok: false, backend: tf.getBackend(), error: 'failed to initialise' };
    let info: string | undefined;
    if (name === 'wasm') info = `simd ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, threads ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}`;
    if (name === 'webgl') {
      const gl = document.createElement('canvas').getContext('webgl2');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      info = gl ? String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : 'no webgl2';
    }
    return { ok: true, backend: name, info };
  } catch (error) {
    return { ok: false, backend: name, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Gradient steps per second (one step of one run) of depth-`depth` factorisation at 100x100, with tfjs
 * ops (`stacked`: one run is a batch of one) or, on wasm, the fused kernel (`fused`, the engine's default there).
 */
async function matrixFactorization(backend: string, depth: number, runs = 1, budgetMs = 1500, mode: BatchMode = 'stacked') {
  const state = await useBackend(backend);
  const label = mode === 'fused' ? `${backend} (fused kernel)` : backend;
  if (!state.ok) return { backend: label, depth, runs, error: state.error };
  const probe = Math.max(1, (await timeSteps(depth, runs, 3, mode)) - (await timeSteps(depth, runs, 1, mode))) / 2;
  const steps = Math.max(5, Math.min(2000, Math.round(budgetMs / probe)));
  let perStep = Infinity;
  for (let rep = 0; rep < 2; rep++) {
    const overhead = await timeSteps(depth, runs, 1, mode);
    const long = await timeSteps(depth, runs, steps + 1, mode);
    // A difference below a tenth of the long run is timing noise (the set-up's own variation): not resolved.
    if (long - overhead > 0.1 * long) perStep = Math.min(perStep, (long - overhead) / steps);
  }
  return { backend: label, info: state.info, depth, runs, steps, stepsPerSecond: Number.isFinite(perStep) ? Math.round((runs * 1000) / perStep) : null };
}

/** The plain-JavaScript Float64Array reference step, same problem. */
function plainJs(depth: number) {
  return { backend: 'plain-js-float64', depth, stepsPerSecond: plainJsStepsPerSecond(N, OBSERVATIONS, depth) };
}

async function ntk(backend: string) {
  const state = await useBackend(backend);
  if (!state.ok) return { backend, error: state.error };
  return { backend, ...(await benchBackend()) };
}

/** Which WASM build this page runs: isolation, the flags tfjs decides by, its thread count, the binary fetched. */
async function wasmThreads() {
  const state = await useBackend('wasm');
  let threadsCount: number | null = null;
  try {
    threadsCount = getThreadsCount();
  } catch {
    threadsCount = null;
  }
  const wasmFetched = performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname.split('/').pop() ?? '')
    .filter((name) => name.endsWith('.wasm'));
  return {
    ok: state.ok,
    error: state.error,
    crossOriginIsolated: self.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    hardwareConcurrency: navigator.hardwareConcurrency,
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    multithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    threadsCount,
    wasmFetched,
  };
}

type KernelOptions = { budgetMs?: number; repetitions?: number };

async function matMul(backend: string, n: number, options: KernelOptions = {}) {
  const state = await useBackend(backend);
  if (!state.ok) return { backend, op: `matMul ${n}x${n}`, error: state.error };
  return timeMatMul(n, options);
}

async function conv2d(backend: string, options: KernelOptions = {}) {
  const state = await useBackend(backend);
  if (!state.ok) return { backend, op: 'conv2d', error: state.error };
  return timeConv2d(64, 32, 32, options);
}

(window as unknown as { trajectoriesBench: object }).trajectoriesBench = {
  matrixFactorization,
  plainJs,
  ntkKernels: () => benchKernels(),
  ntk,
  wasmThreads,
  matMul,
  conv2d,
  tfjsVersion: tf.version_core,
};
