/**
 * How long a run will take, before it starts: shown in the rerun panel and used to ask the reader
 * before a long run. Pure and free of TensorFlow.js.
 *
 * The model. Each spec's `work(config)` counts the run's dominant operations. Two runs of every
 * experiment have measured times: the published full-scale and reduced presets, whose wall times the
 * precompute pipeline records in the manifest (Node, wasm, the reference computer), with the workers
 * that shared them; a pooled time counts as that many times longer on one worker. Time
 * is taken as a power of work through those two points, t = t_reduced (w / w_reduced)^b: it returns
 * both measured times exactly and absorbs what a count of operations misses (the fixed cost per
 * operation at small sizes, runs that stop early at their tolerance, and that the recorded times come
 * from a shared machine, some of them measured while other jobs ran). b is kept within [0.4, 2].
 *
 * This computer. A probe of about a second (src/experiments/runtime/probe.ts) times a fixed piece of
 * work on the reader's backend; its ratio to the same probe on the reference computer scales the
 * estimate. Until a probe has run, the estimate is the reference computer's.
 *
 * Workers. An experiment that splits into R independent runs shares them among the browser's pool of
 * W workers (pool-core.ts `browserPoolSize`). Were the runs equally long, the pool would take
 * ceil(R / W) runs' time instead of R: the time is divided by R / ceil(R / W) (3 runs on 2 workers:
 * by 1.5, not 2). Runs differ in length; the range below absorbs the longest finishing last. The pool's
 * workers start after the first one: POOL_START_MS more.
 *
 * A run in the browser also starts a worker and TensorFlow.js: START_MS more.
 *
 * The range. From half to twice the point estimate: runs that reach their training tolerance early
 * finish sooner than their step caps suggest, and a probe measures the device only roughly.
 */

export interface ReferenceTimes {
  /** Work and measured wall time of the reduced preset. */
  reduced: { work: number; ms: number };
  /** Work and measured wall time of the published full-scale preset. */
  published: { work: number; ms: number };
}

export const EXPONENT_LIMITS = [0.4, 2] as const;
/** Starting a run in the browser (a worker, TensorFlow.js, the wasm module), which precompute's times leave out. */
export const START_MS = 1_500;
/** Starting a pool's further workers (each loads TensorFlow.js and its wasm module; they start together). */
export const POOL_START_MS = 1_000;
/** The range around the point estimate: [point / RANGE_FACTOR, point * RANGE_FACTOR]. */
export const RANGE_FACTOR = 2;

/** The exponent b of the power law through the two measured presets. */
export function workExponent(reference: ReferenceTimes): number {
  const { reduced, published } = reference;
  const workRatio = published.work / reduced.work;
  if (!(workRatio > 0) || Math.abs(Math.log(workRatio)) < 1e-9 || !(published.ms > 0) || !(reduced.ms > 0)) return 1;
  const b = Math.log(published.ms / reduced.ms) / Math.log(workRatio);
  return Math.min(EXPONENT_LIMITS[1], Math.max(EXPONENT_LIMITS[0], b));
}

/** Milliseconds a run of `work` takes on the reference computer. */
export function referenceMs(work: number, reference: ReferenceTimes): number {
  const { reduced } = reference;
  return reduced.ms * (work / reduced.work) ** workExponent(reference);
}

export interface TimeEstimate {
  lowMs: number;
  pointMs: number;
  highMs: number;
  /** True when scaled by a probe of this computer; false: the reference computer's times. */
  measuredHere: boolean;
  /** Pool workers the estimate assumes. */
  workers: number;
}

/**
 * The estimate of a browser run of `work` on a computer `slowdown` times slower than the reference one
 * (from a probe), or on the reference computer when `slowdown` is null; `pool`: its independent runs
 * shared by that many workers.
 */
export function estimateTime(work: number, reference: ReferenceTimes, slowdown: number | null, pool: { workers: number; runs: number } = { workers: 1, runs: 1 }): TimeEstimate {
  const workers = Math.max(1, Math.min(pool.workers, pool.runs));
  const speedup = workers > 1 ? pool.runs / Math.ceil(pool.runs / workers) : 1;
  const pointMs = START_MS + (workers > 1 ? POOL_START_MS : 0) + (referenceMs(work, reference) * (slowdown ?? 1)) / speedup;
  return { lowMs: pointMs / RANGE_FACTOR, pointMs, highMs: pointMs * RANGE_FACTOR, measuredHere: slowdown !== null, workers };
}

/** "40 s", "3 min", "2.5 h": a duration rounded as a reader reads an estimate. */
export function roughDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${Math.max(1, Math.round(s))} s`;
  if (s < 90) return `${Math.round(s / 5) * 5} s`;
  const min = s / 60;
  if (min < 90) return `${Math.round(min)} min`;
  const h = min / 60;
  return `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
}

/** "about 20 s – 1 min on this computer" / "… on the reference computer (2 cores, 2026)". */
export function describeEstimate(estimate: TimeEstimate): string {
  const low = roughDuration(estimate.lowMs);
  const high = roughDuration(estimate.highMs);
  const range = low === high ? `about ${low}` : `about ${low} to ${high}`;
  const on = estimate.workers > 1 ? ` in ${estimate.workers} workers` : '';
  return `${range}${on} ${estimate.measuredHere ? 'on this computer' : 'on the reference computer (2 cores); this computer is measured when you run'}`;
}
