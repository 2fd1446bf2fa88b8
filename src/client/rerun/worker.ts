/// <reference lib="webworker" />
/**
 * The run worker: the same experiment engines as the precompute pipeline, in a module Web Worker.
 * TensorFlow.js (core, cpu and wasm) loads with this worker, that is, only when a reader starts a run;
 * WebGL and WebGPU load on demand.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
// Needs cross-origin isolation, which a static host does not give: listed because tfjs asks, never loaded.
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import { getExperiment } from '../../experiments/registry.ts';
import { selectBackend, type BackendName } from '../../experiments/runtime/backend.ts';
import { readPublishedData } from '../../experiments/runtime/data-file.ts';
import { RunCancelledError } from '../../experiments/runtime/cancel.ts';
import type { Comparison, HostMessage, WorkerMessage } from '../../experiments/runtime/protocol.ts';
import { fetchDatasetReader, setDatasetReader } from '../../experiments/ntk/datasets.ts';
import { createMovieLensExperiment } from '../../experiments/matrix-completion/definitions.ts';
import { parseMovieLens } from '../../experiments/matrix-completion/movielens.ts';
import type { ExperimentDefinition } from '../../experiments/runtime/types.ts';

declare const self: DedicatedWorkerGlobalScope;

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

const post = (message: WorkerMessage) => self.postMessage(message);
const running = new Map<string, AbortController>();

class ContextLostError extends Error {
  constructor() {
    super('The WebGL context was lost.');
  }
}

async function registerOnDemand(backend: BackendName): Promise<void> {
  if (tf.findBackendFactory(backend)) return;
  if (backend === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
}

function webglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return ((tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl) ?? null;
}

async function compare(experimentId: string, result: unknown, backend: string, request: NonNullable<Extract<HostMessage, { type: 'run' }>['compareWith']>, config: Record<string, unknown>): Promise<Comparison> {
  const experiment = getExperiment(experimentId);
  const response = await fetch(request.url);
  if (!response.ok) throw new Error(`Could not load the published data (HTTP ${response.status}).`);
  const published = readPublishedData(await response.text(), experimentId, 'published data');
  const differences = Object.keys(config).filter((k) => JSON.stringify(config[k]) !== JSON.stringify(published.config[k]));
  const deviation = differences.length === 0 ? experiment.compare(published.result, result) : Number.NaN;
  const tolerance = published.backend === backend ? experiment.tolerance.sameBackend : experiment.tolerance.crossBackend;
  return {
    sameConfig: differences.length === 0,
    deviation,
    tolerance,
    metric: experiment.tolerance.metric,
    publishedBackend: published.backend,
    reproduced: differences.length === 0 && deviation <= tolerance,
    differences,
  };
}

async function run(message: Extract<HostMessage, { type: 'run' }>): Promise<void> {
  const { runId } = message;
  const controller = new AbortController();
  running.set(runId, controller);
  const experiment: ExperimentDefinition<any, any> =
    message.experiment === 'mc-movielens' && message.localFile !== undefined
      ? createMovieLensExperiment(parseMovieLens(message.localFile))
      : getExperiment(message.experiment);
  setDatasetReader(fetchDatasetReader(new URL('datasets/uci/', message.baseUrl)));
  const config = experiment.schema.parse(message.config);
  let order = [...message.backends];
  const started = performance.now();
  try {
    for (;;) {
      const choice = await selectBackend(order, registerOnDemand);
      post({ type: 'backend', runId, backend: choice.backend, failures: choice.failures });
      for (const failure of choice.failures) post({ type: 'notice', runId, message: `${failure.backend} did not start (${failure.reason}); fell back.` });
      try {
        const iterator = experiment.run(config, { signal: controller.signal, snapshotIntervalMs: message.snapshotIntervalMs });
        let snapshots = 0;
        for (;;) {
          const step = await iterator.next();
          const gl = webglContext();
          if (gl && message.loseContextAfterSnapshots !== undefined && snapshots === message.loseContextAfterSnapshots) {
            gl.getExtension('WEBGL_lose_context')?.loseContext();
          }
          if (gl?.isContextLost()) throw new ContextLostError();
          if (step.done) {
            const wallTimeMs = Math.round(performance.now() - started);
            const comparison = message.compareWith
              ? await compare(message.experiment, step.value, choice.backend, message.compareWith, config as Record<string, unknown>).catch((error: unknown) => {
                  post({ type: 'notice', runId, message: `Could not compare with the published data: ${error instanceof Error ? error.message : String(error)}` });
                  return null;
                })
              : null;
            post({ type: 'done', runId, result: step.value, backend: choice.backend, wallTimeMs, tfjsVersion: tf.version_core, comparison });
            return;
          }
          snapshots++;
          post({ type: 'snapshot', runId, progress: step.value.progress, partial: step.value.partial, elapsedMs: performance.now() - started });
        }
      } catch (error) {
        if (!(error instanceof ContextLostError) && !(choice.backend !== 'cpu' && isBackendFailure(error))) throw error;
        const rest = order.slice(order.indexOf(choice.backend) + 1);
        const next = rest.length > 0 ? rest : (['cpu'] as BackendName[]);
        if (choice.backend === 'cpu') throw error;
        post({ type: 'notice', runId, message: `The ${choice.backend} backend failed mid-run (${error instanceof Error ? error.message : String(error)}); restarting on ${next[0]}.` });
        tf.disposeVariables();
        order = next;
      }
    }
  } catch (error) {
    if (error instanceof RunCancelledError || controller.signal.aborted) post({ type: 'cancelled', runId });
    else post({ type: 'error', runId, message: error instanceof Error ? error.message : String(error) });
  } finally {
    running.delete(runId);
  }
}

/** Errors that say the backend broke, rather than the experiment. */
function isBackendFailure(error: unknown): boolean {
  return error instanceof ContextLostError || (error instanceof Error && /webgl|webgpu|context|GPU|shader/i.test(error.message));
}

self.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'run') void run(message);
  else if (message.type === 'cancel') running.get(message.runId)?.abort();
});
