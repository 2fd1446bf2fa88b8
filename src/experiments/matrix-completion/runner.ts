/**
 * Orchestration shared by the matrix-completion experiments: groups of runs of one depth trained
 * together (see engine.ts), nuclear-norm solves on the same instances, compact summaries of each run,
 * throttled snapshots, and the comparison used by `precompute --check`.
 */
import { createThrottle, throwIfCancelled, yieldToEventLoop } from '../runtime/cancel.ts';
import type { RunContext, Snapshot } from '../runtime/types.ts';
import { trainRuns, type RunSpec, type RunState, type TrainOptions } from './engine.ts';
import { reconstructionMetrics, round, spectrum } from './metrics.ts';
import { solveNuclearNormAsync, type NuclearNormResult } from './nuclear-norm.ts';
import type { Problem } from './problem.ts';
import type { NuclearSummary, RunSummary, RunTag, Trajectory } from './summary.ts';

export type { NuclearSummary, RunSummary, RunTag, Trajectory };

const r5 = (x: number) => round(x, 5);
const r5n = (x: number | null | undefined) => (x === null || x === undefined ? null : round(x, 5));

export function summarizeRun(tag: RunTag, state: RunState, top: number): RunSummary {
  const last = state.points[state.points.length - 1];
  const final = state.final;
  const metrics = final?.metrics ?? last;
  return {
    ...tag,
    initScale: tag.initScale,
    status: state.status,
    steps: state.step,
    learningRate: r5(state.learningRate),
    trainLoss: r5(metrics?.trainLoss ?? NaN),
    testError: r5(metrics?.testError ?? NaN),
    testRmse: r5(metrics?.testRmse ?? NaN),
    paperError: r5n(metrics?.paperError),
    effectiveRank: r5n(final?.spectrum.effectiveRank ?? last?.effectiveRank),
    nuclearNorm: r5n(final?.spectrum.nuclearNorm ?? last?.nuclearNorm),
    singularValues: (final?.spectrum.singularValues ?? last?.singularValues ?? []).slice(0, top).map(r5),
  };
}

export function trajectoryOf(state: RunState, withSpectrum: boolean): Trajectory {
  const t: Trajectory = {
    step: state.points.map((p) => p.step),
    trainLoss: state.points.map((p) => r5(p.trainLoss)),
    testError: state.points.map((p) => r5(p.testError)),
    paperError: state.points.map((p) => r5n(p.paperError)),
  };
  if (withSpectrum) {
    t.effectiveRank = state.points.map((p) => r5(p.effectiveRank ?? NaN));
    t.nuclearNorm = state.points.map((p) => r5(p.nuclearNorm ?? NaN));
    t.singularValues = state.points.map((p) => (p.singularValues ?? []).map(r5));
  }
  return t;
}

export function summarizeNuclear(problem: Problem, observations: number, seed: number, solution: NuclearNormResult, top: number): NuclearSummary {
  const metrics = reconstructionMetrics(problem, solution.x);
  const s = spectrum(solution.x, problem.n);
  return {
    observations,
    seed,
    testError: r5(metrics.testError),
    testRmse: r5(metrics.testRmse),
    paperError: r5n(metrics.paperError),
    effectiveRank: r5(s.effectiveRank),
    nuclearNorm: r5(s.nuclearNorm),
    singularValues: s.singularValues.slice(0, top).map(r5),
    relativeGap: Number(solution.relativeGap.toPrecision(3)),
    iterations: solution.iterations,
    converged: solution.converged,
  };
}

/** A group of runs of one depth (and one optimizer) that advance together. */
export interface Job {
  options: TrainOptions;
  runs: RunSpec[];
  tags: RunTag[];
}

export interface NuclearTask {
  problem: Problem;
  observations: number;
  seed: number;
}

export interface JobsState {
  /** Run states per job, in job order (empty until the job starts). */
  states: RunState[][];
  nuclear: { task: NuclearTask; solution: NuclearNormResult }[];
}

/** Progress units of one nuclear-norm solve, against one gradient step of one run. */
const NUCLEAR_WORK = 1000;

/**
 * Runs the jobs one after another, then the nuclear-norm solves, yielding snapshots built by `build`
 * (throttled by `context.snapshotIntervalMs`) and returning the final result.
 */
export async function* runJobs<Result>(
  jobs: Job[],
  nuclearTasks: NuclearTask[],
  context: RunContext,
  build: (state: JobsState) => Result,
): AsyncGenerator<Snapshot<Result>, Result, void> {
  const throttle = createThrottle(context.snapshotIntervalMs ?? 0);
  const state: JobsState = { states: jobs.map(() => []), nuclear: [] };
  const total = jobs.reduce((s, j) => s + j.runs.length * j.options.maxSteps, 0) + nuclearTasks.length * NUCLEAR_WORK;
  let finished = 0;
  for (const [index, job] of jobs.entries()) {
    const iterator = trainRuns(job.runs, job.options, context);
    for (;;) {
      const step = await iterator.next();
      if (step.done) {
        state.states[index] = step.value;
        break;
      }
      state.states[index] = step.value.runs;
      if (throttle()) yield { progress: { done: finished + step.value.done, total }, partial: build(state) };
    }
    finished += job.runs.length * job.options.maxSteps;
  }
  for (const task of nuclearTasks) {
    throwIfCancelled(context.signal);
    const solution = await solveNuclearNormAsync(task.problem, context.signal ? { signal: context.signal } : {});
    state.nuclear.push({ task, solution });
    finished += NUCLEAR_WORK;
    if (throttle()) yield { progress: { done: finished, total }, partial: build(state) };
    await yieldToEventLoop();
  }
  return build(state);
}

/** Pairs each job's tags with its run states (runs not yet started are left out). */
export function collectRuns<T>(jobs: Job[], state: JobsState, f: (tag: RunTag, run: RunState, job: Job, index: number) => T): T[] {
  const out: T[] = [];
  jobs.forEach((job, j) => state.states[j]!.forEach((run, i) => out.push(f(job.tags[i]!, run, job, i))));
  return out;
}

/** Training options of the published experiments: gradient descent, the derived step, no spectrum. */
export function trainOptions(
  c: { depth?: number; init: 'identity' | 'gaussian'; initScale?: number; maxSteps: number; targetLoss: number; readEvery: number },
  extra: Partial<TrainOptions> = {},
): TrainOptions {
  return {
    depth: c.depth ?? 1,
    init: c.init,
    initScale: c.initScale ?? 1e-3,
    optimizer: 'gd',
    learningRate: 'auto',
    maxSteps: c.maxSteps,
    targetLoss: c.targetLoss,
    readEvery: c.readEvery,
    batchMode: 'auto',
    trackSpectrum: false,
    topSingularValues: 10,
    ...extra,
  };
}

/** Summaries of the nuclear-norm solves done so far. */
export function nuclearSummaries(state: JobsState, top = 10): NuclearSummary[] {
  return state.nuclear.map(({ task, solution }) => summarizeNuclear(task.problem, task.observations, task.seed, solution, top));
}
