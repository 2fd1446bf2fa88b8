import { describe, expect, it } from 'vitest';
import { frobenius, singularValues, effectiveRank } from '../../../src/experiments/matrix-completion/linalg.ts';
import { degreesOfFreedom, lowRankTruth, syntheticProblem } from '../../../src/experiments/matrix-completion/problem.ts';
import { reconstructionMetrics } from '../../../src/experiments/matrix-completion/metrics.ts';

describe('synthetic instances', () => {
  it('have rank r and Frobenius norm n', () => {
    const w = lowRankTruth(30, 4, 7);
    expect(frobenius(w)).toBeCloseTo(30, 9);
    const s = singularValues(w, 30);
    expect(s[3]!).toBeGreaterThan(1);
    expect(s[4]!).toBeLessThan(1e-6 * s[0]!);
    expect(degreesOfFreedom(100, 5)).toBe(975);
  });

  it('nest the observed entries across K and never show test entries', () => {
    const small = syntheticProblem(20, 2, 100, 3);
    const large = syntheticProblem(20, 2, 200, 3);
    const larger = new Set(large.trainIndex);
    expect(Array.from(small.trainIndex).every((k) => larger.has(k))).toBe(true);
    expect(small.trainIndex.length + small.testIndex.length).toBe(400);
    const train = new Set(small.trainIndex);
    expect(Array.from(small.testIndex).some((k) => train.has(k))).toBe(false);
  });

  it('metrics: the truth has zero error, zero has error one', () => {
    const p = syntheticProblem(20, 2, 100, 3);
    const exact = reconstructionMetrics(p, p.truth!);
    expect(exact.trainLoss).toBe(0);
    expect(exact.paperError).toBe(0);
    const zero = reconstructionMetrics(p, new Float64Array(400));
    expect(zero.paperError).toBeCloseTo(1, 12);
    expect(zero.testError).toBeCloseTo(1, 12);
    expect(effectiveRank([1, 1, 1, 0])).toBeCloseTo(3, 12);
  });
});
