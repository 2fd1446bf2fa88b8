/**
 * Baseline kernels tuned on the training set only: kernel ridge regression whose hyperparameters
 * (a kernel from a list of candidates, and the ridge) are chosen by exact leave-one-out
 * cross-validation on the training images. With K = V diag(lambda) V^T and the hat matrix
 * H = K (K + r I)^-1 = V diag(lambda / (lambda + r)) V^T, the leave-one-out prediction of row i is
 *   y_i - (y_i - (H Y)_i) / (1 - H_ii),
 * so one eigendecomposition per candidate kernel scores every ridge. Float64 (ml-matrix).
 */
import { accuracy, kernelRegression, matMul, meanDiagonal, oneHotTargets } from './regression.ts';
import { kernelPath } from '../generalization/gd-path.ts';

/** Leave-one-out predictions (n x cols) of kernel ridge regression with ridge r * meanDiag(K). */
export function looPredictions(k: Float64Array, n: number, y: Float64Array, cols: number, ridges: readonly number[]): Float64Array[] {
  const path = kernelPath(k, n);
  const scale = meanDiagonal(k, n) || 1;
  const { vectors, lambda } = path;
  // z = V^T Y
  const z = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let c = 0; c < cols; c++) z[j * cols + c] = z[j * cols + c]! + vectors[i * n + j]! * y[i * cols + c]!;
  return ridges.map((r) => {
    const h = Float64Array.from(lambda, (l) => l / (l + r * scale));
    const hz = new Float64Array(n * cols);
    for (let j = 0; j < n; j++) for (let c = 0; c < cols; c++) hz[j * cols + c] = h[j]! * z[j * cols + c]!;
    const fit = matMul(vectors, n, n, hz, cols);
    const out = new Float64Array(n * cols);
    for (let i = 0; i < n; i++) {
      let hii = 0;
      for (let j = 0; j < n; j++) hii += vectors[i * n + j]! ** 2 * h[j]!;
      const denom = Math.max(1 - hii, 1e-12);
      for (let c = 0; c < cols; c++) out[i * cols + c] = y[i * cols + c]! - (y[i * cols + c]! - fit[i * cols + c]!) / denom;
    }
    return out;
  });
}

export interface TunedChoice {
  /** Index of the chosen candidate kernel. */
  kernel: number;
  /** Chosen ridge, relative to the mean diagonal of the training kernel. */
  ridge: number;
  /** Its leave-one-out accuracy on the training images. */
  looAccuracy: number;
}

/**
 * Picks the candidate kernel and ridge with the best leave-one-out accuracy on the training images
 * (ties: the smaller leave-one-out squared error, then the first in order).
 */
export function tuneByLoo(
  candidates: readonly Float64Array[], n: number, y: Float64Array, cols: number, labels: ArrayLike<number>, ridges: readonly number[],
): TunedChoice {
  let best: TunedChoice & { mse: number } = { kernel: 0, ridge: ridges[0]!, looAccuracy: -1, mse: Infinity };
  candidates.forEach((k, ki) => {
    looPredictions(k, n, y, cols, ridges).forEach((pred, ri) => {
      const acc = accuracy(pred, cols, labels);
      let mse = 0;
      for (let i = 0; i < pred.length; i++) mse += (pred[i]! - y[i]!) ** 2;
      if (acc > best.looAccuracy || (acc === best.looAccuracy && mse < best.mse)) best = { kernel: ki, ridge: ridges[ri]!, looAccuracy: acc, mse };
    });
  });
  return { kernel: best.kernel, ridge: best.ridge, looAccuracy: best.looAccuracy };
}

/** Squared Euclidean distances between all rows (n x n). */
export function squaredDistances(x: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (x[i * d + k]! - x[j * d + k]!) ** 2;
      out[i * n + j] = out[j * n + i] = s;
    }
  }
  return out;
}

/** Median of the distances among the given rows (from squared distances over all rows). */
export function medianOf(dist2: Float64Array, stride: number, rows: ArrayLike<number>): number {
  const v: number[] = [];
  for (let a = 0; a < rows.length; a++) for (let b = a + 1; b < rows.length; b++) v.push(Math.sqrt(dist2[rows[a]! * stride + rows[b]!]!));
  v.sort((p, q) => p - q);
  return v.length ? v[Math.floor(v.length / 2)]! || 1 : 1;
}

/** Bandwidths of the RBF candidates, in units of the median distance among the training rows. */
export const RBF_BANDWIDTH_FACTORS = [0.25, 0.5, 1, 2, 4] as const;
/** Ridges of the tuned baselines, relative to the mean diagonal of the training kernel. */
export const TUNING_RIDGES = [1e-6, 1e-4, 1e-3, 1e-2, 1e-1, 1] as const;

/**
 * Predictions (test x classes) of RBF kernel ridge regression whose bandwidth and ridge are chosen
 * by leave-one-out on the training rows only. `dist2` holds squared distances between all rows
 * (row-major, `stride` columns); `train` and `test` index into it.
 */
export function tunedRbfPredictions(
  dist2: Float64Array, stride: number, train: ArrayLike<number>, test: ArrayLike<number>, trainLabels: ArrayLike<number>, classes: number,
): { predictions: Float64Array; bandwidth: number; ridge: number } {
  const med = medianOf(dist2, stride, train);
  const y = oneHotTargets(trainLabels, classes);
  const build = (rows: ArrayLike<number>, cols: ArrayLike<number>, l: number) => {
    const c = 1 / (2 * l * l);
    const out = new Float64Array(rows.length * cols.length);
    for (let a = 0; a < rows.length; a++) for (let b = 0; b < cols.length; b++) out[a * cols.length + b] = Math.exp(-dist2[rows[a]! * stride + cols[b]!]! * c);
    return out;
  };
  const widths = RBF_BANDWIDTH_FACTORS.map((f) => f * med);
  const choice = tuneByLoo(widths.map((l) => build(train, train, l)), train.length, y, classes, trainLabels, TUNING_RIDGES);
  const l = widths[choice.kernel]!;
  const predictions = kernelRegression(build(train, train, l), train.length, build(test, train, l), test.length, y, classes, choice.ridge);
  return { predictions, bandwidth: l, ridge: choice.ridge };
}
