/// <reference lib="webworker" />
/**
 * The run worker: the same experiment engines as the precompute pipeline, in a module Web Worker.
 * TensorFlow.js (core, cpu and wasm) loads with this worker, that is, only when a reader starts a run;
 * WebGL and WebGPU load on demand. The config it receives is already validated by the page.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
// Needs cross-origin isolation, which a static host does not give: listed because tfjs asks, never loaded.
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import { loadEngine, type AnyExperiment } from '../../experiments/registry.ts';
import { selectBackend, type BackendName } from '../../experiments/runtime/backend.ts';
import { readPublishedData } from '../../experiments/runtime/data-file.ts';
import { RunCancelledError } from '../../experiments/runtime/cancel.ts';
import type { Comparison, HostMessage, PoolInitMessage, ProbeReply, RunMessage, WorkerMessage } from '../../experiments/runtime/protocol.ts';
import { browserPoolSize, runTaskQueue, type PoolHostMessage, type PoolWorkerMessage, type SpawnPoolWorker } from '../../experiments/runtime/pool-core.ts';
import { deviceMemoryLimit, estimateMemory } from '../../experiments/runtime/cost.ts';
import { probeSpeed } from '../../experiments/runtime/probe.ts';
import { fetchDatasetReader, setDatasetReader } from '../../experiments/ntk/datasets.ts';
import { compareWithPublished } from './comparison.ts';

declare const self: DedicatedWorkerGlobalScope;

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

const post = (message: WorkerMessage) => self.postMessage(message);
const running = new Map<string, AbortController>();
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

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

const isWebGl = (value: unknown): value is WebGLRenderingContext =>
  typeof value === 'object' && value !== null && 'isContextLost' in value && typeof value.isContextLost === 'function';

/** The WebGL context of the active backend, if it is WebGL (tfjs keeps it at `backend().gpgpu.gl`). */
function webglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend: object = tf.backend();
  const gpgpu = 'gpgpu' in backend ? backend.gpgpu : null;
  const gl = typeof gpgpu === 'object' && gpgpu !== null && 'gl' in gpgpu ? gpgpu.gl : null;
  return isWebGl(gl) ? gl : null;
}

/** The engine of the run: a registered experiment's, or MovieLens bound to the reader's file. */
async function engineFor(message: RunMessage): Promise<AnyExperiment> {
  if (message.experiment !== 'mc-movielens') return loadEngine(message.experiment);
  const [{ createMovieLensExperiment }, { parseMovieLens }] = await Promise.all([
    import('../../experiments/matrix-completion/movielens-experiment.ts'),
    import('../../experiments/matrix-completion/movielens.ts'),
  ]);
  return createMovieLensExperiment(parseMovieLens(message.localFile));
}

/** Compares the result with the published run, if the page asked; a failure is a notice, not an error. */
async function comparePublished(engine: AnyExperiment, message: RunMessage, result: unknown, backend: BackendName): Promise<Comparison | null> {
  if (!message.compareUrl) return null;
  try {
    const response = await fetch(message.compareUrl);
    if (!response.ok) throw new Error(`Could not load the published data (HTTP ${response.status}).`);
    const published = readPublishedData(await response.text(), message.experiment, 'published data');
    return compareWithPublished(engine, { config: message.config, result, backend }, published);
  } catch (error) {
    post({ type: 'notice', runId: message.runId, message: `Could not compare with the published data: ${errorText(error)}` });
    return null;
  }
}

async function run(message: RunMessage): Promise<void> {
  const { runId } = message;
  const controller = new AbortController();
  running.set(runId, controller);
  setDatasetReader(fetchDatasetReader(new URL('datasets/uci/', message.baseUrl)));
  let order = [...message.backends];
  const started = performance.now();
  try {
    const engine = await engineFor(message);
    for (;;) {
      const choice = await selectBackend(order, registerOnDemand);
      post({ type: 'backend', runId, backend: choice.backend, failures: choice.failures });
      for (const failure of choice.failures) post({ type: 'notice', runId, message: `${failure.backend} did not start (${failure.reason}); fell back.` });
      const pool = choice.backend === 'wasm' || choice.backend === 'cpu' ? poolFor(engine, message) : null;
      if (pool) {
        const result = await runOnPool(engine, message, choice.backend, pool, controller.signal, started);
        const wallTimeMs = Math.round(performance.now() - started);
        const comparison = await comparePublished(engine, message, result, choice.backend);
        post({ type: 'done', runId, result, backend: choice.backend, wallTimeMs, tfjsVersion: tf.version_core, comparison });
        return;
      }
      try {
        const iterator = engine.run(message.config, {
          signal: controller.signal,
          snapshotIntervalMs: message.snapshotIntervalMs,
          onProgress: (progress) => post({ type: 'progress', runId, progress, elapsedMs: performance.now() - started }),
        });
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
            const comparison = await comparePublished(engine, message, step.value, choice.backend);
            post({ type: 'done', runId, result: step.value, backend: choice.backend, wallTimeMs, tfjsVersion: tf.version_core, comparison });
            return;
          }
          snapshots++;
          post({ type: 'snapshot', runId, progress: step.value.progress, partial: step.value.partial, elapsedMs: performance.now() - started });
        }
      } catch (error) {
        if (choice.backend === 'cpu' || !isBackendFailure(error)) throw error;
        const rest = order.slice(order.indexOf(choice.backend) + 1);
        const next: BackendName[] = rest.length > 0 ? rest : ['cpu'];
        post({ type: 'notice', runId, message: `The ${choice.backend} backend failed mid-run (${errorText(error)}); restarting on ${next[0]}.` });
        tf.disposeVariables();
        order = next;
      }
    }
  } catch (error) {
    if (error instanceof RunCancelledError || controller.signal.aborted) post({ type: 'cancelled', runId });
    else post({ type: 'error', runId, message: errorText(error) });
  } finally {
    running.delete(runId);
  }
}

/**
 * The runs and how many workers share them: one per core (navigator.hardwareConcurrency), at most one per
 * independent run, as many as the device's memory holds, and no more than the reader allows. Null
 * when the run goes whole, here. MovieLens (the reader's file) and experiments that do not split
 * into runs always go whole.
 */
function poolFor(engine: AnyExperiment, message: RunMessage): { tasks: unknown[]; workers: number } | null {
  if (message.experiment === 'mc-movielens' || !engine.plan || !engine.runTask || !engine.assemble) return null;
  const tasks = engine.plan(message.config);
  const workers = browserPoolSize({
    hardwareConcurrency: self.navigator.hardwareConcurrency,
    maxWorkers: message.maxWorkers ?? null,
    tasks: tasks.length,
    bytesPerWorker: estimateMemory(engine, message.config),
    memoryLimitBytes: deviceMemoryLimit(self.navigator as { deviceMemory?: number }).bytes,
  });
  return workers > 1 ? { tasks, workers } : null;
}

/**
 * Runs the experiment's independent runs on `workers` copies of this worker (started from its own
 * URL, so no second bundle), then assembles them: the same result as the whole run, for any number.
 */
async function runOnPool(engine: AnyExperiment, message: RunMessage, backend: BackendName, { tasks, workers }: { tasks: unknown[]; workers: number }, signal: AbortSignal, started: number): Promise<unknown> {
  const { runId } = message;
  post({ type: 'pool', runId, workers });
  post({ type: 'progress', runId, progress: { done: 0, total: tasks.length }, elapsedMs: performance.now() - started });
  const spawn: SpawnPoolWorker = (id, events) => {
    const worker = new Worker(self.location.href, { type: 'module', name: `rerun-${message.experiment}-pool-${id}` });
    worker.addEventListener('message', (event: MessageEvent<PoolWorkerMessage>) => events.message(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      events.exit(event.message || 'could not load');
    });
    const init: PoolInitMessage = { type: 'pool-init', experiment: message.experiment as PoolInitMessage['experiment'], config: message.config, backend, baseUrl: message.baseUrl };
    worker.postMessage(init);
    return { send: (m: PoolHostMessage) => worker.postMessage(m), terminate: () => worker.terminate() };
  };
  const results = await runTaskQueue(tasks, spawn, {
    workers,
    signal,
    progressIntervalMs: 100,
    onProgress: (progress) => post({ type: 'progress', runId, progress, elapsedMs: performance.now() - started }),
  });
  return engine.assemble!(message.config, results);
}

/** In a pool worker: the engine and config it was started for. */
let poolJob: Promise<{ engine: AnyExperiment; config: unknown }> | null = null;
const postToPool = (message: PoolWorkerMessage) => self.postMessage(message);

function startPoolWorker(message: PoolInitMessage): void {
  poolJob = (async () => {
    setDatasetReader(fetchDatasetReader(new URL('datasets/uci/', message.baseUrl)));
    const engine = await loadEngine(message.experiment);
    const choice = await selectBackend([message.backend], registerOnDemand);
    if (choice.backend !== message.backend) throw new Error(`the ${message.backend} backend did not start in a pool worker`);
    postToPool({ type: 'ready', backend: choice.backend });
    return { engine, config: message.config };
  })();
  // A worker that cannot start fails like one that crashed: the pool fails its runs with this message.
  poolJob.catch((error: unknown) => {
    // Thrown from a timer, the error reaches the pool as this worker's error event.
    setTimeout(() => {
      throw new Error(`pool worker could not start: ${errorText(error)}`);
    });
  });
}

async function runPoolTask(message: Extract<PoolHostMessage, { type: 'task' }>): Promise<void> {
  const { index } = message;
  try {
    const { engine, config } = await poolJob!;
    const value = await engine.runTask!(config, message.task, { onProgress: (p) => postToPool({ type: 'progress', index, fraction: p.done / p.total }), snapshotIntervalMs: 100 });
    postToPool({ type: 'result', index, value });
  } catch (error) {
    postToPool({ type: 'error', index, message: errorText(error) });
  }
}

/** Errors that say the backend broke, rather than the experiment. */
function isBackendFailure(error: unknown): boolean {
  return error instanceof ContextLostError || (error instanceof Error && /webgl|webgpu|context|GPU|shader/i.test(error.message));
}

/** Starts the first backend of `backends` that works and times the speed probe on it. */
async function probe(backends: BackendName[]): Promise<void> {
  try {
    await selectBackend(backends, registerOnDemand);
    self.postMessage({ type: 'probe-result', result: await probeSpeed() } satisfies ProbeReply);
  } catch (error) {
    self.postMessage({ type: 'probe-error', message: errorText(error) } satisfies ProbeReply);
  }
}

self.addEventListener('message', (event: MessageEvent<HostMessage | PoolInitMessage | PoolHostMessage>) => {
  const message = event.data;
  if (message.type === 'run') void run(message);
  else if (message.type === 'probe') void probe(message.backends);
  else if (message.type === 'cancel') running.get(message.runId)?.abort();
  else if (message.type === 'pool-init') startPoolWorker(message);
  else if (message.type === 'task') void runPoolTask(message);
  else self.close();
});
