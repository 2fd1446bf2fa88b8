/** Engine of mc-observations (figure 1 of the matrix-completion half). */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext } from '../runtime/types.ts';
import { median } from '../runtime/stats.ts';
import { round } from './metrics.ts';
import { degreesOfFreedom, syntheticProblem, type Problem } from './problem.ts';
import { collectRuns, nuclearSummaries, runJobs, summarizeRun, trainOptions, type Job } from './runner.ts';
import { ERROR_FLOOR, errorsOf, headlineError, maxLogDeviation } from './summary.ts';
import { observationsSpec, type observationsSchema, type ObservationsConfig, type ObservationsResult } from './observations.spec.ts';

const mcObservations: ExperimentDefinition<typeof observationsSchema, ObservationsResult> = {
  ...observationsSpec,
  async *run(config: ObservationsConfig, context: RunContext = {}) {
    const problems = new Map<string, Problem>();
    const problem = (k: number, seed: number) => {
      const key = `${k}/${seed}`;
      if (!problems.has(key)) problems.set(key, syntheticProblem(config.n, config.rank, k, seed));
      return problems.get(key)!;
    };
    const pairs = config.observations.flatMap((k) => config.seeds.map((seed) => ({ k, seed })));
    const jobs: Job[] = config.depths.map((depth) => ({
      options: trainOptions({ ...config, depth }),
      runs: pairs.map(({ k, seed }) => ({ problem: problem(k, seed), initSeed: seed })),
      tags: pairs.map(({ k, seed }) => ({ depth, observations: k, seed, initScale: config.initScale, optimizer: 'gd' as const })),
    }));
    const tasks = config.nuclearNorm ? pairs.map(({ k, seed }) => ({ problem: problem(k, seed), observations: k, seed })) : [];
    return yield* runJobs(jobs, tasks, context, (state) => ({
      n: config.n,
      rank: config.rank,
      dof: degreesOfFreedom(config.n, config.rank),
      targetLoss: config.targetLoss,
      runs: collectRuns(jobs, state, (tag, run) => summarizeRun(tag, run, 10)),
      nuclear: nuclearSummaries(state),
    }));
  },
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
