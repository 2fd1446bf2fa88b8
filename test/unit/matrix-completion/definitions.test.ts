import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { runFromInput } from '../../../src/experiments/runtime/consume.ts';
import { manifestSchema, readPublishedData } from '../../../src/experiments/runtime/data-file.ts';
import { parseParams, toParams } from '../../../src/experiments/runtime/params.ts';
import { loadEngines, specs } from '../../../src/experiments/registry.ts';
import { observationsSpec, type ObservationsResult } from '../../../src/experiments/matrix-completion/observations.spec.ts';
import { singleRunSpec } from '../../../src/experiments/matrix-completion/single-run.spec.ts';
import mcObservations from '../../../src/experiments/matrix-completion/observations.ts';

// WASM: the backend readers' browsers use, and about 10x faster than cpu at these sizes.
beforeAll(async () => {
  await selectNodeBackend('wasm');
});

describe('matrix-completion experiment definitions', () => {
  it('have unique ids, complete schemas and valid reduced configs', () => {
    expect(new Set(specs.map((s) => s.id)).size).toBe(specs.length);
    for (const spec of specs) {
      for (const [key, field] of Object.entries(spec.schema.shape as Record<string, { description?: string }>)) {
        expect(field.description, `${spec.id}.${key}`).toBeTruthy();
      }
      spec.schema.parse({});
      spec.schema.parse(spec.reduced);
    }
  });

  it('read URL/CLI parameters from the schema, and refuse K > n^2', () => {
    const ok = parseParams(singleRunSpec.schema, [['depth', '2'], ['learningRate', '0.5'], ['init', 'gaussian']]);
    expect(ok.issues).toEqual([]);
    expect(ok.config.depth).toBe(2);
    expect(ok.config.learningRate).toBe(0.5);
    expect(parseParams(singleRunSpec.schema, [['learningRate', 'auto']]).config.learningRate).toBe('auto');
    expect(parseParams(singleRunSpec.schema, [['depth', '9']]).issues[0]!.message).toMatch(/from 1 to 5/);
    const tooMany = parseParams(singleRunSpec.schema, [['n', '10'], ['observations', '500']]);
    expect(tooMany.issues.map((i) => i.message).join()).toMatch(/cannot exceed n\^2 = 100/);
    const list = parseParams(observationsSpec.schema, [['depths', '1,3'], ['seeds', '4,5']]);
    expect(list.config.depths).toEqual([1, 3]);
    expect(toParams(observationsSpec.schema, list.config)).toEqual([['depths', '1,3'], ['seeds', '4,5']]);
  });
});

describe('the qualitative claim at reduced scale (n = 40, r = 3, K = 2 x dof = 462)', () => {
  let result: ObservationsResult;
  beforeAll(async () => {
    result = await runFromInput(mcObservations, { depths: [2, 3], observations: [462], n: 40, rank: 3, seeds: [1, 2], maxSteps: 6000 });
  }, 120_000);

  it('depth 3 recovers; depth 2 and the nuclear norm do not', () => {
    for (const seed of [1, 2]) {
      const d3 = result.runs.find((r) => r.depth === 3 && r.seed === seed)!;
      const d2 = result.runs.find((r) => r.depth === 2 && r.seed === seed)!;
      const nn = result.nuclear.find((r) => r.seed === seed)!;
      expect(d3.status).toBe('converged');
      // Margins: depth 3 at least 100x below 1e-2; depth 2 and the nuclear norm above it.
      expect(d3.paperError!).toBeLessThan(1e-4);
      expect(d2.paperError!).toBeGreaterThan(1e-2);
      expect(nn.paperError!).toBeGreaterThan(1e-2);
      expect(nn.relativeGap).toBeLessThanOrEqual(1e-6);
    }
  });

  it('is deterministic: the same config and seed give identical numbers on the same backend', async () => {
    const again = await runFromInput(mcObservations, { depths: [3], observations: [462], n: 40, rank: 3, seeds: [1], maxSteps: 6000, nuclearNorm: false });
    const first = result.runs.find((r) => r.depth === 3 && r.seed === 1)!;
    expect(again.runs[0]).toEqual(first);
  });
});

describe('published data files', () => {
  const manifestPath = new URL('../../../content/data/manifest.json', import.meta.url);
  // The matrix-completion experiments of the registry (the NTK half checks its own files).
  const mcSpecs = specs.filter((s) => s.id === 'matrix-completion' || s.id.startsWith('mc-'));
  const ids: string[] = mcSpecs.map((s) => s.id);

  it.runIf(existsSync(manifestPath))('match their manifest hashes and validate against their experiment', async () => {
    const experiments = await loadEngines(mcSpecs);
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
    const ours = manifest.files.filter((f) => ids.includes(f.experiment));
    for (const entry of ours) {
      const text = readFileSync(new URL(`../../../${entry.path}`, import.meta.url), 'utf8');
      expect(createHash('sha256').update(text).digest('hex'), entry.path).toBe(entry.sha256);
      const data = readPublishedData(text, entry.experiment, entry.path);
      const experiment = experiments.find((e) => e.id === entry.experiment)!;
      expect(experiment.compare(data.result, data.result)).toBe(0);
    }
  });

  it('refuses a corrupt or mismatched data file with a clear message', () => {
    const good = JSON.stringify({ format: 'trajectories/published-data@1', experiment: 'mc-observations', config: {}, backend: 'wasm', result: {} });
    expect(() => readPublishedData(good.slice(0, 40), 'mc-observations', 'mc-observations.json')).toThrow(/mc-observations\.json is not valid JSON/);
    expect(() => readPublishedData(good, 'mc-image', 'mc-image.json')).toThrow(/belongs to experiment "mc-observations", not "mc-image"/);
    expect(() => readPublishedData('{"format":"other"}', 'mc-image', 'mc-image.json')).toThrow(/not a Trajectories data file/);
  });

  it('compare reports an infinite deviation for results of another shape', () => {
    const a = { n: 4, rank: 1, dof: 7, targetLoss: 1e-6, runs: [], nuclear: [] } as ObservationsResult;
    const b = { ...a, nuclear: [{ paperError: 0.1, testError: 0.3 }] } as unknown as ObservationsResult;
    expect(mcObservations.compare(a, b)).toBe(Infinity);
    expect(mcObservations.compare(b, b)).toBe(0);
  });
});
