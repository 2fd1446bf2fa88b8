/**
 * Deep matrix factorisation, trained by gradient descent or Adam with tfjs: the end-to-end matrix
 * W = W_N ... W_1 of N full-width n x n factors fits the observed entries in mean squared error.
 *
 * Several runs of the same depth (other seeds, other observation counts, other initial scales) advance
 * together. `stacked` puts them in one [B, n, n] tensor and uses batched matMul; `loop` keeps one
 * [1, n, n] tensor per run and advances them one after the other; `fused` is `loop` with each chunk of
 * gradient-descent steps run by one call of the WebAssembly kernel in fused-descent.ts (gradient
 * descent only; the same bits as `loop` on the wasm backend, tested). The WASM backend multiplies one
 * 100 x 100 pair about ten times faster than a batch of them (XNNPACK only takes the single-matrix
 * path), so `auto` chooses `fused` there for gradient descent, `loop` for Adam, and `stacked`
 * elsewhere; scripts/bench/matrix-completion.ts measures all three.
 *
 * Gradients are written by hand with explicit transposes (tf.variableGrads and matMul's transpose
 * flags are several times slower on WASM); every step runs inside tf.tidy, and values are read back
 * only every `readEvery` steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { throwIfCancelled, yieldToEventLoop } from '../runtime/cancel.ts';
import { createRng } from '../runtime/rng.ts';
import type { RunContext } from '../runtime/types.ts';
import { FusedDescent, fusedDescentAvailable } from './fused-descent.ts';
import { svd, topSingularValue } from './linalg.ts';
import { reconstructionMetrics, spectrum, type Metrics, type Spectrum } from './metrics.ts';
import { observedDense, type Problem } from './problem.ts';
import type { RunStatus } from './summary.ts';

export type { RunStatus };

export type InitKind = 'identity' | 'gaussian';
export type OptimizerKind = 'gd' | 'adam';
export type BatchMode = 'stacked' | 'loop' | 'fused' | 'auto';

export interface TrainOptions {
  depth: number;
  init: InitKind;
  /** Scale s of the end-to-end matrix at initialisation (each factor gets s^(1/N)). */
  initScale: number;
  optimizer: OptimizerKind;
  /** A number, or 'auto': the measured step for gradient descent (see `STEP_RULE`), 1e-3 for Adam. */
  learningRate: number | 'auto';
  maxSteps: number;
  /** Stop a run once its training MSE is at or below this value. */
  targetLoss: number;
  /** Steps between readbacks (metrics, stopping test, snapshots, cancellation). */
  readEvery: number;
  batchMode: BatchMode;
  /** Compute the singular values of the end-to-end matrix at every readback (else only at the end). */
  trackSpectrum: boolean;
  /** How many of the largest singular values each trajectory point keeps. */
  topSingularValues: number;
}

export interface RunSpec {
  problem: Problem;
  /** Seed of the Gaussian initialisation (unused for the identity). */
  initSeed: number | string;
  /** Overrides `TrainOptions.initScale` for this run (e.g. the initial-scale sweep). */
  initScale?: number;
}

export interface TrajectoryPoint extends Metrics {
  step: number;
  singularValues?: number[];
  effectiveRank?: number;
  nuclearNorm?: number;
}


export interface RunState {
  status: RunStatus;
  step: number;
  /** The step size (with the measured rule: the latest one). */
  learningRate: number;
  /** Measured rule only: the latest curvature estimate and the largest step taken. */
  curvature?: number;
  solutionCurvature?: number;
  maxLearningRate?: number;
  points: TrajectoryPoint[];
  /** Final metrics, spectrum and end-to-end matrix, once the run has stopped. */
  final?: { metrics: Metrics; spectrum: Spectrum; w: Float32Array };
}

export interface TrainProgress {
  /** Steps taken by all runs (a finished run counts its cap), and the total. */
  done: number;
  total: number;
  runs: RunState[];
}

export const ADAM_DEFAULT_LEARNING_RATE = 1e-3;

/**
 * The former default step size of gradient descent, derived from a bound (kept for comparison and tests;
 * the engine now measures the step instead, see STEP_RULE).
 *
 * Loss L = (1/K) sum_{(i,j) in S} ((W_N...W_1)_ij - b_ij)^2. Perturb each factor by D_j; near a fit
 * the second-order term is (1/K) ||P_S(sum_j A_j D_j C_j)||^2 with A_j = W_N...W_{j+1},
 * C_j = W_{j-1}...W_1. For balanced factors with end-to-end top singular value sigma,
 * ||A_j|| ||C_j|| = sigma^((N-1)/N), and by Cauchy-Schwarz the Hessian's largest eigenvalue is at most
 *   lambda <= 2 N sigma^(2 - 2/N) / K.
 * Gradient descent is stable for eta < 2 / lambda; we take half of that, eta = K / (2 N sigma^(2-2/N)),
 * to leave room for transients. sigma is estimated from the data: the observed-entry matrix P_S(B),
 * scaled by n^2 / K, is an unbiased estimate of the truth, and its top singular value overestimates
 * sigma_1(W*) (sampling noise adds to it), which errs on the safe side. At depth 1 this gives
 * eta = K / 2, which fits the observed entries in one step (the loss is then exactly quadratic).
 * The step shrinks with depth and with the scale of the data, as it must.
 */
export function autoLearningRate(problem: Problem, depth: number): number {
  const { values } = observedDense(problem);
  const k = problem.trainIndex.length;
  const sigma = (topSingularValue(values, problem.n) * problem.n * problem.n) / k;
  return k / (2 * depth * Math.pow(sigma, 2 - 2 / depth));
}

/**
 * The measured step rule of gradient descent (learningRate 'auto'), replacing the Cauchy-Schwarz bound
 * above, which on the n = 100, K = 2000 instance sat several times below the largest stable step.
 *
 * At every readback the largest eigenvalue lambda of the loss's Hessian in the factors is estimated at
 * the current point by power iteration on exact Hessian-vector products (`hessianVectorProducts`),
 * warm-started from the previous readback's eigenvector. From a small initialisation the curvature at
 * the start is far below the curvature the run meets once the factors have grown, so it is also
 * measured once, at the start, at balanced factors of the solution's scale (`solutionScaleFactors`,
 * lambda_sol). The step is
 *   eta = min(SAFETY / lambda, SOLUTION_SAFETY / lambda_sol, GROWTH * previous eta).
 * Gradient descent on a quadratic is stable for eta < 2 / lambda; SAFETY = 1 keeps half of that margin
 * for the curvature that grows inside a chunk. lambda_sol is measured at a rank-one point whose scale is
 * overestimated by sampling noise (n = 100, K = 2000, depth 3: 0.39, against 0.16 measured at the fit),
 * so SOLUTION_SAFETY = 2 still leaves a margin there; GROWTH bounds how fast the step may follow a falling
 * curvature estimate. Power iteration converges to
 * the eigenvalue of largest magnitude; where that is a negative one (near the saddle at the origin),
 * the step is only more cautious. The step is recomputed only from the factors, so a run is the same
 * for a seed whatever else is batched with it.
 */
export const STEP_RULE = { safety: 1, solutionSafety: 2, growth: 2, firstIterations: 30, warmIterations: 6 } as const;

/** Pairwise sum over factors of per-run inner products <a_j, b_j> (shape [b]). */
function innerPerRun(a: tf.Tensor3D[], b: tf.Tensor3D[]): tf.Tensor1D {
  return tf.addN(a.map((x, j) => tf.sum(tf.mul(x, b[j]!), [1, 2]))) as tf.Tensor1D;
}

/**
 * Exact Hessian-vector products H v of the training loss in the factors, per run of the batch: the
 * directional derivative of `factorGradients` along v, written by hand like the gradients (forward:
 * prefixes P_j = W_j P_{j-1} and dP_j = V_j P_{j-1} + W_j dP_{j-1}; backward: t = g, grad_j = t P_{j-1}^T,
 * t <- W_j^T t, differentiated term by term with dg = (2/K) P_S(dP_{N-1})).
 */
export function hessianVectorProducts(
  factors: tf.Tensor3D[],
  mask: tf.Tensor3D,
  target: tf.Tensor3D,
  gradScale: tf.Tensor3D,
  v: tf.Tensor3D[],
): tf.Tensor3D[] {
  return tf.tidy(() => {
    const depth = factors.length;
    const prefix = prefixes(factors);
    const dPrefix: tf.Tensor3D[] = [v[0]!];
    for (let j = 1; j < depth; j++) dPrefix.push(tf.add(tf.matMul(v[j]!, prefix[j - 1]!), tf.matMul(factors[j]!, dPrefix[j - 1]!)));
    const g = tf.mul(gradScale, tf.mul(mask, tf.sub(prefix[depth - 1]!, target))) as tf.Tensor3D;
    const dg = tf.mul(gradScale, tf.mul(mask, dPrefix[depth - 1]!)) as tf.Tensor3D;
    const out: tf.Tensor3D[] = new Array(depth);
    let t = g;
    let dt = dg;
    for (let j = depth - 1; j >= 0; j--) {
      out[j] = j === 0 ? dt : tf.add(tf.matMul(dt, tf.transpose(prefix[j - 1]!, T)), tf.matMul(t, tf.transpose(dPrefix[j - 1]!, T)));
      if (j > 0) {
        const wt = tf.transpose(factors[j]!, T);
        dt = tf.add(tf.matMul(tf.transpose(v[j]!, T), t), tf.matMul(wt, dt));
        t = tf.matMul(wt, t);
      }
    }
    return out;
  });
}

/**
 * Largest-magnitude Hessian eigenvalue per run by power iteration from `start` (unit per run). Returns
 * the Rayleigh quotients (absolute values) and the last, normalised iterate for a warm start.
 */
export function topHessianEigenvalue(
  factors: tf.Tensor3D[],
  mask: tf.Tensor3D,
  target: tf.Tensor3D,
  gradScale: tf.Tensor3D,
  start: tf.Tensor3D[],
  iterations: number,
): { lambda: Float32Array; vector: tf.Tensor3D[] } {
  let v = start.map((x) => tf.clone(x));
  let lambda: tf.Tensor1D | null = null;
  for (let i = 0; i < iterations; i++) {
    const next = tf.tidy(() => {
      const hv = hessianVectorProducts(factors, mask, target, gradScale, v);
      const rayleigh = tf.abs(innerPerRun(v, hv));
      const norm = tf.reshape(tf.maximum(tf.sqrt(innerPerRun(hv, hv)), 1e-30), [-1, 1, 1]);
      return [rayleigh, ...hv.map((h) => tf.div(h, norm))] as tf.Tensor[];
    });
    tf.dispose(v);
    lambda?.dispose();
    lambda = next[0] as tf.Tensor1D;
    v = next.slice(1) as tf.Tensor3D[];
  }
  const out = lambda ? (lambda.dataSync() as Float32Array).slice() : new Float32Array(start[0]!.shape[0]);
  lambda?.dispose();
  return { lambda: out, vector: v };
}

/** A seeded random direction per run (the power iteration's first start; its own seed per run). */
function randomDirection(n: number, depth: number, seeds: (number | string)[]): tf.Tensor3D[] {
  const scale = 1 / Math.sqrt(depth * n * n);
  return Array.from({ length: depth }, (_, j) =>
    stack3(seeds.map((seed) => createRng(`mc-hessian/${seed}`).fork(`v-${j}`).normalArray(n * n, scale)), n),
  );
}

/**
 * Re-measures the step of every run of a slot (gradient descent with learningRate 'auto'): the
 * curvature at the current factors, then `measuredStep`. Updates the slot's rates and eigenvector.
 */
function remeasureSteps(slot: Slot, states: RunState[], runs: RunSpec[], first: boolean): void {
  const n = slot.mask.shape[1];
  const start = slot.eigenvector ?? randomDirection(n, slot.factors.length, slot.runs.map((i) => runs[i]!.initSeed));
  const iterations = first ? STEP_RULE.firstIterations : STEP_RULE.warmIterations;
  const { lambda, vector } = topHessianEigenvalue(slot.factors, slot.mask, slot.target, slot.gradScale, start, iterations);
  tf.dispose(start);
  slot.eigenvector = vector;
  if (first) {
    // The curvature where the factors are headed: measured once, at balanced factors of the solution's scale.
    const proxy = Array.from({ length: slot.factors.length }, (_, j) =>
      stack3(slot.runs.map((i) => solutionScaleFactors(runs[i]!.problem, slot.factors.length)[j]!), n),
    );
    const direction = randomDirection(n, slot.factors.length, slot.runs.map((i) => runs[i]!.initSeed));
    const at = topHessianEigenvalue(proxy, slot.mask, slot.target, slot.gradScale, direction, STEP_RULE.firstIterations);
    slot.runs.forEach((i, position) => (states[i]!.solutionCurvature = at.lambda[position]!));
    tf.dispose([...proxy, ...direction, ...at.vector]);
  }
  const rates = slot.runs.map((runIndex, position) => {
    const state = states[runIndex]!;
    const eta = measuredStep(lambda[position]!, state.solutionCurvature ?? 0, first ? null : state.learningRate);
    state.learningRate = eta;
    state.maxLearningRate = Math.max(state.maxLearningRate ?? 0, eta);
    state.curvature = lambda[position]!;
    return eta;
  });
  slot.rate.dispose();
  slot.rate = tf.tensor3d(rates, [rates.length, 1, 1]);
}

/**
 * Balanced factors of a rank-one estimate of the solution's scale: sigma u v^T, the top singular
 * triple of the observed entries rescaled by n^2 / K (an unbiased estimate of the truth, whose top
 * singular value overestimates sigma_1(W*) through sampling noise: on the safe side). Each factor has
 * top singular value sigma^(1/N): W_1 = c u v^T, W_j = c u u^T for j > 1, c = sigma^(1/N).
 */
export function solutionScaleFactors(problem: Problem, depth: number): Float32Array[] {
  const { values } = observedDense(problem);
  const n = problem.n;
  const k = problem.trainIndex.length;
  const { u, s, v } = svd(values, n);
  const sigma = (s[0]! * n * n) / k;
  const c = Math.pow(sigma, 1 / depth);
  const uu = Array.from({ length: n }, (_, i) => u.get(i, 0));
  const vv = Array.from({ length: n }, (_, i) => v.get(i, 0));
  return Array.from({ length: depth }, (_, j) => {
    const right = j === 0 ? vv : uu;
    const f = new Float32Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) f[a * n + b] = c * uu[a]! * right[b]!;
    return f;
  });
}

/**
 * The measured step (see STEP_RULE) from the curvature at the current point, the curvature at the
 * solution's scale, and the previous step (or null).
 */
export function measuredStep(lambda: number, solutionLambda: number, previous: number | null): number {
  const eta = Math.min(STEP_RULE.safety / Math.max(lambda, 1e-12), STEP_RULE.solutionSafety / Math.max(solutionLambda, 1e-12));
  return previous === null ? eta : Math.min(eta, STEP_RULE.growth * previous);
}

/** Initial factors (float32 data, row-major), from the seeded generator. */
export function initialFactors(n: number, depth: number, init: InitKind, initScale: number, seed: number | string): Float32Array[] {
  const perFactor = Math.pow(initScale, 1 / depth);
  const rng = createRng(`mc-init/${seed}`);
  return Array.from({ length: depth }, (_, j) => {
    if (init === 'identity') {
      const f = new Float32Array(n * n);
      for (let i = 0; i < n; i++) f[i * n + i] = perFactor;
      return f;
    }
    return rng.fork(`factor-${j}`).normalArray(n * n, perFactor / Math.sqrt(n));
  });
}

interface Slot {
  runs: number[];
  factors: tf.Tensor3D[];
  m: tf.Tensor3D[];
  v: tf.Tensor3D[];
  mask: tf.Tensor3D;
  target: tf.Tensor3D;
  /** 2 / K per run, shape [b, 1, 1]. */
  gradScale: tf.Tensor3D;
  /** Step size per run, shape [b, 1, 1]. */
  rate: tf.Tensor3D;
  step: number;
  /** Last iterate of the curvature's power iteration (measured step rule only). */
  eigenvector?: tf.Tensor3D[];
  /** `fused` mode: the run's own kernel instance, which holds the current factors between readbacks. */
  fused?: FusedDescent;
}

function slotTensors(slot: Slot): tf.Tensor[] {
  return [...slot.factors, ...slot.m, ...slot.v, slot.mask, slot.target, slot.gradScale, slot.rate, ...(slot.eigenvector ?? [])];
}

function stack3(arrays: ArrayLike<number>[], n: number): tf.Tensor3D {
  const data = new Float32Array(arrays.length * n * n);
  arrays.forEach((a, b) => data.set(a as ArrayLike<number>, b * n * n));
  return tf.tensor3d(data, [arrays.length, n, n]);
}

function makeSlot(indices: number[], runs: RunSpec[], options: TrainOptions, rates: number[], fused: boolean): Slot {
  const n = runs[0]!.problem.n;
  const dense = indices.map((i) => observedDense(runs[i]!.problem));
  const factorData = indices.map((i) =>
    initialFactors(n, options.depth, options.init, runs[i]!.initScale ?? options.initScale, runs[i]!.initSeed),
  );
  const factors = Array.from({ length: options.depth }, (_, j) => stack3(factorData.map((f) => f[j]!), n));
  const b = indices.length;
  if (fused && b !== 1) throw new Error('A fused slot holds one run.');
  // (2/K) mask in float32, as the tfjs path's gradScale * mask: 2/K where observed, 0 elsewhere.
  const gradScale = fused ? Math.fround(2 / runs[indices[0]!]!.problem.trainIndex.length) : 0;
  return {
    ...(fused ? { fused: new FusedDescent(n, options.depth, factorData[0]!, dense[0]!.mask.map((m) => m * gradScale), dense[0]!.values) } : {}),
    runs: indices,
    factors,
    m: options.optimizer === 'adam' ? factors.map((f) => tf.zerosLike(f)) : [],
    v: options.optimizer === 'adam' ? factors.map((f) => tf.zerosLike(f)) : [],
    mask: stack3(dense.map((d) => d.mask), n),
    target: stack3(dense.map((d) => d.values), n),
    gradScale: tf.tensor3d(indices.map((i) => 2 / runs[i]!.problem.trainIndex.length), [b, 1, 1]),
    rate: tf.tensor3d(indices.map((i) => rates[i]!), [b, 1, 1]),
    step: 0,
  };
}

const T = [0, 2, 1];

/** The end-to-end matrix W_N ... W_1 and every prefix product W_j ... W_1 (index j-1). */
function prefixes(factors: tf.Tensor3D[]): tf.Tensor3D[] {
  const out: tf.Tensor3D[] = [factors[0]!];
  for (let j = 1; j < factors.length; j++) out.push(tf.matMul(factors[j]!, out[j - 1]!));
  return out;
}

/** Hand-written gradients of the loss with respect to each factor (same order as `factors`). */
export function factorGradients(factors: tf.Tensor3D[], mask: tf.Tensor3D, target: tf.Tensor3D, gradScale: tf.Tensor3D): tf.Tensor3D[] {
  const depth = factors.length;
  const prefix = prefixes(factors);
  // dL/dW = (2/K) P_S(W - B)
  const g = tf.mul(gradScale, tf.mul(mask, tf.sub(prefix[depth - 1]!, target))) as tf.Tensor3D;
  const grads: tf.Tensor3D[] = new Array(depth);
  // t = (W_N ... W_{j+1})^T g, built from the top factor down.
  let t = g;
  for (let j = depth - 1; j >= 0; j--) {
    grads[j] = j === 0 ? t : tf.matMul(t, tf.transpose(prefix[j - 1]!, T));
    if (j > 0) t = tf.matMul(tf.transpose(factors[j]!, T), t);
  }
  return grads;
}

function advance(slot: Slot, options: TrainOptions): void {
  const depth = options.depth;
  const adam = options.optimizer === 'adam';
  const t = slot.step + 1;
  const next = tf.tidy(() => {
    const grads = factorGradients(slot.factors, slot.mask, slot.target, slot.gradScale);
    if (!adam) return slot.factors.map((w, j) => tf.sub(w, tf.mul(slot.rate, grads[j]!)));
    const b1 = 0.9;
    const b2 = 0.999;
    const eps = 1e-8;
    const c1 = 1 / (1 - Math.pow(b1, t));
    const c2 = 1 / (1 - Math.pow(b2, t));
    const ms = grads.map((g, j) => tf.add(tf.mul(slot.m[j]!, b1), tf.mul(g, 1 - b1)));
    const vs = grads.map((g, j) => tf.add(tf.mul(slot.v[j]!, b2), tf.mul(tf.square(g), 1 - b2)));
    const ws = slot.factors.map((w, j) =>
      tf.sub(w, tf.mul(slot.rate, tf.div(tf.mul(ms[j]!, c1), tf.add(tf.sqrt(tf.mul(vs[j]!, c2)), eps)))),
    );
    return [...ws, ...ms, ...vs];
  }) as tf.Tensor3D[];
  tf.dispose([...slot.factors, ...slot.m, ...slot.v]);
  slot.factors = next.slice(0, depth);
  if (adam) {
    slot.m = next.slice(depth, 2 * depth);
    slot.v = next.slice(2 * depth);
  }
  slot.step = t;
}

/** Keeps the batch entries at `keep` (positions within the slot). */
function compact(slot: Slot, keep: number[]): void {
  const idx = tf.tensor1d(keep, 'int32');
  const take = (x: tf.Tensor3D) => {
    const y = tf.gather(x, idx, 0) as tf.Tensor3D;
    x.dispose();
    return y;
  };
  slot.factors = slot.factors.map(take);
  slot.m = slot.m.map(take);
  slot.v = slot.v.map(take);
  slot.mask = take(slot.mask);
  slot.target = take(slot.target);
  slot.gradScale = take(slot.gradScale);
  slot.rate = take(slot.rate);
  if (slot.eigenvector) slot.eigenvector = slot.eigenvector.map(take);
  slot.runs = keep.map((p) => slot.runs[p]!);
  idx.dispose();
}

function resolveBatchMode(mode: BatchMode, optimizer: OptimizerKind): 'stacked' | 'loop' | 'fused' {
  const fusable = optimizer === 'gd' && fusedDescentAvailable();
  if (mode === 'fused') return fusable ? 'fused' : 'loop';
  if (mode !== 'auto') return mode;
  if (tf.getBackend() !== 'wasm') return 'stacked';
  return fusable ? 'fused' : 'loop';
}

/** `fused` mode: `steps` steps in the run's kernel, then the slot's factor tensors from its memory. */
function advanceFused(slot: Slot, steps: number, learningRate: number): void {
  const fused = slot.fused!;
  fused.descend(steps, learningRate);
  tf.dispose(slot.factors);
  slot.factors = fused.factors().map((f) => tf.tensor3d(f, [1, fused.n, fused.n]));
  slot.step += steps;
}

function point(step: number, problem: Problem, w: Float32Array, options: TrainOptions): TrajectoryPoint {
  const metrics = reconstructionMetrics(problem, w);
  if (!options.trackSpectrum) return { step, ...metrics };
  const s = spectrum(w, problem.n);
  return {
    step,
    ...metrics,
    singularValues: s.singularValues.slice(0, options.topSingularValues),
    effectiveRank: s.effectiveRank,
    nuclearNorm: s.nuclearNorm,
  };
}

/**
 * Trains every run (all of the same depth and size) to the target loss or the step cap, yielding the
 * growing trajectories after each readback. Cancellable through `context.signal` between chunks.
 */
export async function* trainRuns(
  runs: RunSpec[],
  options: TrainOptions,
  context: RunContext = {},
): AsyncGenerator<TrainProgress, RunState[], void> {
  if (runs.length === 0) return [];
  const n = runs[0]!.problem.n;
  if (runs.some((r) => r.problem.n !== n)) throw new Error('All runs of a batch must have the same matrix size.');
  const measured = options.learningRate === 'auto' && options.optimizer === 'gd';
  // With the measured rule the rates are set at the first readback, before any step.
  const rates = runs.map(() =>
    options.learningRate === 'auto' ? (options.optimizer === 'adam' ? ADAM_DEFAULT_LEARNING_RATE : 0) : options.learningRate,
  );
  const states: RunState[] = runs.map((_, i) => ({ status: 'running', step: 0, learningRate: rates[i]!, points: [] }));
  const mode = resolveBatchMode(options.batchMode, options.optimizer);
  const all = runs.map((_, i) => i);
  let slots: Slot[] =
    mode === 'stacked' ? [makeSlot(all, runs, options, rates, false)] : all.map((i) => makeSlot([i], runs, options, rates, mode === 'fused'));
  const initialLoss: number[] = [];
  const progress = (): TrainProgress => ({
    done: states.reduce((s, r) => s + (r.status === 'running' ? r.step : options.maxSteps), 0),
    total: runs.length * options.maxSteps,
    runs: states,
  });

  try {
    for (let first = true; slots.length > 0; first = false) {
      if (!first) {
        for (const slot of slots) {
          const chunk = Math.min(options.readEvery, options.maxSteps - slot.step);
          if (slot.fused) advanceFused(slot, chunk, states[slot.runs[0]!]!.learningRate);
          else for (let s = 0; s < chunk; s++) advance(slot, options);
        }
      }
      const nextSlots: Slot[] = [];
      for (const slot of slots) {
        // At depth 1 the end-to-end matrix is the factor itself: read it, do not dispose it.
        const e = options.depth === 1 ? slot.factors[0]! : tf.tidy(() => prefixes(slot.factors)[options.depth - 1]!);
        const data = (await e.data()) as Float32Array;
        if (e !== slot.factors[0]) e.dispose();
        const keep: number[] = [];
        slot.runs.forEach((runIndex, position) => {
          const state = states[runIndex]!;
          const w = data.slice(position * n * n, (position + 1) * n * n);
          const problem = runs[runIndex]!.problem;
          const p = point(slot.step, problem, w, options);
          state.step = slot.step;
          state.points.push(p);
          if (first) initialLoss[runIndex] = p.trainLoss;
          let status: RunStatus = 'running';
          if (!Number.isFinite(p.trainLoss) || p.trainLoss > 1e6 * Math.max(initialLoss[runIndex]!, 1e-12)) status = 'diverged';
          else if (p.trainLoss <= options.targetLoss) status = 'converged';
          else if (slot.step >= options.maxSteps) status = 'max-steps';
          if (status === 'running') {
            keep.push(position);
            return;
          }
          state.status = status;
          const s = spectrum(w, n);
          state.final = { metrics: reconstructionMetrics(problem, w), spectrum: s, w };
          if (options.trackSpectrum) return;
          // Without a tracked spectrum, the last point still carries it.
          Object.assign(p, {
            singularValues: s.singularValues.slice(0, options.topSingularValues),
            effectiveRank: s.effectiveRank,
            nuclearNorm: s.nuclearNorm,
          });
        });
        if (keep.length === 0) tf.dispose(slotTensors(slot));
        else {
          if (keep.length < slot.runs.length) compact(slot, keep);
          if (measured) remeasureSteps(slot, states, runs, first);
          nextSlots.push(slot);
        }
      }
      slots = nextSlots;
      throwIfCancelled(context.signal);
      yield progress();
      await yieldToEventLoop();
      throwIfCancelled(context.signal);
    }
  } finally {
    for (const slot of slots) tf.dispose(slotTensors(slot));
  }
  return states;
}
