import type { z } from 'zod';

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

/**
 * An experiment: a zod schema (single source for CLI flags, URL parameters and controls),
 * presets, and an engine that turns a config into a stream of snapshots and a final result.
 */
export interface ExperimentDefinition<Schema extends z.ZodObject = z.ZodObject, Result = unknown> {
  /** Public, permanent id (appears in URLs and citations). */
  id: string;
  title: string;
  /** One paragraph: what the experiment shows and what claim of the essay it tests. */
  description: string;
  schema: Schema;
  presets: {
    /** The configuration of the published data (full scale). */
    published: z.input<Schema>;
    /** A reduced configuration that runs in about 10 s on a laptop CPU with WASM. */
    reduced: z.input<Schema>;
  };
  tolerance: Tolerance;
  run(config: z.output<Schema>, context?: RunContext): AsyncGenerator<Snapshot<Result>, Result, void>;
  /** Compares two results under `tolerance`; returns the maximum deviation found. */
  compare(a: Result, b: Result): number;
  /** Rows for a command-line table of the result's headline numbers. */
  summarize?(result: Result): Record<string, Record<string, number | string>> | Record<string, number | string>[];
}
