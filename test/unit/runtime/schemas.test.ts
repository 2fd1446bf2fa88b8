import { describe, expect, it } from 'vitest';
import { experiments } from '../../../src/experiments/registry.ts';
import { schemas } from '../../../src/experiments/schemas.ts';

describe('the browser schema table', () => {
  it('holds the very schema object of every registered experiment, and nothing else', () => {
    expect(Object.keys(schemas).sort()).toEqual(experiments.map((e) => e.id).sort());
    for (const experiment of experiments) expect(schemas[experiment.id], experiment.id).toBe(experiment.schema);
  });

  it('gives every parameter a default, limits and a description', () => {
    for (const [id, schema] of Object.entries(schemas)) {
      expect(() => schema.parse({}), id).not.toThrow();
      for (const [key, field] of Object.entries(schema.shape)) expect((field as { description?: string }).description, `${id}.${key}`).toBeTruthy();
    }
  });

  it('keeps TensorFlow.js and the engines out of everything the main thread imports', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      // Type-only imports are erased; worker URLs are separate bundles.
      for (const match of source.matchAll(/^import\s+(?!type\b)[^'"]*?['"]([^'"]+)['"]/gm)) {
        const target = match[1]!;
        expect(target, `${file} imports ${target}`).not.toMatch(/^@tensorflow|registry\.ts$/);
        if (target.startsWith('.')) walk(path.resolve(path.dirname(file), target));
      }
    };
    walk(path.resolve('src/client/rerun/panel.ts'));
    walk(path.resolve('src/client/rerun/loader.ts'));
    expect(seen.size).toBeGreaterThan(5);
  });
});
