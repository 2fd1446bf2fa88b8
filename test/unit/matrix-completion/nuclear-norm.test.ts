import { describe, expect, it } from 'vitest';
import { singularValues } from '../../../src/experiments/matrix-completion/linalg.ts';
import { solveNuclearNorm, solveNuclearNormAsync } from '../../../src/experiments/matrix-completion/nuclear-norm.ts';
import { lowRankTruth, problemFromTruth, revealOrder, syntheticProblem } from '../../../src/experiments/matrix-completion/problem.ts';
import { reconstructionMetrics } from '../../../src/experiments/matrix-completion/metrics.ts';

describe('nuclear-norm minimisation', () => {
  it('returns the matrix itself when every entry is observed', () => {
    const n = 15;
    const truth = lowRankTruth(n, 3, 4);
    const result = solveNuclearNorm(problemFromTruth(truth, n, n * n, revealOrder(n, 4)));
    expect(result.converged).toBe(true);
    for (let k = 0; k < truth.length; k++) expect(result.x[k]).toBe(truth[k]);
    expect(result.nuclearNorm).toBeCloseTo(singularValues(truth, n).reduce((a, b) => a + b, 0), 8);
  });

  it.each([
    [30, 2, 250, 1],
    [30, 2, 400, 2],
    [40, 3, 462, 1],
  ])('meets its duality-gap certificate (n=%i, r=%i, K=%i, seed %i)', (n, r, k, seed) => {
    const problem = syntheticProblem(n, r, k, seed);
    const result = solveNuclearNorm(problem, { tolerance: 1e-6 });
    expect(result.converged).toBe(true);
    expect(result.relativeGap).toBeLessThanOrEqual(1e-6);
    // Weak duality: the gap is never negative beyond rounding.
    expect(result.relativeGap).toBeGreaterThan(-1e-9);
    expect(result.dualObjective).toBeLessThanOrEqual(result.nuclearNorm * (1 + 1e-9));
    // Feasible: the observed entries are matched exactly.
    problem.trainIndex.forEach((idx, i) => expect(result.x[idx]).toBe(problem.trainValue[i]));
    // The reported nuclear norm is that of the returned matrix.
    expect(result.nuclearNorm).toBeCloseTo(singularValues(result.x, n).reduce((a, b) => a + b, 0), 6);
  });

  it('recovers a low-rank matrix exactly from many entries', () => {
    const problem = syntheticProblem(30, 2, 600, 3);
    const result = solveNuclearNorm(problem);
    expect(reconstructionMetrics(problem, result.x).paperError!).toBeLessThan(1e-8);
  });

  it('the async solver gives the same answer and can be cancelled', async () => {
    const problem = syntheticProblem(20, 2, 150, 5);
    const sync = solveNuclearNorm(problem);
    const async = await solveNuclearNormAsync(problem);
    expect(Array.from(async.x)).toEqual(Array.from(sync.x));
    const controller = new AbortController();
    const pending = solveNuclearNormAsync(problem, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/cancelled/);
  });
});
