/**
 * Predictions from a kernel: kernel regression (float64 Cholesky from ml-matrix, or conjugate
 * gradient), the exact discrete gradient-descent trajectory of the linearised model, and baselines.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/** Mean of the diagonal of a square row-major matrix. */
export function meanDiagonal(k: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += k[i * n + i]!;
  return s / n;
}

/** Copies the sub-matrix rows x cols of a row-major matrix with `stride` columns. */
export function subMatrix(k: Float64Array, stride: number, rows: ArrayLike<number>, cols: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length * cols.length);
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i]! * stride;
    for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = k[base + cols[j]!]!;
  }
  return out;
}

/**
 * Solves (K + ridge * meanDiag(K) I) A = B for a symmetric positive semi-definite K (n x n) and
 * B (n x k), by Cholesky in float64. If rounding makes the factorisation fail, the ridge grows
 * tenfold (up to 1e-3 of the mean diagonal). Returns A (n x k) and the ridge used.
 */
export function solveSpd(k: Float64Array, n: number, b: Float64Array, cols: number, ridge = 1e-10): { x: Float64Array; ridge: number } {
  const scale = meanDiagonal(k, n) || 1;
  for (let r = ridge; ; r = r === 0 ? 1e-12 : r * 10) {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, k[i * n + j]! + (i === j ? r * scale : 0));
    const chol = new CholeskyDecomposition(m);
    if (chol.isPositiveDefinite()) {
      const rhs = new Matrix(n, cols);
      for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) rhs.set(i, j, b[i * cols + j]!);
      const sol = chol.solve(rhs);
      const x = new Float64Array(n * cols);
      for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) x[i * cols + j] = sol.get(i, j);
      return { x, ridge: r };
    }
    if (r > 1e-3) throw new Error('The kernel matrix is not positive definite, even with a ridge of 1e-3.');
  }
}

/** C = A (m x n) B (n x k). */
export function matMul(a: Float64Array, m: number, n: number, b: Float64Array, k: number): Float64Array {
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < n; l++) {
      const v = a[i * n + l]!;
      if (v === 0) continue;
      for (let j = 0; j < k; j++) out[i * k + j] = out[i * k + j]! + v * b[l * k + j]!;
    }
  }
  return out;
}

/**
 * Kernel regression: predictions K(test, train) (K(train, train) + ridge)^{-1} Y, i.e. the
 * infinite-time limit of gradient descent on the linearised model started at zero.
 */
export function kernelRegression(
  kTrain: Float64Array, n: number, kTestTrain: Float64Array, m: number, y: Float64Array, k: number, ridge = 1e-10,
): Float64Array {
  const { x } = solveSpd(kTrain, n, y, k, ridge);
  return matMul(kTestTrain, m, n, x, k);
}

/**
 * Conjugate gradient for K x = b (K symmetric positive definite, given by its product), stopping when
 * |r| <= tol |b|. For systems too big for a dense factorisation.
 */
export function conjugateGradient(
  apply: (v: Float64Array) => Float64Array, b: Float64Array, tol = 1e-10, maxIterations = 10 * b.length,
): { x: Float64Array; iterations: number; relativeResidual: number } {
  const n = b.length;
  const x = new Float64Array(n);
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  const dot = (u: Float64Array, v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += u[i]! * v[i]!;
    return s;
  };
  const bNorm = Math.sqrt(dot(b, b)) || 1;
  let rr = dot(r, r);
  let it = 0;
  for (; it < maxIterations && Math.sqrt(rr) > tol * bNorm; it++) {
    const ap = apply(p);
    const alpha = rr / dot(p, ap);
    for (let i = 0; i < n; i++) {
      x[i] = x[i]! + alpha * p[i]!;
      r[i] = r[i]! - alpha * ap[i]!;
    }
    const next = dot(r, r);
    const beta = next / rr;
    rr = next;
    for (let i = 0; i < n; i++) p[i] = r[i]! + beta * p[i]!;
  }
  return { x, iterations: it, relativeResidual: Math.sqrt(rr) / bNorm };
}

/**
 * The exact discrete trajectory of gradient descent on the linearised model,
 *   f <- f - (eta / N) Theta (f_train - y),
 * on train (Theta = kTrain, N x N) and test points (Theta = kTestTrain, M x N), scalar outputs.
 * `record` lists the steps whose outputs are returned (step 0 = the initial outputs).
 */
export function linearisedTrajectory(
  kTrain: Float64Array, n: number, kTestTrain: Float64Array, m: number, y: Float64Array,
  f0Train: Float64Array, f0Test: Float64Array, learningRate: number, record: readonly number[],
): { step: number; train: Float64Array; test: Float64Array }[] {
  const fTrain = Float64Array.from(f0Train);
  const fTest = Float64Array.from(f0Test);
  const out: { step: number; train: Float64Array; test: Float64Array }[] = [];
  const wanted = new Set(record);
  const last = Math.max(0, ...record);
  const resid = new Float64Array(n);
  const c = learningRate / n;
  for (let step = 0; step <= last; step++) {
    if (wanted.has(step)) out.push({ step, train: Float64Array.from(fTrain), test: Float64Array.from(fTest) });
    if (step === last) break;
    for (let i = 0; i < n; i++) resid[i] = fTrain[i]! - y[i]!;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += kTestTrain[i * n + j]! * resid[j]!;
      fTest[i] = fTest[i]! - c * s;
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += kTrain[i * n + j]! * resid[j]!;
      fTrain[i] = fTrain[i]! - c * s;
    }
  }
  return out;
}

/** Largest eigenvalue of a symmetric PSD matrix by power iteration. */
export function largestEigenvalue(k: Float64Array, n: number, iterations = 200): number {
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    const w = matMul(k, n, n, v, 1);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += w[i]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    lambda = norm;
    v = w.map((x) => x / norm);
  }
  return lambda;
}

/** Targets for regression on classes: 0.9 for the label, -0.1 elsewhere (Arora et al. 2019). */
export function oneHotTargets(labels: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(labels.length * classes).fill(-0.1);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]!] = 0.9;
  return out;
}

/** Fraction of rows whose arg-max matches the label. */
export function accuracy(scores: Float64Array | Float32Array, classes: number, labels: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[i * classes + c]! > scores[i * classes + best]!) best = c;
    if (best === labels[i]) hits++;
  }
  return hits / labels.length;
}

/** 1-nearest-neighbour accuracy in Euclidean distance. */
export function nearestNeighbourAccuracy(
  train: Float64Array, trainLabels: ArrayLike<number>, test: Float64Array, testLabels: ArrayLike<number>, d: number,
): number {
  const n = trainLabels.length;
  let hits = 0;
  for (let i = 0; i < testLabels.length; i++) {
    let best = Infinity;
    let label = -1;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (test[i * d + k]! - train[j * d + k]!) ** 2;
      if (s < best) {
        best = s;
        label = trainLabels[j]!;
      }
    }
    if (label === testLabels[i]) hits++;
  }
  return hits / testLabels.length;
}

/** Relative Frobenius distance |A - B|_F / |B|_F. */
export function relativeFrobenius(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/** Least-squares slope and intercept of log10(y) against log10(x). */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const lx = xs.map(Math.log10);
  const ly = ys.map(Math.log10);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
