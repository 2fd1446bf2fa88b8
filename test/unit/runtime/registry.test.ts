import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createRegistry, registry, type AnySpec } from '../../../src/experiments/registry.ts';
import { defineSpec, figureIdOf, publishedConfig, reducedConfig } from '../../../src/experiments/runtime/spec.ts';
import { manifestSchema } from '../../../src/experiments/runtime/data-file.ts';
import { describeField } from '../../../src/experiments/runtime/fields.ts';
import { configurationRows, experimentPaths } from '../../../src/build/experiment-pages.ts';
import { loadFigures } from '../../../src/figures/catalog.ts';
import { usage } from '../../../scripts/experiment.ts';
import { readFormValues, rawValuesOf } from '../../../src/client/rerun/form-values.ts';
import { configFromSearch, searchForConfig } from '../../../src/client/rerun/url-sync.ts';
import { currentPermalinks } from '../../../scripts/permalinks.ts';

const specs = registry.specs;
const manifest = manifestSchema.parse(JSON.parse(readFileSync('content/data/manifest.json', 'utf8')));

describe('the experiment registry', () => {
  it('has unique, URL-safe ids', () => {
    expect(new Set(specs.map((s) => s.id)).size).toBe(specs.length);
    for (const spec of specs) expect(spec.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('gives every parameter a description, and both presets are valid configs', () => {
    for (const spec of specs) {
      for (const [key, field] of Object.entries(spec.schema.shape as Record<string, z.ZodType>)) {
        expect(describeField(field).description, `${spec.id}.${key}`).toBeTruthy();
      }
      expect(() => publishedConfig(spec), spec.id).not.toThrow();
      expect(() => reducedConfig(spec), spec.id).not.toThrow();
    }
  });

  it("uses the schema's defaults as the published full-scale config, and the reduced preset for the reduced run", () => {
    for (const spec of specs) {
      const published = manifest.files.find((f) => f.experiment === spec.id && f.preset === 'published');
      const reduced = manifest.files.find((f) => f.experiment === spec.id && f.preset === 'reduced');
      expect(published, `${spec.id} is published`).toBeDefined();
      expect(reduced, `${spec.id} has a reduced run`).toBeDefined();
      expect(published!.config, spec.id).toEqual(publishedConfig(spec));
      expect(reduced!.config, spec.id).toEqual(reducedConfig(spec));
    }
  });

  it('loads each engine, which spreads its spec', async () => {
    for (const spec of specs) {
      const engine = (await spec.engine()).default;
      expect(engine.id).toBe(spec.id);
      expect(engine.schema).toBe(spec.schema);
      expect(engine.reduced).toBe(spec.reduced);
      expect(engine.tolerance).toBe(spec.tolerance);
      expect(typeof engine.run).toBe('function');
    }
  });

  it('keeps TensorFlow.js and Plot out of the specs (the main thread reads them)', () => {
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      // Static imports only: type-only imports are erased; `import()` loads engines and figures lazily.
      for (const match of source.matchAll(/^import\s+(?!type\b)[^'"]*?['"]([^'"]+)['"]/gm)) {
        const target = match[1]!;
        expect(target, `${file} imports ${target}`).not.toMatch(/^@tensorflow|^@observablehq/);
        if (target.startsWith('.')) walk(path.resolve(path.dirname(file), target));
      }
    };
    walk(path.resolve('src/experiments/registry.ts'));
    walk(path.resolve('src/client/rerun/panel.ts'));
    walk(path.resolve('src/client/rerun/loader.ts'));
    expect(seen.size).toBeGreaterThan(specs.length);
  });
});

describe('a new experiment registered in one line', () => {
  const schema = z.object({
    width: z.number().int().min(1).max(64).default(32).describe('Width of the toy'),
    seed: z.number().int().min(0).max(100).default(1).describe('Seed'),
  });
  const toy = defineSpec({
    id: 'toy-experiment',
    title: 'A toy',
    description: 'Registered by the test only.',
    schema,
    reduced: { width: 8 },
    tolerance: { metric: 'none', sameBackend: 0, crossBackend: 0 },
    engine: () => Promise.reject(new Error('no engine')),
    figure: async () => ({
      default: {
        id: figureIdOf('toy-experiment'),
        experiment: 'toy-experiment',
        title: 'Toy',
        caption: 'Toy',
        spec: () => [],
        describe: () => 'toy',
        table: () => ({ columns: [], rows: [] }),
      },
    }),
  });
  const extended = createRegistry([...specs, toy as AnySpec]);

  it('appears in the CLI list', () => {
    expect(usage(extended)).toContain('toy-experiment');
    expect(usage(registry)).not.toContain('toy-experiment');
    for (const spec of specs) expect(usage(registry)).toContain(spec.id);
  });

  it('gets its page, with its configuration table', () => {
    expect(experimentPaths(extended).map((p) => p.params.id)).toEqual([...specs.map((s) => s.id), 'toy-experiment']);
    expect(configurationRows(toy).map((r) => [r.key, r.published, r.reduced])).toEqual([
      ['width', '32', '8'],
      ['seed', '1', '1'],
    ]);
  });

  it('gets its panel: the form and the URL come from its schema and reduced preset', () => {
    const base = reducedConfig(toy);
    expect(readFormValues(toy.schema, rawValuesOf(toy.schema, base)).config).toEqual({ width: 8, seed: 1 });
    expect(readFormValues(toy.schema, { width: '99', seed: '1' }).config).toBeNull();
    const parsed = configFromSearch(toy, 'width=16&seed=3', base);
    expect(parsed.config).toEqual({ width: 16, seed: 3 });
    expect(searchForConfig(toy, parsed.config, base)).toBe('width=16&seed=3');
  });

  it('gets its permalink pins (its id and parameter names)', () => {
    expect(currentPermalinks(extended).experiments['toy-experiment']).toEqual(['width', 'seed']);
  });

  it('gets its figure in the catalogue', async () => {
    const figures = await loadFigures(extended.specs);
    expect(figures.map((f) => f.id)).toContain('fig-toy-experiment');
    expect(figures.length).toBe(specs.filter((s) => s.figure).length + 1);
  });

  it('is refused when its id is taken', () => {
    expect(() => createRegistry([...specs, { ...toy, id: specs[0]!.id } as AnySpec])).toThrow(/share an id/);
  });
});
