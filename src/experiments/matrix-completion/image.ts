/** Engine of mc-image (figure 5 of the matrix-completion half); the photo itself is in photo.ts. */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext } from '../runtime/types.ts';
import { round } from './metrics.ts';
import { encodeGray, imageProblem } from './photo.ts';
import { collectRuns, nuclearSummaries, runJobs, summarizeRun, trainOptions, trajectoryOf, type Job } from './runner.ts';
import { ERROR_FLOOR, errorsOf, maxLogDeviation } from './summary.ts';
import { imageSpec, type imageSchema, type ImageConfig, type ImageResult } from './image.spec.ts';

/** The readback with the lowest test error (the first one on ties): an oracle, which training cannot see. */
export function bestPoint(points: { step: number; testError: number }[]): { step: number; testError: number } | null {
  let best: { step: number; testError: number } | null = null;
  for (const p of points) if (Number.isFinite(p.testError) && (!best || p.testError < best.testError)) best = { step: p.step, testError: round(p.testError, 5) };
  return best;
}

const mcImage: ExperimentDefinition<typeof imageSchema, ImageResult> = {
  ...imageSpec,
  async *run(config: ImageConfig, context: RunContext = {}) {
    const { problem, scale } = imageProblem(config.n, config.observations, config.seed);
    const jobs: Job[] = config.depths.map((depth) => ({
      options: trainOptions({ ...config, depth }),
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
        trajectory: trajectoryOf(run, false),
        best: bestPoint(run.points),
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

export default mcImage;
