/**
 * The scheduling of a pool of workers over an experiment's independent runs (`plan` / `runTask` /
 * `assemble` on its engine), shared by the Node pool (worker_threads, pool-node.ts) and the
 * browser's (module Web Workers, src/client/rerun/worker.ts). Free of TensorFlow.js and of any
 * worker API: a `SpawnPoolWorker` adapts one.
 *
 * Work is split into runs, never into steps, and each run keeps its own seed, so the result is the
 * same for every pool size. A free worker takes the next run; progress merges across workers
 * (finished runs plus the fractions of those under way); a worker that dies fails its run with a
 * message naming it, and the other runs go on before the pool reports every failure.
 */
import { RunCancelledError } from './cancel.ts';
import type { Progress } from './types.ts';

/** Messages from a pool worker. */
export type PoolWorkerMessage =
  | { type: 'ready'; backend: string }
  | { type: 'progress'; index: number; fraction: number }
  | { type: 'result'; index: number; value: unknown }
  | { type: 'error'; index: number; message: string };

/** Messages to a pool worker. */
export type PoolHostMessage = { type: 'task'; index: number; task: unknown } | { type: 'close' };

/** What the pool hears from one worker. */
export interface PoolWorkerEvents {
  message(message: PoolWorkerMessage): void;
  /** The worker is gone; `why` says how it failed. */
  exit(why: string): void;
}

export interface PoolWorkerHandle {
  send(message: PoolHostMessage): void;
  /** Stops the worker at once (after `close`, or on cancel). */
  terminate(): void;
}

/** Starts worker `id`, which answers `ready` once it can take runs. */
export type SpawnPoolWorker = (id: number, events: PoolWorkerEvents) => PoolWorkerHandle;

export interface TaskQueueOptions {
  workers: number;
  onProgress?: ((progress: Progress) => void) | undefined;
  /** Cancels every run: the workers are terminated and the promise rejects with RunCancelledError. */
  signal?: AbortSignal | undefined;
  /** Least time between two progress reports (ms). */
  progressIntervalMs?: number;
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

/** The tasks' results in plan order, computed on up to `options.workers` workers. */
export function runTaskQueue(tasks: readonly unknown[], spawn: SpawnPoolWorker, options: TaskQueueOptions): Promise<unknown[]> {
  const size = Math.max(1, Math.min(options.workers, tasks.length));
  const results: unknown[] = new Array(tasks.length);
  const fractions = new Map<number, number>();
  const failures: { index: number; task: unknown; message: string }[] = [];
  const interval = options.progressIntervalMs ?? 200;
  let next = 0;
  let completed = 0;
  let lastProgress = -Infinity;
  const report = (force = false) => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - lastProgress < interval)) return;
    lastProgress = now;
    let inFlight = 0;
    for (const f of fractions.values()) inFlight += f;
    options.onProgress({ done: completed + failures.length + inFlight, total: tasks.length });
  };
  if (tasks.length === 0) return Promise.resolve([]);
  if (options.signal?.aborted) return Promise.reject(new RunCancelledError());

  return new Promise((resolve, reject) => {
    const handles: PoolWorkerHandle[] = [];
    let alive = 0;
    let lastDeath = '';
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const handle of handles) handle.terminate();
      outcome();
    };
    const onAbort = () => finish(() => reject(new RunCancelledError()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const settleIfDone = () => {
      if (completed + failures.length < tasks.length) {
        if (alive > 0) return;
        // Every worker is gone: the runs not yet started fail too.
        for (let i = next; i < tasks.length; i++) failures.push({ index: i, task: tasks[i], message: `not run: every pool worker had died${lastDeath ? ` (${lastDeath})` : ''}` });
        next = tasks.length;
      }
      report(true);
      failures.sort((a, b) => a.index - b.index);
      finish(() => (failures.length > 0 ? reject(new PoolRunError(failures, completed, tasks.length)) : resolve(results)));
    };
    const start = (id: number) => {
      let current: number | null = null;
      let gone = false;
      const leave = () => {
        gone = true;
        alive--;
        settleIfDone();
      };
      const take = () => {
        if (next >= tasks.length) {
          current = null;
          handle.send({ type: 'close' });
          leave();
          return;
        }
        current = next++;
        fractions.set(current, 0);
        handle.send({ type: 'task', index: current, task: tasks[current] });
      };
      alive++;
      const handle: PoolWorkerHandle = spawn(id, {
        message(message) {
          if (gone || settled) return;
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
        },
        exit(why) {
          if (gone || settled) return;
          lastDeath = why;
          if (current !== null) {
            fractions.delete(current);
            failures.push({ index: current, task: tasks[current], message: `pool worker ${id} died during this run (${why})` });
            current = null;
          }
          leave();
        },
      });
      handles.push(handle);
    };
    for (let id = 0; id < size && !settled; id++) start(id);
  });
}

/**
 * How many workers a pool gets: one per core, at most one per run, and no more than the device's
 * memory allows when each worker holds a run of `bytesPerWorker`.
 */
export function poolSize(options: { cores: number; tasks: number; bytesPerWorker: number; memoryLimitBytes: number }): number {
  const byMemory = Math.floor(options.memoryLimitBytes / Math.max(1, options.bytesPerWorker));
  return Math.max(1, Math.min(Math.floor(options.cores) || 1, options.tasks, byMemory));
}

/**
 * The workers a browser run of `tasks` independent runs gets (1: it runs whole): one per core
 * (`hardwareConcurrency`), at most the reader's `maxWorkers`, within `poolSize`'s limits. The run
 * worker starts that many; the panel's time estimate divides by it.
 */
export function browserPoolSize(options: { hardwareConcurrency: number; maxWorkers: number | null; tasks: number; bytesPerWorker: number; memoryLimitBytes: number }): number {
  const cores = Math.min(options.maxWorkers ?? Infinity, options.hardwareConcurrency || 1);
  if (cores < 2) return 1;
  return poolSize({ cores, tasks: options.tasks, bytesPerWorker: options.bytesPerWorker, memoryLimitBytes: options.memoryLimitBytes });
}
