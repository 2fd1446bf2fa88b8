/**
 * Bundled by scripts/bench.ts (esbuild) into a small bench page for headless Chromium: the same
 * engine code as Node and the rerun worker, on the browser's tfjs backends, beside the plain-JS
 * Float64Array reference step. Exposes `window.trajectoriesBench`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgl';
import { trainRuns, type TrainOptions } from '../../src/experiments/matrix-completion/engine.ts';
import { syntheticProblem } from '../../src/experiments/matrix-completion/problem.ts';
import { plainJsStepsPerSecond } from './plain-js-step.ts';
import { benchBackend, benchKernels } from '../../src/experiments/ntk/bench-core.ts';

setWasmPaths(new URL('./', location.href).href);

const N = 100;
const OBSERVATIONS = 2000;

async function timeSteps(depth: number, runs: number, steps: number): Promise<number> {
  const specs = Array.from({ length: runs }, (_, i) => ({ problem: syntheticProblem(N, 5, OBSERVATIONS, i + 1), initSeed: i + 1 }));
  const options: TrainOptions = {
    depth, init: 'identity', initScale: 1e-3, optimizer: 'gd', learningRate: 'auto', maxSteps: steps, targetLoss: 0,
    readEvery: steps, batchMode: 'stacked', trackSpectrum: false, topSingularValues: 1,
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

/** Gradient steps per second (one step of one run) of depth-`depth` factorisation at 100x100. */
async function matrixFactorization(backend: string, depth: number, runs = 1, budgetMs = 1500) {
  const state = await useBackend(backend);
  if (!state.ok) return { backend, depth, runs, error: state.error };
  const probe = Math.max(1, (await timeSteps(depth, runs, 3)) - (await timeSteps(depth, runs, 1))) / 2;
  const steps = Math.max(5, Math.min(400, Math.round(budgetMs / probe)));
  let perStep = Infinity;
  for (let rep = 0; rep < 2; rep++) {
    const overhead = await timeSteps(depth, runs, 1);
    const long = await timeSteps(depth, runs, steps + 1);
    perStep = Math.min(perStep, Math.max(1e-3, long - overhead) / steps);
  }
  return { backend, info: state.info, depth, runs, steps, stepsPerSecond: Math.round((runs * 1000) / perStep) };
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

(window as unknown as { trajectoriesBench: object }).trajectoriesBench = {
  matrixFactorization,
  plainJs,
  ntkKernels: () => benchKernels(),
  ntk,
  tfjsVersion: tf.version_core,
};
