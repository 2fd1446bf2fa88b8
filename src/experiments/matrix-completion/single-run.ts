/** Engine of matrix-completion: one configuration, with its trajectory and the nuclear-norm baseline. */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext } from '../runtime/types.ts';
import { degreesOfFreedom, syntheticProblem } from './problem.ts';
import { nuclearSummaries, runJobs, summarizeRun, trainOptions, trajectoryOf, type Job, type NuclearTask } from './runner.ts';
import { ERROR_FLOOR, errorsOf, maxLogDeviation } from './summary.ts';
import { singleRunSpec, type runSchema, type RunConfig, type RunResult } from './single-run.spec.ts';

const matrixCompletion: ExperimentDefinition<typeof runSchema, RunResult> = {
  ...singleRunSpec,
  async *run(config: RunConfig, context: RunContext = {}) {
    const problem = syntheticProblem(config.n, config.rank, config.observations, config.seed);
    const tag = { depth: config.depth, observations: config.observations, seed: config.seed, initScale: config.initScale, optimizer: config.optimizer };
    const job: Job = {
      options: trainOptions(config, {
        optimizer: config.optimizer,
        learningRate: config.learningRate,
        trackSpectrum: true,
        topSingularValues: config.topSingularValues,
      }),
      runs: [{ problem, initSeed: config.seed }],
      tags: [tag],
    };
    const tasks: NuclearTask[] = config.nuclearNorm ? [{ problem, observations: config.observations, seed: config.seed }] : [];
    return yield* runJobs([job], tasks, context, (state): RunResult => {
      const run = state.states[0]![0];
      return {
        n: config.n,
        rank: config.rank,
        observations: config.observations,
        dof: degreesOfFreedom(config.n, config.rank),
        run: run ? summarizeRun(tag, run, config.topSingularValues) : null,
        trajectory: run ? trajectoryOf(run, true) : null,
        nuclear: nuclearSummaries(state, config.topSingularValues)[0] ?? null,
      };
    });
  },
  compare: (a, b) =>
    maxLogDeviation(errorsOf([a.run!, ...(a.nuclear ? [a.nuclear] : [])]), errorsOf([b.run!, ...(b.nuclear ? [b.nuclear] : [])]), ERROR_FLOOR),
  summarize: (r) => ({
    [`depth ${r.run?.depth}`]: { paperError: r.run?.paperError ?? '', testError: r.run?.testError ?? '', steps: r.run?.steps ?? '', status: r.run?.status ?? '', effectiveRank: r.run?.effectiveRank ?? '', nuclearNorm: r.run?.nuclearNorm ?? '' },
    ...(r.nuclear
      ? { 'nuclear norm': { paperError: r.nuclear.paperError ?? '', testError: r.nuclear.testError, steps: r.nuclear.iterations, status: r.nuclear.converged ? `gap ${r.nuclear.relativeGap}` : 'not converged', effectiveRank: r.nuclear.effectiveRank, nuclearNorm: r.nuclear.nuclearNorm } }
      : {}),
  }),
};

export default matrixCompletion;
