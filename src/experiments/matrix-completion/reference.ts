/**
 * A plain-JS, float64 implementation of the deep matrix factorisation loss, gradients and one
 * gradient step on Float64Array matrices. It is the reference for the tests (finite differences,
 * depth 1 = plain gradient descent) and the baseline of the benchmark.
 */
import { matmul, transpose, type Mat } from './linalg.ts';

export interface ReferenceData {
  n: number;
  /** 0/1 mask of observed entries and the observed values (zero elsewhere), row-major. */
  mask: Float64Array;
  values: Float64Array;
  /** Number of observed entries K. */
  count: number;
}

/** End-to-end matrix W_N ... W_1 (factors[0] = W_1). */
export function endToEnd(factors: Float64Array[], n: number): Mat {
  let p: Mat = factors[0]!;
  for (let j = 1; j < factors.length; j++) p = matmul(factors[j]!, p, n);
  return p;
}

/** Mean squared error over the observed entries. */
export function referenceLoss(factors: Float64Array[], data: ReferenceData): number {
  const w = endToEnd(factors, data.n);
  let s = 0;
  for (let k = 0; k < w.length; k++) {
    if (data.mask[k]) {
      const d = w[k]! - data.values[k]!;
      s += d * d;
    }
  }
  return s / data.count;
}

/** Gradients of the loss with respect to each factor: (W_N..W_{j+1})^T (2/K) P_S(W - B) (W_{j-1}..W_1)^T. */
export function referenceGradients(factors: Float64Array[], data: ReferenceData): Mat[] {
  const { n } = data;
  const depth = factors.length;
  const prefix: Mat[] = [factors[0]!];
  for (let j = 1; j < depth; j++) prefix.push(matmul(factors[j]!, prefix[j - 1]!, n));
  const w = prefix[depth - 1]!;
  const g: Mat = new Float64Array(n * n);
  for (let k = 0; k < g.length; k++) if (data.mask[k]) g[k] = (2 / data.count) * (w[k]! - data.values[k]!);
  const grads: Mat[] = new Array(depth);
  let t: Mat = g;
  for (let j = depth - 1; j >= 0; j--) {
    grads[j] = j === 0 ? t : matmul(t, transpose(prefix[j - 1]!, n), n);
    if (j > 0) t = matmul(transpose(factors[j]!, n), t, n);
  }
  return grads;
}

/** One gradient-descent step; returns the new factors. */
export function referenceStep(factors: Float64Array[], data: ReferenceData, learningRate: number): Float64Array[] {
  const grads = referenceGradients(factors, data);
  return factors.map((f, j) => {
    const out = new Float64Array(f.length);
    const g = grads[j]!;
    for (let k = 0; k < f.length; k++) out[k] = f[k]! - learningRate * g[k]!;
    return out;
  });
}
