/**
 * Orchestration shared by the matrix-completion experiments: groups of runs of one depth trained
 * together (see engine.ts), nuclear-norm solves on the same instances, compact summaries of each run,
 * throttled snapshots, and the comparison used by `precompute --check`.
 */
import { createThrottle, throwIfCancelled, yieldToEventLoop } from '../runtime/cancel.ts';
import type { Progress, RunContext, Snapshot } from '../runtime/types.ts';
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

/** Progress units of one solve (nuclear norm, Schatten-p), against one gradient step of one run. */
const SOLVE_WORK = 1000;

/**
 * Runs the jobs one after another, then the nuclear-norm solves, yielding snapshots built by `build`
 * (throttled by `context.snapshotIntervalMs`) and returning the final result.
 */
export function runJobs<Result>(
  jobs: Job[],
  nuclearTasks: NuclearTask[],
  context: RunContext,
  build: (state: JobsState) => Result,
): AsyncGenerator<Snapshot<Result>, Result, void> {
  const solves = nuclearTasks.map((task) => ({ work: SOLVE_WORK, solve: async (solveContext: RunContext) => ({ task, solution: await solveNuclear(task.problem, solveContext) }) }));
  return trainThenSolve(jobs, solves, context, (states, nuclear) => build({ states, nuclear }));
}

/** The nuclear-norm solve of an instance, cancellable through `context.signal`. */
export function solveNuclear(problem: Problem, context: RunContext): Promise<NuclearNormResult> {
  return solveNuclearNormAsync(problem, context.signal ? { signal: context.signal } : {});
}

/**
 * Runs the jobs one after another, then the solves, yielding snapshots built by `build` from the run
 * states per job and the solves done (throttled by `context.snapshotIntervalMs`).
 */
async function* trainThenSolve<Solved, Result>(
  jobs: Job[],
  /** Each solve with its progress units (against one gradient step of one run); it reports its own progress as a fraction. */
  solves: { work: number; solve: (context: RunContext) => Promise<Solved> }[],
  context: RunContext,
  build: (states: RunState[][], solved: Solved[]) => Result,
): AsyncGenerator<Snapshot<Result>, Result, void> {
  const throttle = createThrottle(context.snapshotIntervalMs ?? 0);
  const states: RunState[][] = jobs.map(() => []);
  const solved: Solved[] = [];
  const total = jobs.reduce((s, j) => s + j.runs.length * j.options.maxSteps, 0) + solves.reduce((s, x) => s + x.work, 0);
  let finished = 0;
  for (const [index, job] of jobs.entries()) {
    const iterator = trainRuns(job.runs, job.options, context);
    for (;;) {
      const step = await iterator.next();
      if (step.done) {
        states[index] = step.value;
        break;
      }
      states[index] = step.value.runs;
      if (throttle()) yield { progress: { done: finished + step.value.done, total }, partial: build(states, solved) };
    }
    finished += job.runs.length * job.options.maxSteps;
  }
  for (const { work, solve } of solves) {
    throwIfCancelled(context.signal);
    const start = finished;
    const onProgress = context.onProgress && ((p: Progress) => context.onProgress!({ done: start + (p.done / p.total) * work, total }));
    solved.push(await solve({ ...context, onProgress }));
    finished += work;
    if (throttle()) yield { progress: { done: finished, total }, partial: build(states, solved) };
    await yieldToEventLoop();
  }
  return build(states, solved);
}

/**
 * A matrix-completion experiment made of independent training runs (its jobs) and solves after them
 * (nuclear norm, Schatten-p). `completionRun` runs it whole; `completionPool` splits it into one task
 * per run and per solve for a pool of workers, with the same result: in the `loop` batch mode that
 * `auto` picks on WASM every run of a job advances on its own tensors, and the stacked mode of the CPU
 * backend computes each batch entry with the same arithmetic as a batch of one, so a run trained alone
 * gives the same numbers (test/unit/runtime/pool.test.ts checks both backends).
 */
export interface CompletionDesign<Config, Result, RunRecord, Solve = never, Solved = never> {
  /** The training jobs, rebuilt from the config alone (a worker rebuilds the same problems). */
  jobs(config: Config): Job[];
  /** A run's entry in the result, from its state (final or not). */
  record(tag: RunTag, run: RunState, config: Config): RunRecord;
  /** The solves after the training (none if left out), as plain data, and one solve's entry in the result. */
  solves?(config: Config): Solve[];
  solve?(solve: Solve, config: Config, context: RunContext): Promise<Solved>;
  /** A solve's progress units against one gradient step of one run (default SOLVE_WORK). */
  solveWork?(config: Config): number;
  result(config: Config, runs: RunRecord[], solved: Solved[]): Result;
}

const solvesOf = <Config, Solve>(design: CompletionDesign<Config, unknown, unknown, Solve, unknown>, config: Config): Solve[] => design.solves?.(config) ?? [];

/** The whole run of a completion experiment: the jobs one after another, then the solves. */
export function completionRun<Config, Result, RunRecord, Solve, Solved>(
  design: CompletionDesign<Config, Result, RunRecord, Solve, Solved>,
  config: Config,
  context: RunContext,
): AsyncGenerator<Snapshot<Result>, Result, void> {
  const jobs = design.jobs(config);
  const work = design.solveWork?.(config) ?? SOLVE_WORK;
  const solves = solvesOf(design, config).map((solve) => ({ work, solve: (solveContext: RunContext) => design.solve!(solve, config, solveContext) }));
  return trainThenSolve(jobs, solves, context, (states, solved) =>
    design.result(config, collectRuns(jobs, { states }, (tag, run) => design.record(tag, run, config)), solved),
  );
}

/** One task of a pooled completion experiment: a run (its job and its place there) or a solve. */
export type CompletionTask<Solve> = { kind: 'run'; job: number; run: number; tag: RunTag } | { kind: 'solve'; solve: Solve };
type CompletionTaskResult<RunRecord, Solved> = { kind: 'run'; record: RunRecord } | { kind: 'solve'; solved: Solved };

/** Values computed once per config object (a pool worker parses its config once). */
export function perConfig<Config extends object, Value>(compute: (config: Config) => Value): (config: Config) => Value {
  const cache = new WeakMap<Config, Value>();
  return (config) => {
    if (!cache.has(config)) cache.set(config, compute(config));
    return cache.get(config)!;
  };
}

/** `plan`, `runTask` and `assemble` of a completion experiment (see CompletionDesign). */
export function completionPool<Config extends object, Result, RunRecord, Solve, Solved>(design: CompletionDesign<Config, Result, RunRecord, Solve, Solved>) {
  const jobsOf = perConfig((config: Config) => design.jobs(config));
  return {
    plan(config: Config): CompletionTask<Solve>[] {
      return [
        ...jobsOf(config).flatMap((job, j) => job.tags.map((tag, i) => ({ kind: 'run' as const, job: j, run: i, tag }))),
        ...solvesOf(design, config).map((solve) => ({ kind: 'solve' as const, solve })),
      ];
    },
    async runTask(config: Config, task: CompletionTask<Solve>, context: RunContext = {}): Promise<CompletionTaskResult<RunRecord, Solved>> {
      if (task.kind === 'solve') return { kind: 'solve', solved: await design.solve!(task.solve, config, context) };
      const job = jobsOf(config)[task.job]!;
      const iterator = trainRuns([job.runs[task.run]!], job.options, context);
      for (;;) {
        const step = await iterator.next();
        if (step.done) return { kind: 'run', record: design.record(job.tags[task.run]!, step.value[0]!, config) };
        context.onProgress?.({ done: step.value.done, total: step.value.total });
      }
    },
    assemble(config: Config, results: unknown[]): Result {
      const all = results as CompletionTaskResult<RunRecord, Solved>[];
      const runs = all.flatMap((r) => (r.kind === 'run' ? [r.record] : []));
      const solved = all.flatMap((r) => (r.kind === 'solve' ? [r.solved] : []));
      return design.result(config, runs, solved);
    },
  };
}

/** Pairs each job's tags with its run states (runs not yet started are left out). */
export function collectRuns<T>(jobs: Job[], state: Pick<JobsState, 'states'>, f: (tag: RunTag, run: RunState, job: Job, index: number) => T): T[] {
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

/** An instance of a sweep, named by its observation count and seed (a solve's plain-data task). */
export interface Instance {
  observations: number;
  seed: number;
}

/** The minimum-nuclear-norm completion of an instance, summarised as the figures publish it. */
export async function nuclearSummaryOf(problem: Problem, instance: Instance, context: RunContext): Promise<NuclearSummary> {
  return summarizeNuclear(problem, instance.observations, instance.seed, await solveNuclear(problem, context), 10);
}
