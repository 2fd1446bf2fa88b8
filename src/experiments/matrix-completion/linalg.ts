/**
 * Float64 linear algebra on row-major square matrices (Float64Array of length n*n), for the metrics,
 * the nuclear-norm baseline and the plain-JS reference. Decompositions come from ml-matrix.
 */
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';

export type Mat = Float64Array;

/** C = A B for n x n row-major matrices (i-k-j loop order). */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, out: Mat = new Float64Array(n * n)): Mat {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ri + k]!;
      if (aik === 0) continue;
      const rk = k * n;
      for (let j = 0; j < n; j++) out[ri + j]! += aik * b[rk + j]!;
    }
  }
  return out;
}

export function transpose(a: ArrayLike<number>, n: number): Mat {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = a[i * n + j]!;
  return out;
}

export function identity(n: number, scale = 1): Mat {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = scale;
  return out;
}

export function frobenius(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

function toMatrix(a: ArrayLike<number>, n: number): Matrix {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]!);
  return m;
}

/** The Gram matrix A^T A of an n x n row-major matrix (symmetric; each entry computed once). */
export function gramOfColumns(a: ArrayLike<number>, n: number): Matrix {
  const gram = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[k * n + i]! * a[k * n + j]!;
      gram.set(i, j, s);
      gram.set(j, i, s);
    }
  }
  return gram;
}

/**
 * Singular values (descending) of an n x n matrix, from the symmetric eigenproblem of A^T A
 * (4-5x faster than a full SVD in ml-matrix). Squaring loses the singular values below about
 * 1e-8 x the largest one, which is beneath the float32 resolution of the trained matrices anyway.
 */
export function singularValues(a: ArrayLike<number>, n: number): number[] {
  const evd = new EigenvalueDecomposition(gramOfColumns(a, n), { assumeSymmetric: true });
  return evd.realEigenvalues.map((v) => Math.sqrt(Math.max(v, 0))).sort((x, y) => y - x);
}

/** Full SVD A = U diag(s) V^T, through ml-matrix (used where singular vectors are needed). */
export function svd(a: ArrayLike<number>, n: number): { u: Matrix; s: number[]; v: Matrix } {
  const d = new SingularValueDecomposition(toMatrix(a, n), { autoTranspose: false });
  return { u: d.leftSingularVectors, s: d.diagonal, v: d.rightSingularVectors };
}

/** Largest singular value, by power iteration on A^T A (float64, 300 iterations at most). */
export function topSingularValue(a: ArrayLike<number>, n: number): number {
  let v = new Float64Array(n).map((_, i) => 1 + ((i * 7919) % 13) / 13);
  let sigma = 0;
  for (let it = 0; it < 300; it++) {
    const av = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j]! * v[j]!;
      av[i] = s;
    }
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const avi = av[i]!;
      for (let j = 0; j < n; j++) w[j]! += a[i * n + j]! * avi;
    }
    const norm = frobenius(w);
    if (norm === 0) return 0;
    const next = Math.sqrt(norm);
    for (let j = 0; j < n; j++) w[j]! /= norm;
    v = w;
    if (Math.abs(next - sigma) <= 1e-10 * next) return next;
    sigma = next;
  }
  return sigma;
}

/** exp(entropy(sigma / sum(sigma))): the effective rank of Roy & Vetterli (2007). */
export function effectiveRank(sigma: readonly number[]): number {
  const total = sigma.reduce((s, x) => s + x, 0);
  if (total <= 0) return 0;
  let h = 0;
  for (const x of sigma) {
    const p = x / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return Math.exp(h);
}
