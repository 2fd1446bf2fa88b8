import { describe, expect, it, vi } from 'vitest';
import { compareWithPublished, describeComparison, storedRunVerdict } from '../../../src/client/rerun/comparison.ts';
import type { Comparison } from '../../../src/experiments/runtime/protocol.ts';

const engine = {
  tolerance: { metric: 'max deviation', sameBackend: 1e-6, crossBackend: 1e-3 },
  compare: vi.fn((a: unknown, b: unknown) => Math.abs(Number(a) - Number(b))),
};
const published = { config: { seed: 1, widths: [64, 128] }, result: 1, backend: 'cpu' };

describe('compareWithPublished', () => {
  it("uses the engine's compare, published result first, under the same-backend tolerance", () => {
    engine.compare.mockClear();
    const comparison = compareWithPublished(engine, { config: { seed: 1, widths: [64, 128] }, result: 1 + 5e-7, backend: 'cpu' }, published);
    expect(engine.compare).toHaveBeenCalledWith(1, 1 + 5e-7);
    expect(comparison).toMatchObject({ sameConfig: true, tolerance: 1e-6, metric: 'max deviation', publishedBackend: 'cpu', reproduced: true, differences: [] });
    expect(comparison.deviation).toBeCloseTo(5e-7, 12);
  });

  it('uses the cross-backend tolerance on another backend', () => {
    const comparison = compareWithPublished(engine, { config: published.config, result: 1.002, backend: 'wasm' }, published);
    expect(comparison.tolerance).toBe(1e-3);
    expect(comparison.reproduced).toBe(false);
  });

  it('does not compare results of other parameters, and lists them', () => {
    engine.compare.mockClear();
    const comparison = compareWithPublished(engine, { config: { seed: 2, widths: [64, 256] }, result: 1, backend: 'cpu' }, published);
    expect(engine.compare).not.toHaveBeenCalled();
    expect(comparison.sameConfig).toBe(false);
    expect(comparison.deviation).toBeNaN();
    expect(comparison.reproduced).toBe(false);
    expect(comparison.differences).toEqual(['seed', 'widths']);
  });
});

describe('describeComparison', () => {
  const base: Comparison = { sameConfig: true, deviation: 2e-7, tolerance: 1e-6, metric: 'max deviation', publishedBackend: 'cpu', reproduced: true, differences: [] };

  it('says when there is nothing to compare with', () => {
    expect(describeComparison(null)).toEqual({ text: 'No published run to compare with.', reproduced: null });
  });

  it('says a run reproduced the published one, with the numbers', () => {
    expect(describeComparison(base)).toEqual({ text: 'Reproduced the published run: max deviation 2.00e-7 ≤ tolerance 0.000001 (published on cpu).', reproduced: true });
  });

  it('says a run did not', () => {
    expect(describeComparison({ ...base, deviation: 0.5, reproduced: false })).toEqual({
      text: 'Did not reproduce the published run: max deviation 5.00e-1 > tolerance 0.000001 (published on cpu).',
      reproduced: false,
    });
  });

  it('names the parameters that differ', () => {
    const verdict = describeComparison({ ...base, sameConfig: false, deviation: Number.NaN, reproduced: false, differences: ['seed', 'n'] });
    expect(verdict.reproduced).toBeNull();
    expect(verdict.text).toMatch(/^Parameters differ from the published reduced run \(seed, n\)/);
  });

  it('gives a short verdict for the list of stored runs', () => {
    expect([true, false, null].map(storedRunVerdict)).toEqual(['reproduced the published run', 'did not reproduce the published run', 'parameters differ from the published run']);
  });
});
