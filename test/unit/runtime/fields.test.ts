import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { acceptedValues, coerceValue, describeAccepted, describeField, formatValue } from '../../../src/experiments/runtime/fields.ts';

describe('describeField, the one adapter over zod', () => {
  it('describes numbers, integers and their bounds through defaults', () => {
    expect(describeField(z.number().int().min(1).max(5).default(3).describe('Depth'))).toMatchObject({ kind: 'number', integer: true, min: 1, max: 5, description: 'Depth' });
    expect(describeField(z.number().positive().max(1).default(0.1))).toMatchObject({ kind: 'number', integer: false, max: 1 });
  });

  it('describes enums, booleans, lists and choices', () => {
    expect(describeField(z.enum(['gd', 'adam']).default('gd'))).toMatchObject({ kind: 'enum', options: ['gd', 'adam'] });
    expect(describeField(z.boolean().default(true)).kind).toBe('boolean');
    const list = describeField(z.array(z.number().int().min(1).max(8)).min(1).default([1]));
    expect(list.kind).toBe('list');
    expect(list.element).toMatchObject({ kind: 'number', integer: true, min: 1, max: 8 });
    const choice = describeField(z.union([z.literal('auto'), z.coerce.number().positive().max(100)]).default('auto'));
    expect(choice).toMatchObject({ kind: 'choice', options: ['auto'], acceptsNumber: true, max: 100 });
  });

  it('phrases what a field accepts', () => {
    expect(acceptedValues(describeField(z.number().int().min(1).max(5)))).toBe('an integer from 1 to 5');
    expect(describeAccepted(z.enum(['a', 'b']))).toBe('must be one of: a, b');
    expect(acceptedValues(describeField(z.array(z.number().int().min(1).max(8))))).toBe('a comma-separated list, each an integer from 1 to 8');
    expect(acceptedValues(describeField(z.union([z.literal('auto'), z.number().positive().max(100)])))).toMatch(/^"auto" or a number from .* to 100$/);
  });

  it('reads and writes parameter strings', () => {
    const list = z.array(z.number()).default([1]);
    expect(coerceValue(list, '1,2.5')).toEqual([1, 2.5]);
    expect(formatValue([1, 2.5])).toBe('1,2.5');
    expect(coerceValue(z.boolean(), '0')).toBe(false);
    expect(coerceValue(z.union([z.literal('auto'), z.number()]), 'auto')).toBe('auto');
    expect(coerceValue(z.union([z.literal('auto'), z.number()]), '0.5')).toBe(0.5);
    expect(coerceValue(z.number(), '0x10')).toBeNaN();
  });
});
