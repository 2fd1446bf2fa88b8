/**
 * Engine of mc-schatten: minimum Schatten-p completions (float64) against depth-N linear networks
 * trained by gradient descent, on the same instances.
 *
 * Per seed: the networks of every depth are trained first (runner.ts, as in the other experiments);
 * then the minimum-nuclear-norm completion is solved by the certified ADMM solver (nuclear-norm.ts),
 * and each p < 1 by IRLS-p (schatten-norm.ts) warm-started from it. The Schatten values of a network
 * solution are computed in float64 from all n singular values of its end-to-end matrix.
 */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext } from '../runtime/types.ts';
import { median } from '../runtime/stats.ts';
import { reconstructionMetrics, round, spectrum } from './metrics.ts';
import type { NuclearNormResult } from './nuclear-norm.ts';
import { syntheticProblem, type Problem } from './problem.ts';
import { completionPool, completionRun, perConfig, solveNuclear, summarizeRun, trainOptions, type CompletionDesign } from './runner.ts';
import { schattenOf, solveSchattenAsync } from './schatten-norm.ts';
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

/**
 * The minimum-nuclear-norm completion of an instance, the warm start of its IRLS solves: solved once
 * per instance, by whichever solve of a run (or of a pool worker's tasks) needs it first.
 */
const warmStarts = new WeakMap<Problem, Promise<NuclearNormResult>>();
function warmStart(problem: Problem, context: RunContext): Promise<NuclearNormResult> {
  let pending = warmStarts.get(problem);
  if (!pending) {
    pending = solveNuclear(problem, context);
    warmStarts.set(problem, pending);
    // A cancelled or failed solve is not kept: the next run solves again.
    pending.catch(() => warmStarts.delete(problem));
  }
  return pending;
}

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
  async solve({ seed, p }, config, context) {
    const problem = problemsOf(config).get(seed)!;
    const nuclear = await warmStart(problem, context);
    if (p === 1) return minimumOf(problem, seed, 1, 'admm', nuclear.x, nuclear.iterations, nuclear.converged);
    const onIteration = (iterations: number) => context.onProgress?.({ done: Math.min(iterations, EXPECTED_ITERATIONS), total: EXPECTED_ITERATIONS });
    const solved = await solveSchattenAsync(problem, { p, start: nuclear.x, ...(context.signal ? { signal: context.signal } : {}) }, onIteration);
    return minimumOf(problem, seed, p, 'irls', solved.x, solved.iterations, solved.converged);
  },
  // A solve counts as the training work of one seed's runs scaled by solveWork (progress only).
  solveWork: (config) => Math.max(1, Math.round((solveWork(config.n) / Math.max(1, factorWork(config))) * config.maxSteps)),
  result: (config, runs, minima) => ({ n: config.n, rank: config.rank, observations: config.observations, ps: config.ps, runs, minima }),
};

const mcSchatten: ExperimentDefinition<typeof schattenSchema, SchattenResult> = {
  ...schattenSpec,
  ...completionPool(design),
  run: (config, context = {}) => completionRun(design, config, context),
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
