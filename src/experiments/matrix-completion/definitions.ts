/** The matrix-completion experiments (public ids: never rename). */
import type { ExperimentDefinition, RunContext, Tolerance } from '../runtime/types.ts';
import {
  adamSchema,
  depth2Schema,
  imageSchema,
  movieLensSchema,
  observationsSchema,
  runSchema,
  singularValuesSchema,
  type AdamConfig,
  type Depth2Config,
  type ImageConfig,
  type MovieLensConfig,
  type ObservationsConfig,
  type RunConfig,
  type SingularValuesConfig,
} from './config.ts';
import type { TrainOptions } from './engine.ts';
import { encodeGray, imageProblem } from './image.ts';
import { singularValues } from './linalg.ts';
import { round } from './metrics.ts';
import { movieLensProblem, type MovieLensData } from './movielens.ts';
import { degreesOfFreedom, lowRankTruth, syntheticProblem, type Problem } from './problem.ts';
import {
  collectRuns,
  headlineError,
  maxLogDeviation,
  runJobs,
  summarizeNuclear,
  summarizeRun,
  trajectoryOf,
  type Job,
  type JobsState,
  type NuclearSummary,
  type NuclearTask,
  type RunSummary,
  type Trajectory,
} from './runner.ts';

/** Errors (paper metric) below this count as equal in comparisons: the training tolerance sets them. */
export const ERROR_FLOOR = 1e-4;

const TOLERANCE: Tolerance = {
  metric: 'max |log10 ratio| of the final reconstruction errors (errors below 1e-4 count as equal)',
  sameBackend: 1e-9,
  // Float32 kernels of cpu and wasm sum in different orders; runs that stop at the loss tolerance
  // or at the step cap end a few steps apart. Measured cpu vs wasm: see the report in the tests.
  crossBackend: 0.15,
};

function options(c: { depth?: number; init: 'identity' | 'gaussian'; initScale?: number; maxSteps: number; targetLoss: number; readEvery: number }, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    depth: c.depth ?? 1,
    init: c.init,
    initScale: c.initScale ?? 1e-3,
    optimizer: 'gd',
    learningRate: 'auto',
    maxSteps: c.maxSteps,
    targetLoss: c.targetLoss,
    readEvery: c.readEvery,
    batchMode: 'auto',
    trackSpectrum: false,
    topSingularValues: 10,
    ...extra,
  };
}

function nuclearSummaries(state: JobsState, top = 10): NuclearSummary[] {
  return state.nuclear.map(({ task, solution }) => summarizeNuclear(task.problem, task.observations, task.seed, solution, top));
}

const errorsOf = (list: { paperError: number | null; testError: number }[]) => list.map(headlineError);

// ---------------------------------------------------------------------------------------------
// matrix-completion: one configuration

export interface RunResult {
  n: number;
  rank: number;
  observations: number;
  dof: number;
  run: RunSummary | null;
  trajectory: Trajectory | null;
  nuclear: NuclearSummary | null;
}

export const matrixCompletion: ExperimentDefinition<typeof runSchema, RunResult> = {
  id: 'matrix-completion',
  title: 'Deep matrix factorisation: one run',
  description:
    'Completes a random rank-r matrix from K observed entries with a depth-N linear network trained by gradient descent (or Adam) from a small initialisation, and compares it with the minimum-nuclear-norm completion of the same entries.',
  schema: runSchema,
  presets: {
    published: { depth: 3, observations: 2000, n: 100, rank: 5, seed: 1, maxSteps: 20_000 },
    reduced: { depth: 3, observations: 462, n: 40, rank: 3, seed: 1, maxSteps: 6000 },
  },
  tolerance: TOLERANCE,
  async *run(config: RunConfig, context: RunContext = {}) {
    const problem = syntheticProblem(config.n, config.rank, config.observations, config.seed);
    const tag = { depth: config.depth, observations: config.observations, seed: config.seed, initScale: config.initScale, optimizer: config.optimizer };
    const job: Job = {
      options: options(config, {
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

// ---------------------------------------------------------------------------------------------
// mc-observations (figure 1)

export interface ObservationsResult {
  n: number;
  rank: number;
  dof: number;
  /** Training stops at this MSE; errors near it are the deep models' floor. */
  targetLoss: number;
  runs: RunSummary[];
  nuclear: NuclearSummary[];
}

export const mcObservations: ExperimentDefinition<typeof observationsSchema, ObservationsResult> = {
  id: 'mc-observations',
  title: 'Reconstruction error against the number of observed entries',
  description:
    'Sweeps the number of observed entries of a random low-rank matrix and compares the minimum-nuclear-norm completion with linear networks of depth 1 to 4 trained by gradient descent from a small initialisation, over several seeds.',
  schema: observationsSchema,
  presets: {
    published: { depths: [1, 2, 3, 4], observations: [1000, 1500, 2000, 2500, 3000, 4000], n: 100, rank: 5, seeds: [1, 2, 3], maxSteps: 12_000 },
    reduced: { depths: [1, 2, 3], observations: [231, 347, 462, 693], n: 40, rank: 3, seeds: [1], maxSteps: 3000 },
  },
  tolerance: TOLERANCE,
  async *run(config: ObservationsConfig, context: RunContext = {}) {
    const problems = new Map<string, Problem>();
    const problem = (k: number, seed: number) => {
      const key = `${k}/${seed}`;
      if (!problems.has(key)) problems.set(key, syntheticProblem(config.n, config.rank, k, seed));
      return problems.get(key)!;
    };
    const pairs = config.observations.flatMap((k) => config.seeds.map((seed) => ({ k, seed })));
    const jobs: Job[] = config.depths.map((depth) => ({
      options: options({ ...config, depth }),
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
    const median = (v: number[]) => {
      const s = [...v].sort((a, b) => a - b);
      return s.length ? round(s[Math.floor((s.length - 1) / 2)]!, 3) : '';
    };
    for (const k of ks) {
      const row: Record<string, number | string> = {};
      const nn = r.nuclear.filter((x) => x.observations === k).map(headlineError);
      if (nn.length) row['nuclear'] = median(nn);
      for (const d of [...new Set(r.runs.map((x) => x.depth))]) row[`depth ${d}`] = median(r.runs.filter((x) => x.observations === k && x.depth === d).map(headlineError));
      rows[`K=${k} (${(k / r.dof).toFixed(2)} dof)`] = row;
    }
    return rows;
  },
};

// ---------------------------------------------------------------------------------------------
// mc-singular-values (figure 2)

export interface SingularValuesResult {
  n: number;
  rank: number;
  observations: number;
  /** Singular values of the ground truth. */
  truth: number[];
  runs: (RunSummary & { trajectory: Trajectory })[];
}

export const mcSingularValues: ExperimentDefinition<typeof singularValuesSchema, SingularValuesResult> = {
  id: 'mc-singular-values',
  title: 'Singular values of the end-to-end matrix during training',
  description:
    'Tracks the largest singular values of the end-to-end matrix while gradient descent trains linear networks of depth 1, 2 and 3 on the same observed entries: with depth, they are learned one at a time, in a sharper staircase.',
  schema: singularValuesSchema,
  presets: {
    published: { depths: [1, 2, 3], observations: 2000, n: 100, rank: 5, seed: 1, maxSteps: 8000, readEvery: 25 },
    reduced: { depths: [1, 2, 3], observations: 462, n: 40, rank: 3, seed: 1, maxSteps: 3000, readEvery: 25 },
  },
  tolerance: TOLERANCE,
  async *run(config: SingularValuesConfig, context: RunContext = {}) {
    const problem = syntheticProblem(config.n, config.rank, config.observations, config.seed);
    const truth = singularValues(lowRankTruth(config.n, config.rank, config.seed), config.n).slice(0, config.topSingularValues).map((x) => round(x, 5));
    const jobs: Job[] = config.depths.map((depth) => ({
      options: options({ ...config, depth }, { trackSpectrum: true, topSingularValues: config.topSingularValues }),
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

// ---------------------------------------------------------------------------------------------
// mc-depth2-vs-nuclear (figure 3)

export interface Depth2Result {
  n: number;
  rank: number;
  observations: number;
  runs: RunSummary[];
  nuclear: NuclearSummary[];
}

export const mcDepth2VsNuclear: ExperimentDefinition<typeof depth2Schema, Depth2Result> = {
  id: 'mc-depth2-vs-nuclear',
  title: 'Depth 2 against the minimum nuclear norm as the initialisation shrinks',
  description:
    'Trains depth-2 linear networks from smaller and smaller initialisations on the same observed entries, and compares their error, nuclear norm and effective rank with those of the minimum-nuclear-norm completion (the conjecture of Gunasekar et al. 2017 says they should meet).',
  schema: depth2Schema,
  presets: {
    published: { depth: 2, initScales: [1e-1, 1e-2, 1e-3, 1e-4, 1e-5], observations: 2000, n: 100, rank: 5, seeds: [1, 2, 3], maxSteps: 12_000 },
    reduced: { depth: 2, initScales: [1e-1, 1e-2, 1e-3, 1e-4], observations: 462, n: 40, rank: 3, seeds: [1], maxSteps: 3000 },
  },
  tolerance: TOLERANCE,
  async *run(config: Depth2Config, context: RunContext = {}) {
    const problems = config.seeds.map((seed) => syntheticProblem(config.n, config.rank, config.observations, seed));
    const pairs = config.initScales.flatMap((s) => config.seeds.map((seed, i) => ({ s, seed, problem: problems[i]! })));
    const job: Job = {
      options: options({ ...config, depth: config.depth }),
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

// ---------------------------------------------------------------------------------------------
// mc-gd-vs-adam (figure 4)

export interface AdamResult {
  n: number;
  rank: number;
  observations: number;
  depth: number;
  runs: (RunSummary & { trajectory: Trajectory })[];
}

export const mcGdVsAdam: ExperimentDefinition<typeof adamSchema, AdamResult> = {
  id: 'mc-gd-vs-adam',
  title: 'Gradient descent against Adam',
  description:
    'Trains the same deep linear network on the same observed entries with gradient descent and with Adam, and follows the training loss and the reconstruction error over the iterations.',
  schema: adamSchema,
  presets: {
    published: { depth: 3, observations: 2000, n: 100, rank: 5, seeds: [1, 2, 3], maxSteps: 6000, adamLearningRate: 1e-3 },
    reduced: { depth: 3, observations: 462, n: 40, rank: 3, seeds: [1], maxSteps: 3000, adamLearningRate: 1e-3 },
  },
  tolerance: TOLERANCE,
  async *run(config: AdamConfig, context: RunContext = {}) {
    const problems = config.seeds.map((seed) => syntheticProblem(config.n, config.rank, config.observations, seed));
    const jobs: Job[] = (['gd', 'adam'] as const).map((optimizer) => ({
      options: options(config, { optimizer, learningRate: optimizer === 'adam' ? config.adamLearningRate : config.learningRate }),
      runs: problems.map((problem, i) => ({ problem, initSeed: config.seeds[i]! })),
      tags: config.seeds.map((seed) => ({ depth: config.depth, observations: config.observations, seed, initScale: config.initScale, optimizer })),
    }));
    return yield* runJobs(jobs, [], context, (state) => ({
      n: config.n,
      rank: config.rank,
      observations: config.observations,
      depth: config.depth,
      runs: collectRuns(jobs, state, (tag, run) => ({ ...summarizeRun(tag, run, 10), trajectory: trajectoryOf(run, false) })),
    }));
  },
  compare: (a, b) => maxLogDeviation(errorsOf(a.runs), errorsOf(b.runs), ERROR_FLOOR),
  summarize: (r) => r.runs.map((x) => ({ optimizer: x.optimizer, seed: x.seed, paperError: x.paperError ?? '', trainLoss: x.trainLoss, steps: x.steps, status: x.status })),
};

// ---------------------------------------------------------------------------------------------
// mc-image (figure 5)

export interface ImageResult {
  n: number;
  observations: number;
  /** Multiply the matrix by this to get gray levels in [0, 1]. */
  scale: number;
  /** The photo and the observed-entry mask (255 = observed), as base64 8-bit gray. */
  original: string;
  mask: string;
  runs: (RunSummary & { image: string })[];
  nuclear: (NuclearSummary & { image: string }) | null;
}

export const mcImage: ExperimentDefinition<typeof imageSchema, ImageResult> = {
  id: 'mc-image',
  title: 'Completing a photograph',
  description:
    'Treats a grayscale photograph (approximately low rank) as a matrix, hides most of its pixels, and fills them in with linear networks of depth 1 to 3 and with the minimum-nuclear-norm completion.',
  schema: imageSchema,
  presets: {
    published: { depths: [1, 2, 3], n: 100, observations: 3000, seed: 1, maxSteps: 6000 },
    reduced: { depths: [1, 2, 3], n: 40, observations: 480, seed: 1, maxSteps: 2000 },
  },
  tolerance: TOLERANCE,
  async *run(config: ImageConfig, context: RunContext = {}) {
    const { problem, scale } = imageProblem(config.n, config.observations, config.seed);
    const jobs: Job[] = config.depths.map((depth) => ({
      options: options({ ...config, depth }),
      runs: [{ problem, initSeed: config.seed }],
      tags: [{ depth, observations: config.observations, seed: config.seed, initScale: config.initScale, optimizer: 'gd' as const }],
    }));
    const tasks = config.nuclearNorm ? [{ problem, observations: config.observations, seed: config.seed }] : [];
    const mask = new Float64Array(config.n * config.n);
    for (const k of problem.trainIndex) mask[k] = 1 / scale;
    const original = encodeGray(problem.truth!, scale);
    const maskText = encodeGray(mask, scale);
    return yield* runJobs(jobs, tasks, context, (state) => ({
      n: config.n,
      observations: config.observations,
      scale: round(scale, 8),
      original,
      mask: maskText,
      runs: collectRuns(jobs, state, (tag, run) => ({
        ...summarizeRun(tag, run, 10),
        image: run.final ? encodeGray(run.final.w, scale) : '',
      })),
      nuclear: state.nuclear[0]
        ? { ...nuclearSummaries(state)[0]!, image: encodeGray(state.nuclear[0].solution.x, scale) }
        : null,
    }));
  },
  compare: (a, b) =>
    maxLogDeviation(errorsOf([...a.runs, ...(a.nuclear ? [a.nuclear] : [])]), errorsOf([...b.runs, ...(b.nuclear ? [b.nuclear] : [])]), ERROR_FLOOR),
  summarize: (r) => [
    ...r.runs.map((x) => ({ method: `depth ${x.depth}`, testError: x.testError, paperError: x.paperError ?? '', steps: x.steps, status: x.status, effectiveRank: x.effectiveRank ?? '' })),
    ...(r.nuclear ? [{ method: 'nuclear norm', testError: r.nuclear.testError, paperError: r.nuclear.paperError ?? '', steps: r.nuclear.iterations, status: `gap ${r.nuclear.relativeGap}`, effectiveRank: r.nuclear.effectiveRank }] : []),
  ],
};

// ---------------------------------------------------------------------------------------------
// mc-movielens: needs the reader's own u.data, so it is not registered for precompute.

export interface MovieLensResult {
  n: number;
  trainRatings: number;
  testRatings: number;
  runs: RunSummary[];
  nuclear: NuclearSummary | null;
}

/** An experiment bound to a parsed `u.data` (see movielens.ts); reduced scale only, never published. */
export function createMovieLensExperiment(data: MovieLensData): ExperimentDefinition<typeof movieLensSchema, MovieLensResult> {
  const preset = { depths: [1, 2, 3], n: 60, trainFraction: 0.8, seed: 1, maxSteps: 3000 };
  return {
    id: 'mc-movielens',
    title: 'Completing MovieLens 100k ratings (your file)',
    description:
      'Fills in held-out ratings of the most active users and most rated films of MovieLens 100k with linear networks of depth 1 to 3 and with the minimum-nuclear-norm completion. The file stays on your computer.',
    schema: movieLensSchema,
    presets: { published: preset, reduced: preset },
    tolerance: { ...TOLERANCE, metric: 'max |log10 ratio| of the test RMSEs' },
    async *run(config: MovieLensConfig, context: RunContext = {}) {
      const problem = movieLensProblem(data, config.n, config.trainFraction, config.seed);
      const k = problem.trainIndex.length;
      const jobs: Job[] = config.depths.map((depth) => ({
        options: options({ ...config, depth }),
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
