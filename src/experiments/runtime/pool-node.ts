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

export type PoolBackend = 'wasm' | 'cpu';

export interface PoolOptions {
  /** Worker threads (at most one per task); default: the number of cores. */
  workers?: number;
  backend?: PoolBackend;
  onProgress?: (progress: Progress) => void;
  /** Test hook: the worker that receives this task index exits at once, as if it had crashed. */
  crashOnTask?: number;
}

/** Messages from a pool worker. */
export type PoolWorkerMessage =
  | { type: 'ready'; backend: string }
  | { type: 'progress'; index: number; fraction: number }
  | { type: 'result'; index: number; value: unknown }
  | { type: 'error'; index: number; message: string };

/** Messages to a pool worker. */
export type PoolHostMessage = { type: 'task'; index: number; task: unknown } | { type: 'close' };

export interface PoolWorkerData {
  experiment: string;
  config: unknown;
  backend: PoolBackend;
  crashOnTask?: number | undefined;
}

export class PoolRunError extends Error {
  constructor(
    readonly failures: { index: number; task: unknown; message: string }[],
    readonly completed: number,
    readonly total: number,
  ) {
    super(
      `${failures.length} of ${total} runs failed (${completed} finished):\n` +
        failures.map((f) => `  run ${f.index} ${JSON.stringify(f.task)}: ${f.message}`).join('\n'),
    );
    this.name = 'PoolRunError';
  }
}

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
  const size = Math.max(1, Math.min(options.workers ?? defaultWorkers(), tasks.length));
  const results: unknown[] = new Array(tasks.length);
  const fractions = new Map<number, number>();
  const failures: { index: number; task: unknown; message: string }[] = [];
  let next = 0;
  let completed = 0;
  let lastProgress = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - lastProgress < 200)) return;
    lastProgress = now;
    let inFlight = 0;
    for (const f of fractions.values()) inFlight += f;
    options.onProgress({ done: completed + failures.length + inFlight, total: tasks.length });
  };
  if (tasks.length === 0) return Promise.resolve([]);

  return new Promise((resolve, reject) => {
    let alive = 0;
    let lastDeath = '';
    const settleIfDone = () => {
      if (completed + failures.length < tasks.length) {
        if (alive === 0) {
          // Every worker died: the runs not yet started fail too.
          for (let i = next; i < tasks.length; i++) failures.push({ index: i, task: tasks[i], message: `not run: every pool worker had died${lastDeath ? ` (${lastDeath})` : ''}` });
          next = tasks.length;
        } else return;
      }
      report(true);
      failures.sort((a, b) => a.index - b.index);
      if (failures.length > 0) reject(new PoolRunError(failures, completed, tasks.length));
      else resolve(results);
    };
    const spawn = (id: number) => {
      const data: PoolWorkerData = { experiment, config, backend: options.backend ?? 'wasm', crashOnTask: options.crashOnTask };
      const worker = new Worker(new URL('./pool-worker-node.ts', import.meta.url), { workerData: data, execArgv: ['--import', 'tsx'] });
      alive++;
      let current: number | null = null;
      const take = () => {
        if (next >= tasks.length) {
          current = null;
          worker.postMessage({ type: 'close' } satisfies PoolHostMessage);
          return;
        }
        current = next++;
        fractions.set(current, 0);
        worker.postMessage({ type: 'task', index: current, task: tasks[current] } satisfies PoolHostMessage);
      };
      let failedStart: string | null = null;
      worker.on('message', (message: PoolWorkerMessage) => {
        if (message.type === 'ready') take();
        else if (message.type === 'progress') {
          fractions.set(message.index, message.fraction);
          report();
        } else {
          fractions.delete(message.index);
          if (message.type === 'result') {
            results[message.index] = message.value;
            completed++;
          } else failures.push({ index: message.index, task: tasks[message.index], message: message.message });
          report();
          take();
        }
      });
      worker.on('error', (error: unknown) => (failedStart = lastDeath = error instanceof Error ? error.message : String(error)));
      worker.on('exit', (code) => {
        alive--;
        if (current !== null) {
          fractions.delete(current);
          const why = failedStart ?? `exited with code ${code}`;
          failures.push({ index: current, task: tasks[current], message: `pool worker ${id} died during this run (${why})` });
          current = null;
        }
        settleIfDone();
      });
    };
    for (let id = 0; id < size; id++) spawn(id);
  });
}
