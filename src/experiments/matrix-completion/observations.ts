/** Engine of mc-observations (figure 1 of the matrix-completion half). */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import { median } from '../runtime/stats.ts';
import { round } from './metrics.ts';
import { degreesOfFreedom, syntheticProblem, type Problem } from './problem.ts';
import { completionPool, completionRun, nuclearSummaryOf, perConfig, summarizeRun, trainOptions, type CompletionDesign, type Instance, type NuclearSummary, type RunSummary } from './runner.ts';
import { ERROR_FLOOR, errorsOf, headlineError, maxLogDeviation } from './summary.ts';
import { observationsSpec, type observationsSchema, type ObservationsConfig, type ObservationsResult } from './observations.spec.ts';

/** The synthetic instance of K observations and a seed (built once per config). */
const problemsOf = perConfig((config: ObservationsConfig) => {
  const problems = new Map<string, Problem>();
  return (k: number, seed: number) => {
    const key = `${k}/${seed}`;
    if (!problems.has(key)) problems.set(key, syntheticProblem(config.n, config.rank, k, seed));
    return problems.get(key)!;
  };
});

const instancesOf = (config: ObservationsConfig): Instance[] => config.observations.flatMap((observations) => config.seeds.map((seed) => ({ observations, seed })));

const design: CompletionDesign<ObservationsConfig, ObservationsResult, RunSummary, Instance, NuclearSummary> = {
  jobs: (config) =>
    config.depths.map((depth) => ({
      options: trainOptions({ ...config, depth }),
      runs: instancesOf(config).map(({ observations, seed }) => ({ problem: problemsOf(config)(observations, seed), initSeed: seed })),
      tags: instancesOf(config).map(({ observations, seed }) => ({ depth, observations, seed, initScale: config.initScale, optimizer: 'gd' as const })),
    })),
  record: (tag, run) => summarizeRun(tag, run, 10),
  solves: (config) => (config.nuclearNorm ? instancesOf(config) : []),
  solve: (instance, config, context) => nuclearSummaryOf(problemsOf(config)(instance.observations, instance.seed), instance, context),
  result: (config, runs, nuclear) => ({
    n: config.n,
    rank: config.rank,
    dof: degreesOfFreedom(config.n, config.rank),
    targetLoss: config.targetLoss,
    runs,
    nuclear,
  }),
};

const mcObservations: ExperimentDefinition<typeof observationsSchema, ObservationsResult> = {
  ...observationsSpec,
  run: (config, context = {}) => completionRun(design, config, context),
  ...completionPool(design),
  compare: (a, b) => maxLogDeviation(errorsOf([...a.runs, ...a.nuclear]), errorsOf([...b.runs, ...b.nuclear]), ERROR_FLOOR),
  summarize: (r) => {
    const rows: Record<string, Record<string, number | string>> = {};
    const ks = [...new Set(r.runs.map((x) => x.observations).concat(r.nuclear.map((x) => x.observations)))].sort((a, b) => a - b);
    const medianOf = (v: number[]) => (v.length ? round(median(v), 3) : '');
    for (const k of ks) {
      const row: Record<string, number | string> = {};
      const nn = r.nuclear.filter((x) => x.observations === k).map(headlineError);
      if (nn.length) row['nuclear'] = medianOf(nn);
      for (const d of [...new Set(r.runs.map((x) => x.depth))]) row[`depth ${d}`] = medianOf(r.runs.filter((x) => x.observations === k && x.depth === d).map(headlineError));
      rows[`K=${k} (${(k / r.dof).toFixed(2)} dof)`] = row;
    }
    return rows;
  },
};

export default mcObservations;
