/**
 * The nuclear-norm baseline: the exact minimiser of ||X||_* subject to X_ij = b_ij on the observed
 * entries, in float64, by ADMM (Boyd et al. 2011, section 3) on the splitting X = Z:
 *
 *   X <- SVT_{1/rho}(Z - U)                  singular value thresholding
 *   Z <- b on S, (X + U) off S               projection onto the constraint set
 *   U <- U + X - Z                           scaled dual update (U stays supported on S)
 *
 * with the penalty rho balanced between primal and dual residuals. Certificate: Z is feasible, and
 * Y = -rho U (the X-step gives -rho (X - Z + U) in the subdifferential of ||X||_*) (supported on S), divided by max(1, ||Y||_2), is feasible for the dual problem
 * max <Y, b> s.t. ||Y||_2 <= 1, Y supported on S. Weak duality gives
 *   ||Z||_* - <Y, b> >= ||Z||_* - min ||X||_* >= 0,
 * so the returned relative duality gap bounds the suboptimality of the returned matrix.
 */
import { EigenvalueDecomposition } from 'ml-matrix';
import { createHeartbeat, throwIfCancelled } from '../runtime/cancel.ts';
import { frobenius, gramOfColumns, singularValues, topSingularValue } from './linalg.ts';
import { observedDense, type Problem } from './problem.ts';

export interface NuclearNormOptions {
  /** Stop once the relative duality gap is at or below this value. */
  tolerance?: number;
  maxIterations?: number;
  /** Iterations between certificate checks. */
  checkEvery?: number;
  signal?: AbortSignal;
}

export interface NuclearNormResult {
  /** The minimiser (row-major n x n); it matches the observed entries exactly. */
  x: Float64Array;
  nuclearNorm: number;
  /** Dual objective <Y, b> of the feasible dual certificate. */
  dualObjective: number;
  /** (primal - dual) / primal: the certified relative suboptimality. */
  relativeGap: number;
  iterations: number;
  converged: boolean;
}

/** Singular value thresholding M -> U max(S - tau, 0) V^T = M V diag(max(0, 1 - tau / s)) V^T. */
function svt(m: Float64Array, n: number, tau: number): Float64Array {
  const evd = new EigenvalueDecomposition(gramOfColumns(m, n), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const keep: number[] = [];
  const weight: number[] = [];
  values.forEach((lambda, c) => {
    const sigma = Math.sqrt(Math.max(lambda, 0));
    if (sigma > tau) {
      keep.push(c);
      weight.push(1 - tau / sigma);
    }
  });
  const r = keep.length;
  const out = new Float64Array(n * n);
  if (r === 0) return out;
  // V_r (n x r), then MV_r (n x r) scaled by the weights, then (M V_r W) V_r^T.
  const v = new Float64Array(n * r);
  for (let i = 0; i < n; i++) for (let c = 0; c < r; c++) v[i * r + c] = vectors.get(i, keep[c]!);
  const mv = new Float64Array(n * r);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const mik = m[i * n + k]!;
      if (mik === 0) continue;
      for (let c = 0; c < r; c++) mv[i * r + c]! += mik * v[k * r + c]!;
    }
    for (let c = 0; c < r; c++) mv[i * r + c]! *= weight[c]!;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < r; c++) s += mv[i * r + c]! * v[j * r + c]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Solves to the end, synchronously (Node, tests). */
export function solveNuclearNorm(problem: Problem, options: NuclearNormOptions = {}): NuclearNormResult {
  const it = nuclearNormIterations(problem, options);
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
    throwIfCancelled(options.signal);
  }
}

/** Solves to the end, giving the event loop a turn every few tens of milliseconds, so that a cancel can land. */
export async function solveNuclearNormAsync(problem: Problem, options: NuclearNormOptions = {}): Promise<NuclearNormResult> {
  const it = nuclearNormIterations(problem, options);
  const heartbeat = createHeartbeat({ signal: options.signal });
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
    await heartbeat.beat();
  }
}

/** The ADMM iterations; yields the iteration count after each certificate check. */
export function* nuclearNormIterations(problem: Problem, options: NuclearNormOptions = {}): Generator<number, NuclearNormResult, void> {
  const { n } = problem;
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 5000;
  const checkEvery = options.checkEvery ?? 10;
  const { values: b, mask } = observedDense(problem);
  const size = n * n;
  const observed = problem.trainIndex;
  const bNorm = frobenius(b);
  const result = (x: Float64Array, primal: number, dual: number, iterations: number, converged: boolean): NuclearNormResult => ({
    x,
    nuclearNorm: primal,
    dualObjective: dual,
    relativeGap: primal > 0 ? (primal - dual) / primal : 0,
    iterations,
    converged,
  });
  if (bNorm === 0) return result(new Float64Array(size), 0, 0, 0, true);
  if (observed.length === size) {
    const primal = singularValues(b, n).reduce((s, x) => s + x, 0);
    return result(Float64Array.from(b), primal, primal, 0, true);
  }

  let z = Float64Array.from(b);
  let u = new Float64Array(size);
  let rho = 5 / topSingularValue(b, n);
  let best = result(z, Infinity, -Infinity, 0, false);
  for (let it = 1; it <= maxIterations; it++) {
    const w = new Float64Array(size);
    for (let k = 0; k < size; k++) w[k] = z[k]! - u[k]!;
    const x = svt(w, n, 1 / rho);
    const zOld = z;
    z = new Float64Array(size);
    for (let k = 0; k < size; k++) z[k] = mask[k] ? b[k]! : x[k]! + u[k]!;
    let r2 = 0;
    let s2 = 0;
    for (let k = 0; k < size; k++) {
      const d = x[k]! - z[k]!;
      u[k]! += d;
      r2 += d * d;
      const dz = z[k]! - zOld[k]!;
      s2 += dz * dz;
    }
    if (it % checkEvery === 0 || it === maxIterations) {
      const primal = singularValues(z, n).reduce((s, v) => s + v, 0);
      const y = new Float64Array(size);
      for (const k of observed) y[k] = -rho * u[k]!;
      const yNorm = singularValues(y, n)[0]!;
      let dual = 0;
      for (const k of observed) dual += y[k]! * b[k]!;
      dual /= Math.max(1, yNorm);
      const candidate = result(z, primal, dual, it, false);
      if (candidate.relativeGap < best.relativeGap || !Number.isFinite(best.nuclearNorm)) best = candidate;
      if (candidate.relativeGap <= tolerance) return { ...candidate, converged: true };
      yield it;
    }
    // Residual balancing (Boyd et al. 2011, section 3.4.1); U is rescaled with rho.
    const primalResidual = Math.sqrt(r2);
    const dualResidual = rho * Math.sqrt(s2);
    if (primalResidual > 10 * dualResidual) {
      rho *= 2;
      for (let k = 0; k < size; k++) u[k]! /= 2;
    } else if (dualResidual > 10 * primalResidual) {
      rho /= 2;
      for (let k = 0; k < size; k++) u[k]! *= 2;
    }
  }
  return best;
}
