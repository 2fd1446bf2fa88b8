import { describe, expect, it } from 'vitest';
import { loadEngine, loadEngines, type AnyExperiment } from '../../../src/experiments/registry.ts';
import { canPool, runPooled, PoolRunError } from '../../../src/experiments/runtime/pool-node.ts';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../../../src/experiments/runtime/consume.ts';
import { presetConfig } from '../../../src/experiments/runtime/spec.ts';

// Small, so that the test takes seconds: 6 independent runs.
const input = { widths: [16, 64], seeds: 3, points: 16, depth: 2 };

// Every experiment that splits into runs, at its reduced scale with at most TEST_STEPS gradient steps per run.
const TEST_STEPS = 150;
const poolable = (await loadEngines()).filter(canPool);

function testConfig(experiment: AnyExperiment): unknown {
  const reduced = experiment.schema.parse(experiment.reduced) as Record<string, unknown>;
  const steps = reduced['maxSteps'];
  return typeof steps === 'number' ? experiment.schema.parse({ ...experiment.reduced, maxSteps: Math.min(steps, TEST_STEPS) }) : reduced;
}

async function tasksAssembled(experiment: AnyExperiment, config: unknown): Promise<unknown> {
  const results = [];
  for (const task of experiment.plan!(config)) results.push(structuredClone(await experiment.runTask!(config, task)));
  return experiment.assemble!(config, results);
}

describe('an experiment split into independent runs', () => {
  it('the registry has experiments that split into runs', () => {
    expect(poolable.length).toBeGreaterThan(0);
  });

  it('each spec says how many runs its engine plans (the estimate divides by their workers), for both presets', async () => {
    for (const experiment of await loadEngines()) {
      expect(experiment.runs !== undefined, `${experiment.id}: spec.runs exactly where the engine has a plan`).toBe(canPool(experiment));
      if (!experiment.runs) continue;
      for (const preset of ['published', 'reduced'] as const) {
        const config = presetConfig(experiment, preset);
        expect(experiment.runs(config), `${experiment.id} ${preset}`).toBe(experiment.plan!(config).length);
      }
    }
  });

  it.each(poolable.map((experiment) => [experiment.id, experiment] as const))('%s: its tasks, assembled, are exactly its whole run (WASM)', async (_, experiment) => {
    await selectNodeBackend('wasm');
    const config = testConfig(experiment);
    const tasks = experiment.plan!(config);
    expect(tasks.length).toBeGreaterThan(1);
    expect(JSON.parse(JSON.stringify(tasks))).toEqual(tasks);
    const assembled = await tasksAssembled(experiment, config);
    const whole = await runToEnd(experiment, config);
    expect(assembled).toEqual(whole);
    expect(JSON.stringify(assembled)).toBe(JSON.stringify(whole));
  }, 60_000);

  it('mc-depth2-vs-nuclear: the same on the CPU backend, whose stacked batches advance its runs together', async () => {
    await selectNodeBackend('cpu');
    try {
      const experiment = await loadEngine('mc-depth2-vs-nuclear');
      const config = experiment.schema.parse({ ...experiment.reduced, n: 20, observations: 150, rank: 2, maxSteps: 200 });
      expect(JSON.stringify(await tasksAssembled(experiment, config))).toBe(JSON.stringify(await runToEnd(experiment, config)));
    } finally {
      await selectNodeBackend('wasm');
    }
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

  it('a matrix-completion experiment (runs and nuclear-norm solves): byte-identical with 1 and 2 workers and whole', async () => {
    const experiment = await loadEngine('mc-depth2-vs-nuclear');
    const config = testConfig(experiment);
    const one = JSON.stringify(await runPooled(experiment, config, { workers: 1 }));
    const two = JSON.stringify(await runPooled(experiment, config, { workers: 2 }));
    expect(two).toBe(one);
    await selectNodeBackend('wasm');
    expect(one).toBe(JSON.stringify(await runToEnd(experiment, config)));
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
