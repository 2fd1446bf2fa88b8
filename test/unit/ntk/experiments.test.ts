import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../../../src/experiments/runtime/consume.ts';
import { baseType } from '../../../src/experiments/runtime/params.ts';
import { experiments } from '../../../src/experiments/ntk/index.ts';

beforeAll(async () => {
  await selectNodeBackend('cpu');
});

const byId = (id: string) => experiments.find((e) => e.id === id)!;

/** Tiny configurations (a second or less each on the cpu backend). */
const tiny: Record<string, Record<string, unknown>> = {
  'ntk-concentration': { widths: [16, 64], seeds: 2, points: 12 },
  'ntk-width-convergence': { widths: [16, 64, 256], seeds: 2, points: 8 },
  'ntk-training-trajectory': { widths: [16, 64], seeds: 1, trainSize: 8, testSize: 6, steps: 20 },
  'ntk-small-data': { trainSizes: [20, 40], seeds: 1, netWidth: 16, netSteps: 10, uci: true },
  'ntk-architectures': { depth: 2, trainSizes: [10, 20], pool: 20, testSize: 30, seeds: 2 },
};

describe('NTK experiments', () => {
  it('have the public ids, complete schemas and valid presets', () => {
    expect(experiments.map((e) => e.id)).toEqual(Object.keys(tiny));
    for (const e of experiments) {
      const shape = e.schema.shape as Record<string, any>;
      for (const [key, field] of Object.entries(shape)) {
        expect(field.description, `${e.id}.${key} description`).toBeTruthy();
        expect(baseType(field), `${e.id}.${key}`).toBeDefined();
      }
      expect(() => e.schema.parse({})).not.toThrow();
      expect(() => e.schema.parse(e.presets.published)).not.toThrow();
      expect(() => e.schema.parse(e.presets.reduced)).not.toThrow();
    }
  });

  for (const [id, config] of Object.entries(tiny)) {
    it(`${id}: same seed gives the same result; snapshots carry progress`, async () => {
      const e = byId(id);
      const snapshots: { done: number; total: number }[] = [];
      const a = await runToEnd(e, config, { snapshotIntervalMs: 0 }, (s) => snapshots.push(s.progress));
      const b = await runToEnd(e, config);
      expect(e.compare(a, b)).toBe(0);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(snapshots.length).toBeGreaterThan(0);
      for (const s of snapshots) expect(s.done).toBeLessThanOrEqual(s.total);
      const c = await runToEnd(e, { ...config, seed: 2 });
      expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
      expect(e.summarize!(a)).toBeTruthy();
    });
  }

  it('stops with an AbortError when cancelled', async () => {
    const controller = new AbortController();
    const e = byId('ntk-width-convergence');
    const run = runToEnd(e, tiny['ntk-width-convergence'], { signal: controller.signal, snapshotIntervalMs: 0 }, () => controller.abort());
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('the trajectory experiment shows nets approaching the kernel trajectory with width', async () => {
    const r = await runToEnd(byId('ntk-training-trajectory'), { widths: [16, 512], seeds: 2, trainSize: 8, testSize: 8, steps: 40 });
    expect(r.summary[1].late).toBeLessThan(r.summary[0].late);
    expect(r.stability).toBeLessThan(2);
  });
});
