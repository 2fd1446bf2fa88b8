/**
 * A pool of Node worker threads for an experiment's independent runs (`plan` / `runTask` /
 * `assemble` on its engine). Work is split into runs, never into steps, and each run keeps its own
 * seed, so the result is the same for every pool size. Progress merges across workers (finished
 * runs plus the fractions of those under way); a worker that dies fails its run with a message
 * naming it, and the other runs go on before the pool reports every failure.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { AnyExperiment } from '../registry.ts';
import type { Progress } from './types.ts';
import { PoolRunError, runTaskQueue, type PoolHostMessage, type PoolWorkerMessage, type SpawnPoolWorker } from './pool-core.ts';

export type PoolBackend = 'wasm' | 'cpu';

export interface PoolOptions {
  /** Worker threads (at most one per task); default: the number of cores. */
  workers?: number;
  backend?: PoolBackend;
  onProgress?: (progress: Progress) => void;
  /** Test hook: the worker that receives this task index exits at once, as if it had crashed. */
  crashOnTask?: number;
}

export type { PoolHostMessage, PoolWorkerMessage };

export interface PoolWorkerData {
  experiment: string;
  config: unknown;
  backend: PoolBackend;
  crashOnTask?: number | undefined;
}

export { PoolRunError };

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** Whether an experiment exposes independent runs for a pool. */
export const canPool = (experiment: AnyExperiment): boolean => Boolean(experiment.plan && experiment.runTask && experiment.assemble);

/** Runs an experiment's planned tasks on a pool of worker threads and assembles the result. */
export async function runPooled(experiment: AnyExperiment, config: unknown, options: PoolOptions = {}): Promise<unknown> {
  if (!experiment.plan || !experiment.assemble) throw new Error(`${experiment.id} does not split into independent runs; run it whole.`);
  const tasks = experiment.plan(config);
  const results = await runTasks(experiment.id, config, tasks, options);
  return experiment.assemble(config, results);
}

/** The tasks' results in plan order, computed on up to `options.workers` threads. */
export function runTasks(experiment: string, config: unknown, tasks: unknown[], options: PoolOptions = {}): Promise<unknown[]> {
  const spawn: SpawnPoolWorker = (_id, events) => {
    const data: PoolWorkerData = { experiment, config, backend: options.backend ?? 'wasm', crashOnTask: options.crashOnTask };
    const worker = new Worker(new URL('./pool-worker-node.ts', import.meta.url), { workerData: data, execArgv: ['--import', 'tsx'] });
    let failure: string | null = null;
    worker.on('message', (message: PoolWorkerMessage) => events.message(message));
    worker.on('error', (error: unknown) => (failure = error instanceof Error ? error.message : String(error)));
    worker.on('exit', (code) => events.exit(failure ?? `exited with code ${code}`));
    return { send: (message) => worker.postMessage(message), terminate: () => void worker.terminate() };
  };
  return runTaskQueue(tasks, spawn, { workers: options.workers ?? defaultWorkers(), onProgress: options.onProgress });
}
