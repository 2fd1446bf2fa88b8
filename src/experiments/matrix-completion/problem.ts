/**
 * Matrix-completion instances: a ground truth (when known), the observed entries, and the entries on
 * which generalisation is measured. All randomness comes from the seeded runtime generator.
 */
import { createRng } from '../runtime/rng.ts';
import { frobenius } from './linalg.ts';

export interface Problem {
  /** Side of the square matrix. */
  n: number;
  /** Observed entries: flat row-major indices i*n+j, and their values. */
  trainIndex: Int32Array;
  trainValue: Float64Array;
  /** Entries on which the reconstruction is judged (all unobserved entries when the truth is known). */
  testIndex: Int32Array;
  testValue: Float64Array;
  /** The full ground truth, when known (synthetic and image data), for the paper's metric. */
  truth: Float64Array | null;
}

/** Degrees of freedom of an n x n matrix of rank r: r(2n - r). */
export function degreesOfFreedom(n: number, rank: number): number {
  return rank * (2 * n - rank);
}

/**
 * Ground truth W* = U V^T, U and V n x r with standard Gaussian entries, rescaled so that
 * ||W*||_F = n (entries of unit root-mean-square), as in Arora, Cohen, Hu & Luo (2019).
 */
export function lowRankTruth(n: number, rank: number, seed: number): Float64Array {
  const rng = createRng(`mc/${seed}`).fork('truth');
  const u = Float64Array.from({ length: n * rank }, () => rng.normal());
  const v = Float64Array.from({ length: n * rank }, () => rng.normal());
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < rank; k++) s += u[i * rank + k]! * v[j * rank + k]!;
      w[i * n + j] = s;
    }
  }
  const scale = n / frobenius(w);
  for (let i = 0; i < w.length; i++) w[i]! *= scale;
  return w;
}

/**
 * The order in which entries are revealed: one seeded permutation of all n*n entries, so that the
 * first K entries are nested across K (curves over K compare like with like).
 */
export function revealOrder(n: number, seed: number): Int32Array {
  return createRng(`mc/${seed}`).fork('observations').permutation(n * n);
}

/** A problem with a fully known truth: the first `observations` entries of `order` are observed. */
export function problemFromTruth(truth: Float64Array, n: number, observations: number, order: Int32Array): Problem {
  if (observations < 1 || observations > n * n) throw new RangeError(`observations must be in 1..${n * n}`);
  const trainIndex = Int32Array.from(order.subarray(0, observations)).sort();
  const testIndex = Int32Array.from(order.subarray(observations)).sort();
  return {
    n,
    trainIndex,
    trainValue: Float64Array.from(trainIndex, (k) => truth[k]!),
    testIndex,
    testValue: Float64Array.from(testIndex, (k) => truth[k]!),
    truth,
  };
}

/** The synthetic instance of the paper: rank-r truth of size n, K entries observed. */
export function syntheticProblem(n: number, rank: number, observations: number, seed: number): Problem {
  return problemFromTruth(lowRankTruth(n, rank, seed), n, observations, revealOrder(n, seed));
}

/** Dense matrix holding the observed values (zero elsewhere), and the 0/1 mask of observed entries. */
export function observedDense(problem: Problem): { values: Float64Array; mask: Float64Array } {
  const size = problem.n * problem.n;
  const values = new Float64Array(size);
  const mask = new Float64Array(size);
  problem.trainIndex.forEach((k, i) => {
    values[k] = problem.trainValue[i]!;
    mask[k] = 1;
  });
  return { values, mask };
}
