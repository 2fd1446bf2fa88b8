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
    expect(parsed.issues.map((i) => i.key)).toEqual(['depth', 'optimizer', 'colour', 'learningRate']);
    expect(parsed.issues[0]!.message).toMatch(/from 1 to 5/);
    expect(parsed.issues[1]!.message).toMatch(/gd, adam/);
    expect(parsed.issues[2]!.message).toMatch(/unknown parameter/);
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
});
