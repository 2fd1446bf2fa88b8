/** Engine of mc-depth2-vs-nuclear (figure 3 of the matrix-completion half). */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import { syntheticProblem } from './problem.ts';
import { completionPool, completionRun, nuclearSummaryOf, perConfig, summarizeRun, trainOptions, type CompletionDesign, type Instance, type NuclearSummary, type RunSummary } from './runner.ts';
import { ERROR_FLOOR, errorsOf, maxLogDeviation } from './summary.ts';
import { depth2VsNuclearSpec, type depth2Schema, type Depth2Config, type Depth2Result } from './depth2-vs-nuclear.spec.ts';

const problemsOf = perConfig((config: Depth2Config) => new Map(config.seeds.map((seed) => [seed, syntheticProblem(config.n, config.rank, config.observations, seed)])));

const design: CompletionDesign<Depth2Config, Depth2Result, RunSummary, Instance, NuclearSummary> = {
  jobs: (config) => {
    const pairs = config.initScales.flatMap((s) => config.seeds.map((seed) => ({ s, seed, problem: problemsOf(config).get(seed)! })));
    return [
      {
        options: trainOptions({ ...config, depth: config.depth }),
        runs: pairs.map(({ s, seed, problem }) => ({ problem, initSeed: seed, initScale: s })),
        tags: pairs.map(({ s, seed }) => ({ depth: config.depth, observations: config.observations, seed, initScale: s, optimizer: 'gd' as const })),
      },
    ];
  },
  record: (tag, run) => summarizeRun(tag, run, 10),
  solves: (config) => config.seeds.map((seed) => ({ observations: config.observations, seed })),
  solve: (instance, config, context) => nuclearSummaryOf(problemsOf(config).get(instance.seed)!, instance, context),
  result: (config, runs, nuclear) => ({ n: config.n, rank: config.rank, observations: config.observations, runs, nuclear }),
};

const mcDepth2VsNuclear: ExperimentDefinition<typeof depth2Schema, Depth2Result> = {
  ...depth2VsNuclearSpec,
  run: (config, context = {}) => completionRun(design, config, context),
  ...completionPool(design),
  compare: (a, b) => maxLogDeviation(errorsOf([...a.runs, ...a.nuclear]), errorsOf([...b.runs, ...b.nuclear]), ERROR_FLOOR),
  summarize: (r) => [
    ...r.runs.map((x) => ({ method: `depth ${x.depth}, s=${x.initScale}`, seed: x.seed, paperError: x.paperError ?? '', nuclearNorm: x.nuclearNorm ?? '', effectiveRank: x.effectiveRank ?? '', status: x.status })),
    ...r.nuclear.map((x) => ({ method: 'nuclear norm', seed: x.seed, paperError: x.paperError ?? '', nuclearNorm: x.nuclearNorm, effectiveRank: x.effectiveRank, status: `gap ${x.relativeGap}` })),
  ],
};

export default mcDepth2VsNuclear;
