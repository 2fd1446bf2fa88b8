/**
 * Engine of mc-schatten: minimum Schatten-p completions (float64) against depth-N linear networks
 * trained by gradient descent, on the same instances.
 *
 * Per seed: the networks of every depth are trained first (runner.ts, as in the other experiments);
 * then the minimum-nuclear-norm completion is solved by the certified ADMM solver (nuclear-norm.ts),
 * and each p < 1 by IRLS-p (schatten-norm.ts) warm-started from it. The Schatten values of a network
 * solution are computed in float64 from all n singular values of its end-to-end matrix.
 */
import { createThrottle, throwIfCancelled, yieldToEventLoop, YIELD_INTERVAL_MS } from '../runtime/cancel.ts';
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext, Snapshot } from '../runtime/types.ts';
import { median } from '../runtime/stats.ts';
import { reconstructionMetrics, round, spectrum } from './metrics.ts';
import { nuclearNormIterations, type NuclearNormResult } from './nuclear-norm.ts';
import { syntheticProblem, type Problem } from './problem.ts';
import { collectRuns, completionPool, perConfig, runJobs, solveNuclear, summarizeRun, trainOptions, type CompletionDesign, type JobsState } from './runner.ts';
import { schattenIterations, schattenOf, solveSchattenAsync, type SchattenSolution } from './schatten-norm.ts';
import { factorisationRunWork } from './work.ts';
import { ERROR_FLOOR, errorsOf, headlineError, maxLogDeviation } from './summary.ts';
import { schattenSpec, solveWork, type schattenSchema, type SchattenConfig, type SchattenMinimum, type SchattenResult, type SchattenRun } from './schatten.spec.ts';

const r5 = (x: number) => round(x, 5);
/** IRLS iterations a solve usually takes (progress only). */
const EXPECTED_ITERATIONS = 3000;

function minimumOf(problem: Problem, seed: number, p: number, solver: 'admm' | 'irls', x: Float64Array, iterations: number, converged: boolean): SchattenMinimum {
  const metrics = reconstructionMetrics(problem, x);
  const s = spectrum(x, problem.n);
  return {
    seed,
    p,
    solver,
    testError: r5(metrics.testError),
    paperError: metrics.paperError === null ? null : r5(metrics.paperError),
    effectiveRank: r5(s.effectiveRank),
    schatten: r5(schattenOf(s.singularValues, p).value),
    singularValues: s.singularValues.slice(0, 10).map(r5),
    iterations,
    converged,
  };
}

const problemsOf = perConfig((config: SchattenConfig) => new Map(config.seeds.map((seed) => [seed, syntheticProblem(config.n, config.rank, config.observations, seed)])));

/** One solve: the minimum-S_p completion of a seed's instance (p = 1 by ADMM, p < 1 by IRLS from it). */
interface SchattenSolve {
  seed: number;
  p: number;
}

const design: CompletionDesign<SchattenConfig, SchattenResult, SchattenRun, SchattenSolve, SchattenMinimum> = {
  jobs: (config) =>
    config.depths.map((depth) => ({
      options: trainOptions({ ...config, depth }),
      runs: config.seeds.map((seed) => ({ problem: problemsOf(config).get(seed)!, initSeed: seed })),
      tags: config.seeds.map((seed) => ({ depth, observations: config.observations, seed, initScale: config.initScale, optimizer: 'gd' as const })),
    })),
  record: (tag, run, config) => {
    const sigma = run.final?.spectrum.singularValues;
    return {
      ...summarizeRun(tag, run, 10),
      schatten: config.ps.map((p) => (sigma ? r5(schattenOf(sigma, p).value) : null)),
      schattenTop: config.ps.map((p) => (sigma ? r5(schattenOf(sigma.slice(0, config.rank), p).value) : null)),
    };
  },
  // In the order of the whole run: per seed, p = 1 (if asked for), then each p < 1.
  solves: (config) => config.seeds.flatMap((seed) => [...(config.ps.includes(1) ? [1] : []), ...config.ps.filter((p) => p < 1)].map((p) => ({ seed, p }))),
  // A pooled IRLS task solves its own ADMM warm start (deterministic: the same one as the whole run's).
  async solve({ seed, p }, config, context) {
    const problem = problemsOf(config).get(seed)!;
    const nuclear = await solveNuclear(problem, context);
    if (p === 1) return minimumOf(problem, seed, 1, 'admm', nuclear.x, nuclear.iterations, nuclear.converged);
    const onIteration = (iterations: number) => context.onProgress?.({ done: Math.min(iterations, EXPECTED_ITERATIONS), total: EXPECTED_ITERATIONS });
    const solved = await solveSchattenAsync(problem, { p, start: nuclear.x, ...(context.signal ? { signal: context.signal } : {}) }, onIteration);
    return minimumOf(problem, seed, p, 'irls', solved.x, solved.iterations, solved.converged);
  },
  result: (config, runs, minima) => ({ n: config.n, rank: config.rank, observations: config.observations, ps: config.ps, runs, minima }),
};

const mcSchatten: ExperimentDefinition<typeof schattenSchema, SchattenResult> = {
  ...schattenSpec,
  ...completionPool(design),
  async *run(config: SchattenConfig, context: RunContext = {}): AsyncGenerator<Snapshot<SchattenResult>, SchattenResult, void> {
    const jobs = design.jobs(config);
    const lower = config.ps.filter((p) => p < 1);
    const trainTotal = jobs.reduce((s, j) => s + j.runs.length * j.options.maxSteps, 0);
    // Progress: gradient steps of every run, then each solve counted as `unit` steps.
    const unit = Math.max(1, Math.round((solveWork(config.n) / Math.max(1, factorWork(config))) * config.maxSteps));
    const total = trainTotal + config.seeds.length * (1 + lower.length) * unit;
    let latest: JobsState = { states: jobs.map(() => []), nuclear: [] };
    const minima: SchattenMinimum[] = [];
    const build = (): SchattenResult =>
      design.result(config, collectRuns(jobs, latest, (tag, run) => design.record(tag, run, config)), [...minima]);

    const training = runJobs(jobs, [], context, (state) => {
      latest = state;
      return build();
    });
    for (;;) {
      const step = await training.next();
      if (step.done) break;
      yield { progress: { done: step.value.progress.done, total }, partial: step.value.partial };
    }

    const throttle = createThrottle(context.snapshotIntervalMs ?? 0);
    // The solvers yield every few iterations; the event loop gets a turn (a cancel can land) every
    // YIELD_INTERVAL_MS, not at every yield (a browser clamps setTimeout to 4 ms).
    let lastTurn = performance.now();
    const turn = async () => {
      throwIfCancelled(context.signal);
      if (performance.now() - lastTurn >= YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastTurn = performance.now();
        throwIfCancelled(context.signal);
      }
    };
    let done = trainTotal;
    // The solves of `design.solves`, with one ADMM warm start per seed shared by its p < 1.
    for (const seed of config.seeds) {
      const problem = problemsOf(config).get(seed)!;
      // p = 1: the certified nuclear-norm solution (relative duality gap 1e-6).
      const admm = nuclearNormIterations(problem);
      let nuclear: NuclearNormResult;
      for (;;) {
        const step = admm.next();
        if (step.done) {
          nuclear = step.value;
          break;
        }
        await turn();
      }
      done += unit;
      if (config.ps.includes(1)) minima.push(minimumOf(problem, seed, 1, 'admm', nuclear.x, nuclear.iterations, nuclear.converged));
      if (throttle()) yield { progress: { done, total }, partial: build() };
      for (const p of lower) {
        const irls = schattenIterations(problem, { p, start: nuclear.x, yieldEvery: 1 });
        let solved: SchattenSolution;
        for (;;) {
          const step = irls.next();
          if (step.done) {
            solved = step.value;
            break;
          }
          if (throttle()) yield { progress: { done: done + Math.min(1, step.value / EXPECTED_ITERATIONS) * unit, total }, partial: build() };
          await turn();
        }
        done += unit;
        minima.push(minimumOf(problem, seed, p, 'irls', solved.x, solved.iterations, solved.converged));
        if (throttle()) yield { progress: { done, total }, partial: build() };
      }
    }
    return build();
  },
  compare: (a, b) => maxLogDeviation(errorsOf([...a.runs, ...a.minima]), errorsOf([...b.runs, ...b.minima]), ERROR_FLOOR),
  summarize: (r) => {
    const rows: Record<string, Record<string, number | string>> = {};
    const med = (v: number[]) => (v.length ? round(median(v), 3) : '');
    for (const p of r.ps) {
      const list = r.minima.filter((m) => m.p === p);
      rows[`min S_${round(p, 3)}`] = {
        error: med(list.map(headlineError)),
        effectiveRank: med(list.map((m) => m.effectiveRank)),
        converged: `${list.filter((m) => m.converged).length}/${list.length}`,
      };
    }
    for (const depth of [...new Set(r.runs.map((x) => x.depth))]) {
      const list = r.runs.filter((x) => x.depth === depth);
      const row: Record<string, number | string> = {
        error: med(list.map(headlineError)),
        effectiveRank: med(list.flatMap((x) => (x.effectiveRank === null ? [] : [x.effectiveRank]))),
        converged: `${list.filter((x) => x.status === 'converged').length}/${list.length}`,
      };
      r.ps.forEach((p, k) => {
        const ratios = list.flatMap((x) => {
          const min = r.minima.find((m) => m.seed === x.seed && m.p === p);
          const v = x.schatten[k];
          return min && v !== null && v !== undefined ? [v / min.schatten] : [];
        });
        row[`S_${round(p, 3)} ÷ min`] = med(ratios);
      });
      rows[`depth ${depth}`] = row;
    }
    return rows;
  },
};

/** Training work of the config per seed (for the progress unit of a solve). */
function factorWork(c: SchattenConfig): number {
  return c.depths.reduce((sum, depth) => sum + factorisationRunWork(c.n, depth, c.maxSteps), 0) / Math.max(1, c.depths.length);
}


export default mcSchatten;
