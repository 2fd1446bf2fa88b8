/** Engine of mc-singular-values (figure 2 of the matrix-completion half). */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext } from '../runtime/types.ts';
import { singularValues } from './linalg.ts';
import { round } from './metrics.ts';
import { lowRankTruth, syntheticProblem } from './problem.ts';
import { collectRuns, runJobs, summarizeRun, trainOptions, trajectoryOf, type Job } from './runner.ts';
import { ERROR_FLOOR, errorsOf, maxLogDeviation } from './summary.ts';
import { singularValuesSpec, type singularValuesSchema, type SingularValuesConfig, type SingularValuesResult } from './singular-values.spec.ts';

const mcSingularValues: ExperimentDefinition<typeof singularValuesSchema, SingularValuesResult> = {
  ...singularValuesSpec,
  async *run(config: SingularValuesConfig, context: RunContext = {}) {
    const problem = syntheticProblem(config.n, config.rank, config.observations, config.seed);
    const truth = singularValues(lowRankTruth(config.n, config.rank, config.seed), config.n).slice(0, config.topSingularValues).map((x) => round(x, 5));
    const jobs: Job[] = config.depths.map((depth) => ({
      options: trainOptions({ ...config, depth }, { trackSpectrum: true, topSingularValues: config.topSingularValues }),
      runs: [{ problem, initSeed: config.seed }],
      tags: [{ depth, observations: config.observations, seed: config.seed, initScale: config.initScale, optimizer: 'gd' as const }],
    }));
    return yield* runJobs(jobs, [], context, (state) => ({
      n: config.n,
      rank: config.rank,
      observations: config.observations,
      truth,
      runs: collectRuns(jobs, state, (tag, run) => ({ ...summarizeRun(tag, run, config.topSingularValues), trajectory: trajectoryOf(run, true) })),
    }));
  },
  compare: (a, b) => maxLogDeviation(errorsOf(a.runs), errorsOf(b.runs), ERROR_FLOOR),
  summarize: (r) => Object.fromEntries(r.runs.map((x) => [`depth ${x.depth}`, { paperError: x.paperError ?? '', steps: x.steps, status: x.status, effectiveRank: x.effectiveRank ?? '', top: x.singularValues.slice(0, 6).map((s) => round(s, 3)).join(' ') }])),
};

export default mcSingularValues;
