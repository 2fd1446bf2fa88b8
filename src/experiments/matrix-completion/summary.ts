/**
 * What the matrix-completion experiments publish about each run, and how two results are compared.
 * Pure (no TensorFlow.js): the specs, the figures and the engines all import it.
 */
import type { Tolerance } from '../runtime/types.ts';

/** How a run ended (see engine.ts). */
export type RunStatus = 'running' | 'converged' | 'max-steps' | 'diverged';

export interface RunTag {
  depth: number;
  observations: number;
  seed: number;
  initScale: number;
  optimizer: 'gd' | 'adam';
}

export interface RunSummary extends RunTag {
  status: RunStatus;
  steps: number;
  learningRate: number;
  trainLoss: number;
  /** Relative Frobenius error on the unobserved entries. */
  testError: number;
  testRmse: number;
  /** ||W - W*||_F^2 / ||W*||_F^2 (null without a full ground truth). */
  paperError: number | null;
  effectiveRank: number | null;
  nuclearNorm: number | null;
  singularValues: number[];
}

export interface NuclearSummary {
  observations: number;
  seed: number;
  testError: number;
  testRmse: number;
  paperError: number | null;
  effectiveRank: number;
  nuclearNorm: number;
  singularValues: number[];
  /** Certified relative duality gap of the solution. */
  relativeGap: number;
  iterations: number;
  converged: boolean;
}

/** Columnar trajectory of one run (one entry per readback). */
export interface Trajectory {
  step: number[];
  trainLoss: number[];
  testError: number[];
  paperError: (number | null)[];
  effectiveRank?: number[];
  nuclearNorm?: number[];
  /** Largest singular values of the end-to-end matrix at each readback. */
  singularValues?: number[][];
}

/**
 * Deviation between two values of an error metric, in decades: |log10(max(a, floor)) -
 * log10(max(b, floor))|. Errors below `floor` count as equal (the training tolerance sets them).
 */
export function logDeviation(a: number | null, b: number | null, floor: number): number {
  if (a === null || b === null) return a === b ? 0 : Infinity;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b ? 0 : Infinity;
  return Math.abs(Math.log10(Math.max(a, floor)) - Math.log10(Math.max(b, floor)));
}

/** Maximum log deviation over paired lists of errors; lists of different length differ infinitely. */
export function maxLogDeviation(a: (number | null)[], b: (number | null)[], floor: number): number {
  if (a.length !== b.length) return Infinity;
  return a.reduce<number>((m, x, i) => Math.max(m, logDeviation(x, b[i]!, floor)), 0);
}

/** The error a summary is judged by: the paper's metric when the truth is known, else the test error. */
export function headlineError(s: { paperError: number | null; testError: number }): number {
  return s.paperError ?? s.testError;
}

/** Errors (paper metric) below this count as equal in comparisons: the training tolerance sets them. */
export const ERROR_FLOOR = 1e-4;

export const TOLERANCE: Tolerance = {
  metric: 'max |log10 ratio| of the final reconstruction errors (errors below 1e-4 count as equal)',
  sameBackend: 1e-9,
  // Float32 kernels of cpu and wasm sum in different orders; runs that stop at the loss tolerance
  // or at the step cap end a few steps apart. Measured cpu vs wasm: see the report in the tests.
  crossBackend: 0.15,
};

/** The errors a result is judged by, in a fixed order, for maxLogDeviation. */
export const errorsOf = (list: readonly { paperError: number | null; testError: number }[]) => list.map(headlineError);
