/**
 * The whole gradient-descent path of kernel regression in closed form. Gradient descent on
 * L(alpha) = 1/(2N) |K alpha - Y|^2 in function space, f <- f - (eta / N) K (f - Y) from f = 0, gives
 * after t steps
 *   f_train(t) = V diag(1 - (1 - eta lambda / N)^t) V^T Y,   f_x(t) = K(x, train) alpha(t),
 *   alpha(t)   = V diag(g_t(lambda)) V^T Y,   g_t(lambda) = (1 - (1 - eta lambda / N)^t) / lambda,
 * with K = V diag(lambda) V^T the eigendecomposition of the training kernel (float64, ml-matrix). One
 * decomposition gives every step, and t -> infinity gives kernel regression (the minimum-norm
 * interpolant). Independent check: `linearisedTrajectory` in ntk/regression.ts iterates the steps.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface KernelPath {
  n: number;
  /** Eigenvalues of the training kernel, clipped at 0 (rounding can make tiny ones negative). */
  lambda: Float64Array;
  /** Eigenvectors, column j for lambda[j] (row-major n x n). */
  vectors: Float64Array;
  /** Largest eigenvalue. */
  lambdaMax: number;
}

/** Eigendecomposition of a symmetric kernel matrix (row-major n x n). */
export function kernelPath(k: Float64Array, n: number): KernelPath {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, 0.5 * (k[i * n + j]! + k[j * n + i]!));
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const v = evd.eigenvectorMatrix;
  const lambda = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  let lambdaMax = 0;
  for (let j = 0; j < n; j++) {
    lambda[j] = Math.max(0, values[j]!);
    if (lambda[j]! > lambdaMax) lambdaMax = lambda[j]!;
    for (let i = 0; i < n; i++) vectors[i * n + j] = v.get(i, j);
  }
  return { n, lambda, vectors, lambdaMax };
}

/** V^T Y (n x cols), the targets in the eigenbasis. */
export function project(path: KernelPath, y: Float64Array, cols: number): Float64Array {
  const { n, vectors } = path;
  const out = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = vectors[i * n + j]!;
      for (let c = 0; c < cols; c++) out[j * cols + c] = out[j * cols + c]! + v * y[i * cols + c]!;
    }
  }
  return out;
}

/**
 * Spectral filter g_t(lambda) of `steps` gradient-descent steps of size eta = rate N / lambdaMax
 * (rate in (0, 2) for a stable descent); steps = Infinity gives 1 / (lambda + ridge), kernel regression
 * with the same tiny ridge as `kernelRegression`. Written with expm1/log1p so that small lambda keep
 * their precision; lambda = 0 gives the limit t eta / N.
 */
export function filter(path: KernelPath, steps: number, rate: number, ridge = 0): Float64Array {
  const out = new Float64Array(path.n);
  const scale = rate / path.lambdaMax; // eta / N
  for (let j = 0; j < path.n; j++) {
    const l = path.lambda[j]!;
    if (steps === Infinity) out[j] = l + ridge > 0 ? 1 / (l + ridge) : 0;
    else if (steps === 0) out[j] = 0;
    else if (l <= 0) out[j] = steps * scale;
    else {
      const base = 1 - scale * l; // in (-1, 1) for a stable step
      out[j] = (base > 0.5 ? -Math.expm1(steps * Math.log1p(-scale * l)) : 1 - Math.pow(base, steps)) / l;
    }
  }
  return out;
}

/** Dual coefficients alpha = V diag(g) V^T Y (n x cols), from the projected targets `z` = V^T Y. */
export function coefficients(path: KernelPath, z: Float64Array, cols: number, g: Float64Array): Float64Array {
  const { n, vectors } = path;
  const out = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = vectors[i * n + j]! * g[j]!;
      if (v === 0) continue;
      for (let c = 0; c < cols; c++) out[i * cols + c] = out[i * cols + c]! + v * z[j * cols + c]!;
    }
  }
  return out;
}
