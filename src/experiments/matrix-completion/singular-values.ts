/** Engine of mc-singular-values (figure 2 of the matrix-completion half). */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import { singularValues } from './linalg.ts';
import { round } from './metrics.ts';
import { lowRankTruth, syntheticProblem } from './problem.ts';
import { completionPool, completionRun, perConfig, summarizeRun, trainOptions, trajectoryOf, type CompletionDesign } from './runner.ts';
import { ERROR_FLOOR, errorsOf, maxLogDeviation } from './summary.ts';
import { singularValuesSpec, type singularValuesSchema, type SingularValuesConfig, type SingularValuesResult } from './singular-values.spec.ts';

/** The instance, and the largest singular values of its ground truth (computed once per config). */
const instanceOf = perConfig((config: SingularValuesConfig) => ({
  problem: syntheticProblem(config.n, config.rank, config.observations, config.seed),
  truth: singularValues(lowRankTruth(config.n, config.rank, config.seed), config.n).slice(0, config.topSingularValues).map((x) => round(x, 5)),
}));

const design: CompletionDesign<SingularValuesConfig, SingularValuesResult, SingularValuesResult['runs'][number]> = {
  jobs: (config) =>
    config.depths.map((depth) => ({
      options: trainOptions({ ...config, depth }, { trackSpectrum: true, topSingularValues: config.topSingularValues }),
      runs: [{ problem: instanceOf(config).problem, initSeed: config.seed }],
      tags: [{ depth, observations: config.observations, seed: config.seed, initScale: config.initScale, optimizer: 'gd' as const }],
    })),
  record: (tag, run, config) => ({ ...summarizeRun(tag, run, config.topSingularValues), trajectory: trajectoryOf(run, true) }),
  result: (config, runs) => ({ n: config.n, rank: config.rank, observations: config.observations, truth: instanceOf(config).truth, runs }),
};

const mcSingularValues: ExperimentDefinition<typeof singularValuesSchema, SingularValuesResult> = {
  ...singularValuesSpec,
  run: (config, context = {}) => completionRun(design, config, context),
  ...completionPool(design),
  compare: (a, b) => maxLogDeviation(errorsOf(a.runs), errorsOf(b.runs), ERROR_FLOOR),
  summarize: (r) => Object.fromEntries(r.runs.map((x) => [`depth ${x.depth}`, { paperError: x.paperError ?? '', steps: x.steps, status: x.status, effectiveRank: x.effectiveRank ?? '', top: x.singularValues.slice(0, 6).map((s) => round(s, 3)).join(' ') }])),
};

export default mcSingularValues;
