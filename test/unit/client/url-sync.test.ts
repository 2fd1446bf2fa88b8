import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configFromSearch, debugLoseContext, searchForConfig, withSearch } from '../../../src/client/rerun/url-sync.ts';
import { singleRunSpec } from '../../../src/experiments/matrix-completion/single-run.spec.ts';
import { reducedConfig } from '../../../src/experiments/runtime/spec.ts';

const reduced = reducedConfig(singleRunSpec);

describe('configFromSearch', () => {
  it('keeps the valid values when a rule across fields fails, and says which field fell back', () => {
    // /experiments/matrix-completion/?observations=5000&seed=7: the reduced n is 40, and 5000 > 40^2.
    const parsed = configFromSearch(singleRunSpec, '?observations=5000&seed=7', reduced);
    expect(parsed.config).toEqual({ ...reduced, seed: 7 });
    expect(parsed.applied).toEqual(['seed']);
    expect(parsed.crossFieldKeys).toEqual(['observations']);
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]!.key).toBe('observations');
    expect(parsed.issues[0]!.message).toMatch(/cannot exceed n\^2 = 1600; observations = 462 used instead$/);
  });

  it('starts from the base (the reduced run) and applies the address over it', () => {
    const parsed = configFromSearch(singleRunSpec, '?depth=2', reduced);
    expect(parsed.config).toEqual({ ...reduced, depth: 2 });
    expect(configFromSearch(singleRunSpec, '', reduced)).toMatchObject({ config: reduced, issues: [], crossFieldKeys: [] });
  });

  it('reads renamed parameters through aliases', () => {
    expect(configFromSearch(singleRunSpec, '?K=300', reduced, { K: 'observations' }).config.observations).toBe(300);
  });

  it('leaves the test hook out of the parameters', () => {
    const parsed = configFromSearch(singleRunSpec, '?seed=3&debug-lose-context=1', reduced);
    expect(parsed.issues).toEqual([]);
    expect(parsed.config.seed).toBe(3);
  });
});

describe('searchForConfig', () => {
  it('writes only what differs from the base', () => {
    expect(searchForConfig(singleRunSpec, reduced, reduced)).toBe('');
    expect(searchForConfig(singleRunSpec, { ...reduced, seed: 7, init: 'gaussian' }, reduced)).toBe('init=gaussian&seed=7');
  });

  it('round-trips with configFromSearch, lists included', () => {
    const spec = { schema: z.object({ widths: z.array(z.number().int()).default([64]), scale: z.number().default(1) }) };
    const base = spec.schema.parse({});
    const config = { widths: [64, 128, 1024], scale: 0.001 };
    const search = searchForConfig(spec, config, base);
    expect(search).toBe('widths=64%2C128%2C1024&scale=0.001');
    expect(configFromSearch(spec, search, base).config).toEqual(config);
  });
});

describe('withSearch and debugLoseContext', () => {
  it('adds a query only when there is one', () => {
    expect(withSearch('/experiments/x/', '')).toBe('/experiments/x/');
    expect(withSearch('/experiments/x/', 'seed=2')).toBe('/experiments/x/?seed=2');
  });

  it('reads the test hook (a bare or unreadable value means 1)', () => {
    expect(debugLoseContext('?seed=1')).toBeUndefined();
    expect(debugLoseContext('?debug-lose-context=3')).toBe(3);
    expect(debugLoseContext('?debug-lose-context=')).toBe(1);
    expect(debugLoseContext('?debug-lose-context=abc')).toBe(1);
  });
});
