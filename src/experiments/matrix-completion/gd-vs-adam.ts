/** Engine of mc-gd-vs-adam (figure 4 of the matrix-completion half). */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import { syntheticProblem } from './problem.ts';
import { completionPool, completionRun, summarizeRun, trainOptions, trajectoryOf, type CompletionDesign } from './runner.ts';
import { ERROR_FLOOR, errorsOf, maxLogDeviation } from './summary.ts';
import { gdVsAdamSpec, type adamSchema, type AdamConfig, type AdamResult } from './gd-vs-adam.spec.ts';

type AdamRun = AdamResult['runs'][number];

const design: CompletionDesign<AdamConfig, AdamResult, AdamRun> = {
  jobs: (config) => {
    const problems = config.seeds.map((seed) => syntheticProblem(config.n, config.rank, config.observations, seed));
    return (['gd', 'adam'] as const).map((optimizer) => ({
      options: trainOptions(config, { optimizer, learningRate: optimizer === 'adam' ? config.adamLearningRate : config.learningRate }),
      runs: problems.map((problem, i) => ({ problem, initSeed: config.seeds[i]! })),
      tags: config.seeds.map((seed) => ({ depth: config.depth, observations: config.observations, seed, initScale: config.initScale, optimizer })),
    }));
  },
  record: (tag, run) => ({ ...summarizeRun(tag, run, 10), trajectory: trajectoryOf(run, false) }),
  result: (config, runs) => ({ n: config.n, rank: config.rank, observations: config.observations, depth: config.depth, runs }),
};

const mcGdVsAdam: ExperimentDefinition<typeof adamSchema, AdamResult> = {
  ...gdVsAdamSpec,
  run: (config, context = {}) => completionRun(design, config, context),
  ...completionPool(design),
  compare: (a, b) => maxLogDeviation(errorsOf(a.runs), errorsOf(b.runs), ERROR_FLOOR),
  summarize: (r) => r.runs.map((x) => ({ optimizer: x.optimizer, seed: x.seed, paperError: x.paperError ?? '', trainLoss: x.trainLoss, steps: x.steps, status: x.status })),
};

export default mcGdVsAdam;
