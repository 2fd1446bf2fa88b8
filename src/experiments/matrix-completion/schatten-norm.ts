/**
 * Minimum Schatten-p completions: min ||X||_{S_p}^p = sum_i sigma_i(X)^p subject to X_ij = b_ij on the
 * observed entries, in float64, for 0 < p <= 1 (p = 1: the nuclear norm, convex; p < 1: a quasi-norm,
 * non-convex, so the result is the stationary point this method reaches, not a certified minimum).
 *
 * Method: iteratively reweighted least squares, IRLS-p of Mohan & Fazel (2012) (also Fornasier, Rauhut
 * & Ward 2011 for p = 1). With the smoothed objective F_eps(X) = tr((X^T X + eps I)^{p/2}) and the weight
 * W = (X_k^T X_k + eps I)^{p/2 - 1}, each iteration solves the weighted least-squares completion
 *
 *   X_{k+1} = argmin tr(X W X^T)  s.t.  X_ij = b_ij on the observed entries,
 *
 * which separates over rows: row x (observed columns O, values m) minimises x^T W x with x_O = m. Its
 * closed form is x = H_{:,O} (H_{O,O})^{-1} m with H = W^{-1} = (X_k^T X_k + eps I)^{1 - p/2} (from the
 * eigendecomposition of X_k^T X_k), so each row costs one |O| x |O| Cholesky solve. The observed
 * entries are then set to b exactly. For a fixed eps this is a majorise-minimise step: F_eps never
 * increases.
 *
 * Smoothing: eps starts at EPS_START x sigma_1(X_0)^2 and is divided by `epsDecay` (default 1.01) every
 * iteration until it reaches `epsFloor` x sigma_1(X_0)^2 (default 1e-12, singular values of about
 * 1e-6 sigma_1). A slow decrease matters for p < 1: with 1.02 per iteration, seed 1 of the published
 * instance (n = 100, r = 5, K = 2000) reached the floor while its 6th singular value was still 1e-2,
 * which then shrank by about 1% per 100 iterations (6,000 iterations, error 1.4e-6 instead of 1e-13);
 * with 1.01 it reaches the tolerance in about 6,100 iterations, and the other seeds in fewer.
 *
 * Stop: converged once eps is at its floor and the relative change ||X_{k+1} - X_k||_F / ||X_{k+1}||_F
 * is at or below `tolerance` (default 1e-9). There is no silent cap (default 10,000 iterations): a
 * solve that reaches `maxIterations` returns `converged: false`, and the experiments publish that flag.
 *
 * p < 1 is warm-started (`start`) from the p = 1 solution, with eps starting at EPS_WARM x sigma_1^2 so
 * that the start is not smoothed away.
 */
import { EigenvalueDecomposition } from 'ml-matrix';
import { createHeartbeat, throwIfCancelled } from '../runtime/cancel.ts';
import { frobenius, gramOfColumns, singularValues } from './linalg.ts';
import { observedDense, type Problem } from './problem.ts';

/** eps at the start, in units of sigma_1(X_0)^2: from the zero-filled matrix, and from a warm start. */
export const EPS_START = 1;
export const EPS_WARM = 1e-2;

export interface SchattenOptions {
  /** The exponent p, in (0, 1]. */
  p: number;
  /** Starting point (row-major n x n); default: the observed entries, zero elsewhere. */
  start?: Float64Array;
  /** Factor by which eps shrinks every iteration (> 1). */
  epsDecay?: number;
  /** Smallest eps, in units of sigma_1(X_0)^2. */
  epsFloor?: number;
  /** Relative change per iteration at or below which (with eps at its floor) the solve has converged. */
  tolerance?: number;
  maxIterations?: number;
  /** Iterations between yields (progress and cancellation) of the generator. */
  yieldEvery?: number;
  signal?: AbortSignal;
}

export interface SchattenSolution {
  p: number;
  /** The completion (row-major n x n); it matches the observed entries exactly. */
  x: Float64Array;
  /** sum_i sigma_i(x)^p, i.e. ||x||_{S_p}^p. */
  schattenPower: number;
  /** ||x||_{S_p} = (sum_i sigma_i^p)^(1/p). */
  schatten: number;
  iterations: number;
  converged: boolean;
  /** The smoothing eps at the end (absolute). */
  epsilon: number;
  /** The last relative change ||X_{k+1} - X_k||_F / ||X_{k+1}||_F. */
  change: number;
}

/** sum sigma^p and (sum sigma^p)^(1/p) of a list of singular values. */
export function schattenOf(sigma: readonly number[], p: number): { power: number; value: number } {
  let power = 0;
  for (const s of sigma) if (s > 0) power += Math.pow(s, p);
  return { power, value: Math.pow(power, 1 / p) };
}

/** Solves A c = m for symmetric positive definite A (k x k, row-major) by Cholesky; in place on copies. */
export function choleskySolve(a: Float64Array, m: Float64Array, k: number): Float64Array {
  const l = Float64Array.from(a);
  for (let j = 0; j < k; j++) {
    let d = l[j * k + j]!;
    for (let t = 0; t < j; t++) d -= l[j * k + t]! * l[j * k + t]!;
    if (!(d > 0)) throw new Error('IRLS: the weighted system is not positive definite');
    const ljj = Math.sqrt(d);
    l[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = l[i * k + j]!;
      for (let t = 0; t < j; t++) s -= l[i * k + t]! * l[j * k + t]!;
      l[i * k + j] = s / ljj;
    }
  }
  const y = Float64Array.from(m);
  for (let i = 0; i < k; i++) {
    let s = y[i]!;
    for (let t = 0; t < i; t++) s -= l[i * k + t]! * y[t]!;
    y[i] = s / l[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let t = i + 1; t < k; t++) s -= l[t * k + i]! * y[t]!;
    y[i] = s / l[i * k + i]!;
  }
  return y;
}

/** H = (X^T X + eps I)^e (symmetric n x n, row-major), and sigma_1(X)^2. */
function powerOfGram(x: Float64Array, n: number, eps: number, exponent: number): { h: Float64Array; top: number } {
  const evd = new EigenvalueDecomposition(gramOfColumns(x, n), { assumeSymmetric: true });
  const lambda = evd.realEigenvalues;
  const v = evd.eigenvectorMatrix.to2DArray();
  const d = lambda.map((l) => Math.pow(Math.max(l, 0) + eps, exponent));
  // H = V diag(d) V^T: scale V's columns by d, then multiply by V^T.
  const vd = new Float64Array(n * n);
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = v[i]!;
    for (let c = 0; c < n; c++) {
      vd[i * n + c] = row[c]! * d[c]!;
      vt[i * n + c] = row[c]!;
    }
  }
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += vd[i * n + c]! * vt[j * n + c]!;
      h[i * n + j] = s;
      h[j * n + i] = s;
    }
  }
  return { h, top: Math.max(0, ...lambda) };
}

/** Solves to the end, synchronously (Node, tests). */
export function solveSchatten(problem: Problem, options: SchattenOptions): SchattenSolution {
  const it = schattenIterations(problem, options);
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
    throwIfCancelled(options.signal);
  }
}

/** Solves to the end, giving the event loop a turn every few tens of milliseconds, so that a cancel can land. */
export async function solveSchattenAsync(problem: Problem, options: SchattenOptions, onIteration?: (iterations: number) => void): Promise<SchattenSolution> {
  const it = schattenIterations(problem, options);
  const heartbeat = createHeartbeat({ signal: options.signal });
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
    onIteration?.(step.value);
    await heartbeat.beat();
  }
}

/** The IRLS iterations; yields the iteration count every `yieldEvery` iterations. */
export function* schattenIterations(problem: Problem, options: SchattenOptions): Generator<number, SchattenSolution, void> {
  const { n } = problem;
  const { p } = options;
  if (!(p > 0 && p <= 1)) throw new RangeError('p must be in (0, 1]');
  const epsDecay = options.epsDecay ?? 1.01;
  const epsFloorUnit = options.epsFloor ?? 1e-12;
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 10_000;
  const yieldEvery = options.yieldEvery ?? 5;
  const { values: b } = observedDense(problem);
  // Observed columns of each row, and their values.
  const rows: { cols: Int32Array; vals: Float64Array }[] = [];
  {
    const cols: number[][] = Array.from({ length: n }, () => []);
    const vals: number[][] = Array.from({ length: n }, () => []);
    problem.trainIndex.forEach((k, i) => {
      cols[Math.floor(k / n)]!.push(k % n);
      vals[Math.floor(k / n)]!.push(problem.trainValue[i]!);
    });
    for (let i = 0; i < n; i++) {
      const order = cols[i]!.map((_, t) => t).sort((a, c) => cols[i]![a]! - cols[i]![c]!);
      rows.push({ cols: Int32Array.from(order, (t) => cols[i]![t]!), vals: Float64Array.from(order, (t) => vals[i]![t]!) });
    }
  }
  const finish = (x: Float64Array, iterations: number, converged: boolean, epsilon: number, change: number): SchattenSolution => {
    const s = schattenOf(singularValues(x, n), p);
    return { p, x, schattenPower: s.power, schatten: s.value, iterations, converged, epsilon, change };
  };
  if (frobenius(b) === 0) return finish(new Float64Array(n * n), 0, true, 0, 0);
  if (problem.trainIndex.length === n * n) return finish(Float64Array.from(b), 0, true, 0, 0);

  let x = options.start ? Float64Array.from(options.start) : Float64Array.from(b);
  const scale = Math.pow(singularValues(x, n)[0]!, 2);
  let eps = (options.start ? EPS_WARM : EPS_START) * scale;
  const epsFloor = epsFloorUnit * scale;
  const exponent = 1 - p / 2;
  let change = Infinity;
  for (let it = 1; it <= maxIterations; it++) {
    const { h } = powerOfGram(x, n, eps, exponent);
    const next = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const { cols, vals } = rows[i]!;
      const k = cols.length;
      if (k === 0) continue;
      const a = new Float64Array(k * k);
      for (let s = 0; s < k; s++) for (let t = 0; t < k; t++) a[s * k + t] = h[cols[s]! * n + cols[t]!]!;
      const c = choleskySolve(a, vals, k);
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let t = 0; t < k; t++) sum += h[j * n + cols[t]!]! * c[t]!;
        next[i * n + j] = sum;
      }
      for (let t = 0; t < k; t++) next[i * n + cols[t]!] = vals[t]!;
    }
    let d2 = 0;
    for (let k = 0; k < n * n; k++) d2 += (next[k]! - x[k]!) ** 2;
    change = Math.sqrt(d2) / frobenius(next);
    x = next;
    const atFloor = eps <= epsFloor;
    if (atFloor && change <= tolerance) return finish(x, it, true, eps, change);
    eps = Math.max(eps / epsDecay, epsFloor);
    if (it % yieldEvery === 0) yield it;
  }
  return finish(x, maxIterations, false, eps, change);
}
