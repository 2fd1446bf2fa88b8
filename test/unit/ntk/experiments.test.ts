import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { runFromInput } from '../../../src/experiments/runtime/consume.ts';
import { readPublishedData, publishedFileName } from '../../../src/experiments/runtime/data-file.ts';
import { describeField } from '../../../src/experiments/runtime/fields.ts';
import { publishedConfig, reducedConfig } from '../../../src/experiments/runtime/spec.ts';
import { loadEngine, specs, type AnySpec } from '../../../src/experiments/registry.ts';

beforeAll(async () => {
  await selectNodeBackend('cpu');
});

const ntkSpecs: AnySpec[] = specs.filter((spec) => spec.id.startsWith('ntk-'));

/** Tiny configurations (a second or less each on the cpu backend). */
const tiny: Record<string, Record<string, unknown>> = {
  'ntk-concentration': { widths: [16, 64], seeds: 2, points: 12 },
  'ntk-width-convergence': { widths: [16, 64, 256], seeds: 2, points: 8 },
  'ntk-training-trajectory': { widths: [16, 64], seeds: 1, trainSize: 8, testSize: 6, steps: 20 },
  'ntk-small-data': { trainSizes: [20, 40], seeds: 1, netWidth: 16, netSteps: 10, uci: true },
  'ntk-architectures': { depth: 2, trainSizes: [10, 20], pool: 20, testSize: 30, seeds: 2 },
};

describe('NTK experiments', () => {
  it('are registered, with complete schemas and a valid reduced run', () => {
    expect(ntkSpecs.length).toBeGreaterThan(0);
    for (const spec of ntkSpecs) {
      expect(tiny[spec.id], `${spec.id}: tiny config`).toBeDefined();
      for (const [key, field] of Object.entries(spec.schema.shape as Record<string, any>)) {
        expect(field.description, `${spec.id}.${key} description`).toBeTruthy();
        expect(describeField(field).kind, `${spec.id}.${key}`).not.toBe('text');
      }
      expect(() => spec.schema.parse({})).not.toThrow();
      expect(() => spec.schema.parse(spec.reduced)).not.toThrow();
    }
  });

  it('specs and figures never import TensorFlow.js, even through another module', () => {
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      // Static value imports and re-exports only: type imports are erased, `import()` loads lazily.
      for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const target = match[1]!;
        expect(target, `${file} imports ${target}`).not.toMatch(/^@tensorflow/);
        if (target.startsWith('.')) walk(fileURLToPath(new URL(target, pathToFileURL(file))));
      }
    };
    const experiments = new URL('../../../src/experiments/ntk/', import.meta.url);
    const figures = new URL('../../../src/figures/ntk/', import.meta.url);
    const specFiles = readdirSync(experiments).filter((f) => f.endsWith('.spec.ts'));
    expect(specFiles.length).toBe(ntkSpecs.length);
    for (const f of specFiles) walk(fileURLToPath(new URL(f, experiments)));
    for (const f of readdirSync(figures).filter((f) => f.endsWith('.ts'))) walk(fileURLToPath(new URL(f, figures)));
    expect(seen.size).toBeGreaterThan(2 * ntkSpecs.length);
  });

  it('published data were made with the schema defaults and the reduced config', () => {
    for (const spec of ntkSpecs) {
      for (const [preset, config] of [['published', publishedConfig(spec)], ['reduced', reducedConfig(spec)]] as const) {
        const path = `../../../content/data/${publishedFileName(spec.id, preset)}`;
        const data = readPublishedData(readFileSync(new URL(path, import.meta.url), 'utf8'), spec.id, path);
        expect(data.config, `${spec.id} ${preset}`).toEqual(config);
      }
    }
  });

  for (const spec of ntkSpecs) {
    it(`${spec.id}: same seed gives the same result; snapshots carry progress`, async () => {
      const e = await loadEngine(spec.id);
      expect(e.id).toBe(spec.id);
      const config = tiny[spec.id]!;
      const snapshots: { done: number; total: number }[] = [];
      const a = await runFromInput(e, config, { snapshotIntervalMs: 0 }, (s) => snapshots.push(s.progress));
      const b = await runFromInput(e, config);
      expect(e.compare(a, b)).toBe(0);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(snapshots.length).toBeGreaterThan(0);
      for (const s of snapshots) expect(s.done).toBeLessThanOrEqual(s.total);
      const c = await runFromInput(e, { ...config, seed: 2 });
      expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
      expect(e.summarize!(a)).toBeTruthy();
    });
  }

  it('stops with an AbortError when cancelled', async () => {
    const controller = new AbortController();
    const e = await loadEngine('ntk-width-convergence');
    const run = runFromInput(e, tiny['ntk-width-convergence']!, { signal: controller.signal, snapshotIntervalMs: 0 }, () => controller.abort());
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('the trajectory experiment shows nets approaching the kernel trajectory with width', async () => {
    const r = await runFromInput(await loadEngine('ntk-training-trajectory'), { widths: [16, 512], seeds: 2, trainSize: 8, testSize: 8, steps: 40 });
    expect(r.summary[1].late).toBeLessThan(r.summary[0].late);
    expect(r.stability).toBeLessThan(2);
  });
});
