/** Metrics of a reconstruction W (row-major n x n) against a problem, in float64. */
import { roundTo } from '../runtime/stats.ts';
import { effectiveRank, singularValues } from './linalg.ts';
import type { Problem } from './problem.ts';

export interface Metrics {
  /** Mean squared error over the observed entries (the training loss). */
  trainLoss: number;
  /** Relative Frobenius error on the unobserved (test) entries: ||W - W*||_test / ||W*||_test. */
  testError: number;
  /** Root-mean-square error on the test entries. */
  testRmse: number;
  /** The paper's metric ||W - W*||_F^2 / ||W*||_F^2 over all entries (null without a full truth). */
  paperError: number | null;
}

export interface Spectrum {
  /** All singular values, descending. */
  singularValues: number[];
  effectiveRank: number;
  nuclearNorm: number;
}

export function reconstructionMetrics(problem: Problem, w: ArrayLike<number>): Metrics {
  let train = 0;
  problem.trainIndex.forEach((k, i) => {
    const d = w[k]! - problem.trainValue[i]!;
    train += d * d;
  });
  let test = 0;
  let testNorm = 0;
  problem.testIndex.forEach((k, i) => {
    const d = w[k]! - problem.testValue[i]!;
    test += d * d;
    testNorm += problem.testValue[i]! * problem.testValue[i]!;
  });
  let paperError: number | null = null;
  if (problem.truth) {
    let num = 0;
    let den = 0;
    const t = problem.truth;
    for (let k = 0; k < t.length; k++) {
      const d = w[k]! - t[k]!;
      num += d * d;
      den += t[k]! * t[k]!;
    }
    paperError = num / den;
  }
  const nTest = problem.testIndex.length;
  return {
    trainLoss: train / problem.trainIndex.length,
    testError: nTest > 0 && testNorm > 0 ? Math.sqrt(test / testNorm) : 0,
    testRmse: nTest > 0 ? Math.sqrt(test / nTest) : 0,
    paperError,
  };
}

export function spectrum(w: ArrayLike<number>, n: number): Spectrum {
  const s = singularValues(w, n);
  return { singularValues: s, effectiveRank: effectiveRank(s), nuclearNorm: s.reduce((a, b) => a + b, 0) };
}

/** Rounds to `digits` significant digits, so that published files are compact and stable. */
export const round = (x: number, digits = 5): number => roundTo(x, digits);
