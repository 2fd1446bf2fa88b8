import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { parseParams, toParams } from '../../../src/experiments/runtime/params.ts';

const schema = z.object({
  depth: z.number().int().min(1).max(5).default(3).describe('Depth'),
  learningRate: z.number().positive().max(1).default(0.1),
  optimizer: z.enum(['gd', 'adam']).default('gd'),
  depths: z.array(z.number().int().min(1).max(5)).min(1).max(5).default([1, 2, 3]),
  log: z.boolean().default(false),
});
const defaults = schema.parse({});

describe('parseParams', () => {
  it('reads valid values of every kind', () => {
    const parsed = parseParams(schema, new URLSearchParams('depth=4&learningRate=0.5&optimizer=adam&depths=1,4&log=true'));
    expect(parsed.issues).toEqual([]);
    expect(parsed.config).toEqual({ depth: 4, learningRate: 0.5, optimizer: 'adam', depths: [1, 4], log: true });
  });

  it('reports each bad value with the accepted range and keeps the default for it', () => {
    const parsed = parseParams(schema, new URLSearchParams('depth=99&optimizer=sgd&colour=red&learningRate=abc&depth=2'));
    expect(parsed.config.optimizer).toBe('gd');
    expect(parsed.config.learningRate).toBe(defaults.learningRate);
    expect(parsed.config.depth).toBe(2);
    expect(parsed.issues.map((i) => i.key)).toEqual(['depth', 'optimizer', 'learningRate', 'depth', 'colour']);
    expect(parsed.issues[0]!.message).toMatch(/from 1 to 5/);
    expect(parsed.issues[1]!.message).toMatch(/gd, adam/);
    expect(parsed.issues[3]!.message).toMatch(/more than once; the last valid value is used/);
    expect(parsed.issues[4]!.message).toMatch(/unknown parameter/);
  });

  it('keeps old parameter names working through aliases', () => {
    expect(parseParams(schema, [['lr', '0.2']], { lr: 'learningRate' }).config.learningRate).toBe(0.2);
  });

  it('round-trips a config through toParams', () => {
    const config = { ...defaults, depth: 5, depths: [2, 3] };
    expect(parseParams(schema, toParams(schema, config)).config).toEqual(config);
  });

  it('always returns a valid config, whatever the input (property test)', () => {
    const key = fc.oneof(fc.constantFrom('depth', 'learningRate', 'optimizer', 'depths', 'log', '__proto__', 'constructor'), fc.string());
    const value = fc.oneof(fc.string({ maxLength: 300 }), fc.double().map(String), fc.integer().map(String), fc.constant('<script>alert(1)</script>'));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 12 }), (pairs) => {
        const parsed = parseParams(schema, pairs);
        expect(schema.safeParse(parsed.config).success).toBe(true);
        for (const issue of parsed.issues) expect(issue.value.length).toBeLessThanOrEqual(60);
      }),
      { numRuns: 500 },
    );
  });

  it('reads decimal numbers only: hex, binary and octal are refused, not silently converted', () => {
    for (const text of ['0x10', '0b11', '0o7', '1_000', 'Infinity']) {
      const parsed = parseParams(schema, [['depth', text]]);
      expect(parsed.config.depth, text).toBe(3);
      expect(parsed.issues.map((i) => i.key), text).toEqual(['depth']);
    }
    expect(parseParams(schema, [['learningRate', '1e-1']]).config.learningRate).toBe(0.1);
    expect(parseParams(schema, [['depths', '1, 2,3']]).config.depths).toEqual([1, 2, 3]);
  });

  it('summarises a flood of unknown keys after a few', () => {
    const pairs: [string, string][] = Array.from({ length: 5000 }, (_, i) => [`junk${i}`, 'x']);
    const parsed = parseParams(schema, [...pairs, ['depth', '2']]);
    expect(parsed.config.depth).toBe(2);
    expect(parsed.issues.length).toBe(6);
    expect(parsed.issues[5]!.message).toBe('4995 more unknown parameters were ignored');
  });
});

describe('cross-field rules', () => {
  const sized = z
    .object({
      n: z.number().int().min(2).max(100).default(40),
      observations: z.number().int().min(1).max(10_000).default(400),
      seed: z.number().int().min(0).max(100).default(1),
    })
    .superRefine((v, ctx) => {
      if (v.observations > v.n * v.n) ctx.addIssue({ code: 'custom', path: ['observations'], message: `observations (${v.observations}) cannot exceed n^2 = ${v.n * v.n}` });
    });

  it('keep every valid value; only the fields the rule names fall back, and the message says so', () => {
    const parsed = parseParams(sized, new URLSearchParams('observations=5000&seed=7'));
    expect(parsed.config).toEqual({ n: 40, observations: 400, seed: 7 });
    expect(parsed.applied).toEqual(['seed']);
    expect(parsed.crossFieldKeys).toEqual(['observations']);
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]!.message).toBe('observations (5000) cannot exceed n^2 = 1600; observations = 400 used instead');
  });

  it('fall back to the base config when the named fields alone cannot satisfy the rule', () => {
    const parsed = parseParams(sized, new URLSearchParams('n=2&seed=9'), {}, { n: 40, observations: 400, seed: 1 });
    // n = 2 is named by no rule (observations is): observations falls back to 400 > 4, so everything does.
    expect(sized.safeParse(parsed.config).success).toBe(true);
    expect(parsed.issues.length).toBeGreaterThan(0);
  });
});
