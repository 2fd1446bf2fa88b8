/** Engine of mc-image (figure 5 of the matrix-completion half); the photo itself is in photo.ts. */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import { round } from './metrics.ts';
import { encodeGray, imageProblem } from './photo.ts';
import { completionPool, completionRun, perConfig, solveNuclear, summarizeNuclear, summarizeRun, trainOptions, trajectoryOf, type CompletionDesign, type Instance } from './runner.ts';
import { ERROR_FLOOR, errorsOf, maxLogDeviation } from './summary.ts';
import { imageSpec, type imageSchema, type ImageConfig, type ImageResult } from './image.spec.ts';

/** The readback with the lowest test error (the first one on ties): an oracle, which training cannot see. */
export function bestPoint(points: { step: number; testError: number }[]): { step: number; testError: number } | null {
  let best: { step: number; testError: number } | null = null;
  for (const p of points) if (Number.isFinite(p.testError) && (!best || p.testError < best.testError)) best = { step: p.step, testError: round(p.testError, 5) };
  return best;
}

/** The photo's instance, and the photo and its mask as published (built once per config). */
const imageOf = perConfig((config: ImageConfig) => {
  const { problem, scale } = imageProblem(config.n, config.observations, config.seed);
  const mask = new Float64Array(config.n * config.n);
  for (const k of problem.trainIndex) mask[k] = 1 / scale;
  return { problem, scale, original: encodeGray(problem.truth!, scale), mask: encodeGray(mask, scale) };
});

const design: CompletionDesign<ImageConfig, ImageResult, ImageResult['runs'][number], Instance, NonNullable<ImageResult['nuclear']>> = {
  jobs: (config) =>
    config.depths.map((depth) => ({
      options: trainOptions({ ...config, depth }),
      runs: [{ problem: imageOf(config).problem, initSeed: config.seed }],
      tags: [{ depth, observations: config.observations, seed: config.seed, initScale: config.initScale, optimizer: 'gd' as const }],
    })),
  record: (tag, run, config) => ({
    ...summarizeRun(tag, run, 10),
    image: run.final ? encodeGray(run.final.w, imageOf(config).scale) : '',
    trajectory: trajectoryOf(run, false),
    best: bestPoint(run.points),
  }),
  solves: (config) => (config.nuclearNorm ? [{ observations: config.observations, seed: config.seed }] : []),
  async solve(instance, config, context) {
    const { problem, scale } = imageOf(config);
    const solution = await solveNuclear(problem, context);
    return { ...summarizeNuclear(problem, instance.observations, instance.seed, solution, 10), image: encodeGray(solution.x, scale) };
  },
  result: (config, runs, nuclear) => {
    const { scale, original, mask } = imageOf(config);
    return { n: config.n, observations: config.observations, scale: round(scale, 8), original, mask, runs, nuclear: nuclear[0] ?? null };
  },
};

const mcImage: ExperimentDefinition<typeof imageSchema, ImageResult> = {
  ...imageSpec,
  run: (config, context = {}) => completionRun(design, config, context),
  ...completionPool(design),
  compare: (a, b) =>
    maxLogDeviation(errorsOf([...a.runs, ...(a.nuclear ? [a.nuclear] : [])]), errorsOf([...b.runs, ...(b.nuclear ? [b.nuclear] : [])]), ERROR_FLOOR),
  summarize: (r) => [
    ...r.runs.map((x) => ({ method: `depth ${x.depth}`, testError: x.testError, paperError: x.paperError ?? '', steps: x.steps, status: x.status, effectiveRank: x.effectiveRank ?? '' })),
    ...(r.nuclear ? [{ method: 'nuclear norm', testError: r.nuclear.testError, paperError: r.nuclear.paperError ?? '', steps: r.nuclear.iterations, status: `gap ${r.nuclear.relativeGap}`, effectiveRank: r.nuclear.effectiveRank }] : []),
  ],
};

export default mcImage;
