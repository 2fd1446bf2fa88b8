import { z } from 'zod';
import { factorisationRunWork } from './work.ts';
import { defineSpec } from '../runtime/spec.ts';
import { checkSizes, fields } from './config.ts';
import { TOLERANCE, type NuclearSummary, type RunSummary, type Trajectory } from './summary.ts';

export const imageSchema = z
  .object({
    depths: fields.depths([1, 2, 3]),
    n: z.number().int().min(10).max(100).default(100).describe('Side of the photo, downscaled from 100 x 100 by area averaging.'),
    observations: fields.observations(3000),
    initScale: fields.initScale(),
    init: fields.init(),
    maxSteps: fields.maxSteps(30_000),
    targetLoss: fields.targetLoss(),
    seed: fields.seed(1),
    readEvery: fields.readEvery(50),
    nuclearNorm: fields.nuclearNorm(true),
  })
  .superRefine((v, ctx) => checkSizes(v, ctx, 'observations'));

export type ImageConfig = z.output<typeof imageSchema>;

export interface ImageResult {
  n: number;
  observations: number;
  /** Multiply the matrix by this to get gray levels in [0, 1]. */
  scale: number;
  /** The photo and the observed-entry mask (255 = observed), as base64 8-bit gray. */
  original: string;
  mask: string;
  /** Each run with its photo, its test error along the way and the best readback (an oracle). */
  runs: (RunSummary & { image: string; trajectory: Trajectory; best: { step: number; testError: number } | null })[];
  nuclear: (NuclearSummary & { image: string }) | null;
}

export const imageSpec = defineSpec({
  id: 'mc-image',
  title: 'Completing a photograph',
  description:
    'Treats a grayscale photograph (approximately low rank) as a matrix, hides most of its pixels, and fills them in with linear networks of depth 1 to 3 and with the minimum-nuclear-norm completion.',
  schema: imageSchema,
  reduced: { depths: [1, 2, 3], n: 40, observations: 480, seed: 1, maxSteps: 15_000 },
  tolerance: TOLERANCE,
  work: (c) => c.depths.reduce((sum, depth) => sum + factorisationRunWork(c.n, depth, c.maxSteps), 0),
  runs: (c) => c.depths.length + (c.nuclearNorm ? 1 : 0),
  engine: () => import('./image.ts'),
  figure: () => import('../../figures/matrix-completion/image.ts'),
});
