/** How far a run has come, in the unit the experiment counts (steps, runs, kernel rows). */
export interface Progress {
  done: number;
  total: number;
}

/** One look at a running experiment: its progress and the figure data computed so far. */
export interface Snapshot<Result> {
  progress: Progress;
  /** Partial result, same shape as the final one (curves grow as the run advances). */
  partial: Result;
}

/** Everything a run needs from its host (Node CLI, precompute, a Web Worker). */
export interface RunContext {
  /** Cancels the run; the engine checks it between chunks of work and throws an AbortError. */
  signal?: AbortSignal;
  /** Minimum milliseconds between yielded snapshots (0 = every readback). */
  snapshotIntervalMs?: number;
  /**
   * Progress from inside a long unit of work (a kernel row block, a layer of an empirical NTK), at most
   * every `snapshotIntervalMs`: `done` may be fractional. Snapshots still carry the partial results.
   */
  onProgress?: (progress: Progress) => void;
}

/** Tolerances under which two runs of the same config count as the same result. */
export interface Tolerance {
  /** Name of the compared quantity, e.g. "max relative deviation of reconstruction error". */
  metric: string;
  /** Same config, seed and backend. */
  sameBackend: number;
  /** Same config and seed, another backend (float32 kernels differ in summation order). */
  crossBackend: number;
}
