/** Engine of mc-depth2-vs-nuclear (figure 3 of the matrix-completion half). */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext } from '../runtime/types.ts';
import { syntheticProblem } from './problem.ts';
import { collectRuns, nuclearSummaries, runJobs, summarizeRun, trainOptions, type Job } from './runner.ts';
import { ERROR_FLOOR, errorsOf, maxLogDeviation } from './summary.ts';
import { depth2VsNuclearSpec, type depth2Schema, type Depth2Config, type Depth2Result } from './depth2-vs-nuclear.spec.ts';

const mcDepth2VsNuclear: ExperimentDefinition<typeof depth2Schema, Depth2Result> = {
  ...depth2VsNuclearSpec,
  async *run(config: Depth2Config, context: RunContext = {}) {
    const problems = config.seeds.map((seed) => syntheticProblem(config.n, config.rank, config.observations, seed));
    const pairs = config.initScales.flatMap((s) => config.seeds.map((seed, i) => ({ s, seed, problem: problems[i]! })));
    const job: Job = {
      options: trainOptions({ ...config, depth: config.depth }),
      runs: pairs.map(({ s, seed, problem }) => ({ problem, initSeed: seed, initScale: s })),
      tags: pairs.map(({ s, seed }) => ({ depth: config.depth, observations: config.observations, seed, initScale: s, optimizer: 'gd' as const })),
    };
    const tasks = config.seeds.map((seed, i) => ({ problem: problems[i]!, observations: config.observations, seed }));
    return yield* runJobs([job], tasks, context, (state) => ({
      n: config.n,
      rank: config.rank,
      observations: config.observations,
      runs: collectRuns([job], state, (tag, run) => summarizeRun(tag, run, 10)),
      nuclear: nuclearSummaries(state),
    }));
  },
  compare: (a, b) => maxLogDeviation(errorsOf([...a.runs, ...a.nuclear]), errorsOf([...b.runs, ...b.nuclear]), ERROR_FLOOR),
  summarize: (r) => [
    ...r.runs.map((x) => ({ method: `depth ${x.depth}, s=${x.initScale}`, seed: x.seed, paperError: x.paperError ?? '', nuclearNorm: x.nuclearNorm ?? '', effectiveRank: x.effectiveRank ?? '', status: x.status })),
    ...r.nuclear.map((x) => ({ method: 'nuclear norm', seed: x.seed, paperError: x.paperError ?? '', nuclearNorm: x.nuclearNorm, effectiveRank: x.effectiveRank, status: `gap ${x.relativeGap}` })),
  ],
};

export default mcDepth2VsNuclear;
