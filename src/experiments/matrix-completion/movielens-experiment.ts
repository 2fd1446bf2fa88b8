/** Engine of mc-movielens, bound to the reader's parsed u.data (see movielens.ts); reduced scale only, never published. */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext } from '../runtime/types.ts';
import { movieLensProblem, type MovieLensData } from './movielens.ts';
import { collectRuns, nuclearSummaries, runJobs, summarizeRun, trainOptions, type Job } from './runner.ts';
import { maxLogDeviation } from './summary.ts';
import { movieLensSpec, type movieLensSchema, type MovieLensConfig, type MovieLensResult } from './movielens.spec.ts';

export function createMovieLensExperiment(data: MovieLensData): ExperimentDefinition<typeof movieLensSchema, MovieLensResult> {
  return {
    ...movieLensSpec,
    async *run(config: MovieLensConfig, context: RunContext = {}) {
      const problem = movieLensProblem(data, config.n, config.trainFraction, config.seed);
      const k = problem.trainIndex.length;
      const jobs: Job[] = config.depths.map((depth) => ({
        options: trainOptions({ ...config, depth }),
        runs: [{ problem, initSeed: config.seed }],
        tags: [{ depth, observations: k, seed: config.seed, initScale: config.initScale, optimizer: 'gd' as const }],
      }));
      const tasks = config.nuclearNorm ? [{ problem, observations: k, seed: config.seed }] : [];
      return yield* runJobs(jobs, tasks, context, (state) => ({
        n: config.n,
        trainRatings: k,
        testRatings: problem.testIndex.length,
        runs: collectRuns(jobs, state, (tag, run) => summarizeRun(tag, run, 10)),
        nuclear: nuclearSummaries(state)[0] ?? null,
      }));
    },
    compare: (a, b) =>
      maxLogDeviation([...a.runs, ...(a.nuclear ? [a.nuclear] : [])].map((x) => x.testRmse), [...b.runs, ...(b.nuclear ? [b.nuclear] : [])].map((x) => x.testRmse), 1e-6),
    summarize: (r) => [
      ...r.runs.map((x) => ({ method: `depth ${x.depth}`, testRmse: x.testRmse, trainLoss: x.trainLoss, steps: x.steps, status: x.status })),
      ...(r.nuclear ? [{ method: 'nuclear norm', testRmse: r.nuclear.testRmse, trainLoss: 0, steps: r.nuclear.iterations, status: `gap ${r.nuclear.relativeGap}` }] : []),
    ],
  };
}
