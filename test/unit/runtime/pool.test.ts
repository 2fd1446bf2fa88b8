import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/experiments/registry.ts';
import { runPooled, PoolRunError } from '../../../src/experiments/runtime/pool-node.ts';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../../../src/experiments/runtime/consume.ts';

// Small, so that the test takes seconds: 6 independent runs.
const input = { widths: [16, 64], seeds: 3, points: 16, depth: 2 };

describe('an experiment split into independent runs', () => {
  it('ntk-width-convergence: its tasks, assembled, are exactly its whole run', async () => {
    await selectNodeBackend('wasm');
    const experiment = await loadEngine('ntk-width-convergence');
    const config = experiment.schema.parse({ widths: [16, 64], seeds: 2, points: 12, depth: 2 });
    const tasks = experiment.plan!(config);
    expect(tasks).toHaveLength(4);
    const results = [];
    for (const task of tasks) results.push(await experiment.runTask!(config, task));
    expect(JSON.stringify(experiment.assemble!(config, results))).toBe(JSON.stringify(await runToEnd(experiment, config)));
  }, 60_000);
});

describe('the Node pool', () => {
  it('gives byte-identical results with 1 and 2 workers, equal to the whole run in-process', async () => {
    const experiment = await loadEngine('ntk-concentration');
    const config = experiment.schema.parse(input);
    expect(experiment.plan!(config)).toHaveLength(6);
    const seen: number[] = [];
    const one = JSON.stringify(await runPooled(experiment, config, { workers: 1, onProgress: (p) => seen.push(p.done / p.total) }));
    const two = JSON.stringify(await runPooled(experiment, config, { workers: 2 }));
    expect(two).toBe(one);
    expect(seen.at(-1)).toBe(1);
    await selectNodeBackend('wasm');
    const whole = JSON.stringify(await runToEnd(experiment, config));
    expect(one).toBe(whole);
  }, 120_000);

  it('a worker that dies fails its run with a clear message; the other runs go on', async () => {
    const experiment = await loadEngine('ntk-concentration');
    const config = experiment.schema.parse(input);
    const failed = await runPooled(experiment, config, { workers: 2, crashOnTask: 1 }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(PoolRunError);
    const error = failed as PoolRunError;
    expect(error.failures.map((f) => f.index)).toEqual([1]);
    expect(error.failures[0]!.message).toMatch(/pool worker \d died during this run \(exited with code 3\)/);
    expect(error.completed).toBe(5);
    expect(error.message).toMatch(/1 of 6 runs failed \(5 finished\)/);
  }, 120_000);
});
