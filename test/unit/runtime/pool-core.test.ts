import { describe, expect, it } from 'vitest';
import { browserPoolSize, poolSize, PoolRunError, runTaskQueue, type PoolHostMessage, type SpawnPoolWorker } from '../../../src/experiments/runtime/pool-core.ts';
import { RunCancelledError } from '../../../src/experiments/runtime/cancel.ts';

/** Fake workers: each squares its task after `delay(task)` ms; `dies(id, task)` makes worker `id` crash on that task. */
function fakeWorkers(options: { delay?: (task: number) => number; dies?: (id: number, task: number) => boolean } = {}) {
  const log = { spawned: 0, terminated: 0, tasksBy: new Map<number, number[]>() };
  const spawn: SpawnPoolWorker = (id, events) => {
    log.spawned++;
    let alive = true;
    setTimeout(() => alive && events.message({ type: 'ready', backend: 'fake' }), 1);
    return {
      send(message: PoolHostMessage) {
        if (message.type !== 'task') return;
        const task = message.task as number;
        log.tasksBy.set(id, [...(log.tasksBy.get(id) ?? []), task]);
        setTimeout(() => {
          if (!alive) return;
          if (options.dies?.(id, task)) {
            alive = false;
            events.exit('crashed');
            return;
          }
          events.message({ type: 'progress', index: message.index, fraction: 0.5 });
          events.message({ type: 'result', index: message.index, value: task * task });
        }, options.delay?.(task) ?? 1);
      },
      terminate() {
        if (alive) log.terminated++;
        alive = false;
      },
    };
  };
  return { spawn, log };
}

describe('the pool scheduler (shared by the Node and the browser pools)', () => {
  const tasks = [1, 2, 3, 4, 5, 6, 7];

  it('returns the results in plan order for any number of workers, however the runs interleave', async () => {
    for (const workers of [1, 2, 3, 10]) {
      const { spawn, log } = fakeWorkers({ delay: (t) => (t % 3) * 5 });
      const seen: number[] = [];
      const results = await runTaskQueue(tasks, spawn, { workers, onProgress: (p) => seen.push(p.done / p.total), progressIntervalMs: 0 });
      expect(results).toEqual(tasks.map((t) => t * t));
      expect(log.spawned).toBe(Math.min(workers, tasks.length));
      expect(seen.at(-1)).toBe(1);
      expect(seen.every((v, i) => i === 0 || v >= seen[i - 1]! - 0.5 / tasks.length)).toBe(true);
    }
  });

  it('a worker that dies fails its run with a message naming it; the other workers finish the rest', async () => {
    const { spawn, log } = fakeWorkers({ dies: (_id, task) => task === 2 });
    const error = await runTaskQueue(tasks, spawn, { workers: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolRunError);
    const failure = error as PoolRunError;
    const victim = [...log.tasksBy].find(([, list]) => list.includes(2))![0];
    expect(failure.failures).toEqual([{ index: 1, task: 2, message: `pool worker ${victim} died during this run (crashed)` }]);
    expect(failure.completed).toBe(tasks.length - 1);
  });

  it('when every worker dies, the runs not started fail too, and the promise settles', async () => {
    const { spawn } = fakeWorkers({ dies: () => true });
    const error = (await runTaskQueue(tasks, spawn, { workers: 2 }).catch((e: unknown) => e)) as PoolRunError;
    expect(error.failures).toHaveLength(tasks.length);
    expect(error.failures.at(-1)!.message).toMatch(/every pool worker had died \(crashed\)/);
  });

  it('cancels: every worker is terminated at once and the promise rejects with RunCancelledError', async () => {
    const { spawn, log } = fakeWorkers({ delay: () => 1_000 });
    const controller = new AbortController();
    const pending = runTaskQueue(tasks, spawn, { workers: 3, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const asked = performance.now();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(RunCancelledError);
    expect(performance.now() - asked).toBeLessThan(50);
    expect(log.terminated).toBe(3);
  });

  it('sizes a pool by cores, runs and memory', () => {
    const GB = 1e9;
    expect(poolSize({ cores: 8, tasks: 20, bytesPerWorker: 0.1 * GB, memoryLimitBytes: 2 * GB })).toBe(8);
    expect(poolSize({ cores: 8, tasks: 3, bytesPerWorker: 0.1 * GB, memoryLimitBytes: 2 * GB })).toBe(3);
    expect(poolSize({ cores: 8, tasks: 20, bytesPerWorker: 0.7 * GB, memoryLimitBytes: 2 * GB })).toBe(2);
    expect(poolSize({ cores: 8, tasks: 20, bytesPerWorker: 3 * GB, memoryLimitBytes: 2 * GB })).toBe(1);
    expect(poolSize({ cores: 0, tasks: 20, bytesPerWorker: 1, memoryLimitBytes: 2 * GB })).toBe(1);
  });

  it('gives a browser run one worker per core, within the reader\'s choice', () => {
    const GB = 1e9;
    const run = { tasks: 20, bytesPerWorker: 0.1 * GB, memoryLimitBytes: 2 * GB };
    expect(browserPoolSize({ ...run, hardwareConcurrency: 8, maxWorkers: null })).toBe(8);
    expect(browserPoolSize({ ...run, hardwareConcurrency: 8, maxWorkers: 3 })).toBe(3);
    expect(browserPoolSize({ ...run, hardwareConcurrency: 8, maxWorkers: 1 })).toBe(1);
    expect(browserPoolSize({ ...run, hardwareConcurrency: 1, maxWorkers: null })).toBe(1);
    expect(browserPoolSize({ ...run, hardwareConcurrency: 0, maxWorkers: null })).toBe(1);
    expect(browserPoolSize({ ...run, tasks: 2, hardwareConcurrency: 8, maxWorkers: null })).toBe(2);
  });
});
