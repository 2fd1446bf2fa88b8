import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/experiments/runtime/rng.ts';

describe('createRng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRng(7).normalArray(100);
    expect(createRng(7).normalArray(100)).toEqual(a);
    expect(createRng(8).normalArray(100)).not.toEqual(a);
  });

  it('draws standard normals (mean, variance within 4 standard errors)', () => {
    const n = 200_000;
    const xs = createRng(1).normalArray(n);
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('draws permutations that use every index once, uniformly', () => {
    const counts = new Array(5).fill(0);
    const rng = createRng('p');
    for (let i = 0; i < 20_000; i++) {
      const p = rng.permutation(5);
      expect([...p].sort()).toEqual([0, 1, 2, 3, 4]);
      counts[p[0]!]++;
    }
    for (const c of counts) expect(Math.abs(c - 4000)).toBeLessThan(4 * Math.sqrt(20_000 * 0.2 * 0.8));
  });

  it('forks independent, reproducible streams', () => {
    expect(createRng(3).fork('a').uniform()).toBe(createRng(3).fork('a').uniform());
    expect(createRng(3).fork('a').uniform()).not.toBe(createRng(3).fork('b').uniform());
  });
});
