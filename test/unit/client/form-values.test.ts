import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rawValuesOf, readFormValues } from '../../../src/client/rerun/form-values.ts';
import { singleRunSpec } from '../../../src/experiments/matrix-completion/single-run.spec.ts';
import { reducedConfig } from '../../../src/experiments/runtime/spec.ts';

const schema = singleRunSpec.schema;
const reduced = reducedConfig(singleRunSpec);
const rawReduced = () => rawValuesOf(schema, reduced);

describe('readFormValues', () => {
  it('reads the controls of a valid config back as that config', () => {
    const checked = readFormValues(schema, rawReduced());
    expect(checked).toEqual({ config: reduced, fieldErrors: new Map(), crossField: null });
  });

  it('reads checkboxes as booleans and text as the type each field expects', () => {
    const checked = readFormValues(schema, { ...rawReduced(), nuclearNorm: false, seed: ' 7 ', learningRate: '0.5', init: 'gaussian' });
    expect(checked.config).toMatchObject({ nuclearNorm: false, seed: 7, learningRate: 0.5, init: 'gaussian' });
  });

  it('marks each invalid field with what it accepts, and checks no rule across fields meanwhile', () => {
    const checked = readFormValues(schema, { ...rawReduced(), depth: '99', seed: '', observations: '5000' });
    expect(checked.config).toBeNull();
    expect(checked.crossField).toBeNull();
    expect([...checked.fieldErrors.keys()]).toEqual(['depth', 'seed']);
    expect(checked.fieldErrors.get('depth')).toBe('depth must be an integer from 1 to 5.');
    expect(checked.fieldErrors.get('seed')).toMatch(/^seed must be an integer from 0 to 1000000000\.$/);
  });

  it('reads hexadecimal as no number', () => {
    expect(readFormValues(schema, { ...rawReduced(), seed: '0x10' }).fieldErrors.has('seed')).toBe(true);
  });

  it('marks the field a broken rule names with the rule, and gives the rule for the status', () => {
    // n = 40 in the reduced run: 5000 observations exceed n^2 = 1600.
    const checked = readFormValues(schema, { ...rawReduced(), observations: '5000' });
    expect(checked.config).toBeNull();
    expect(checked.crossField).toEqual({ keys: ['observations'], message: 'observations: observations (5000) cannot exceed n^2 = 1600' });
    expect([...checked.fieldErrors]).toEqual([['observations', 'observations (5000) cannot exceed n^2 = 1600.']]);
  });

  it('marks every field named by broken rules, each with its own rule', () => {
    const checked = readFormValues(schema, { ...rawReduced(), n: '4', rank: '5', observations: '20' });
    expect(checked.crossField?.keys).toEqual(['observations', 'rank']);
    expect(checked.fieldErrors.get('rank')).toBe('rank cannot exceed n.');
    expect(checked.crossField?.message).toBe('observations: observations (20) cannot exceed n^2 = 16; rank: rank cannot exceed n');
  });

  it('gives a rule that names no field to the status only', () => {
    const pair = z
      .object({ low: z.number().default(1), high: z.number().default(2) })
      .refine((v) => v.low < v.high, { message: 'low must be below high' });
    const checked = readFormValues(pair, { low: '3', high: '2' });
    expect(checked.crossField).toEqual({ keys: [], message: 'config: low must be below high' });
    expect(checked.fieldErrors.size).toBe(0);
  });
});

describe('rawValuesOf', () => {
  it('writes lists comma-separated and keeps booleans for checkboxes', () => {
    const lists = z.object({ widths: z.array(z.number()).default([64, 128]), log: z.boolean().default(true), mode: z.enum(['a', 'b']).default('b') });
    expect(rawValuesOf(lists, lists.parse({}))).toEqual({ widths: '64,128', log: true, mode: 'b' });
  });

  it('round-trips through readFormValues', () => {
    const config = { ...reduced, learningRate: 0.25, nuclearNorm: false, seed: 42 };
    expect(readFormValues(schema, rawValuesOf(schema, config)).config).toEqual(config);
  });
});
