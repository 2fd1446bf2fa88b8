/**
 * mc-movielens: needs the reader's own u.data, so it is not registered (nothing precomputes or
 * publishes it). Its engine is bound to the parsed file: see createMovieLensExperiment.
 */
import { z } from 'zod';
import { factorisationRunWork } from './work.ts';
import { defineSpec } from '../runtime/spec.ts';
import { fields } from './config.ts';
import { TOLERANCE, type NuclearSummary, type RunSummary } from './summary.ts';

export const movieLensSchema = z.object({
  depths: fields.depths([1, 2, 3]),
  n: z.number().int().min(10).max(300).default(60).describe('Number of most active users (and of most rated items) kept: an n x n sub-matrix.'),
  trainFraction: z.number().min(0.1).max(0.95).default(0.8).describe('Fraction of the known ratings used for training; the rest is the test set.'),
  initScale: fields.initScale(),
  init: fields.init(),
  maxSteps: fields.maxSteps(3000),
  targetLoss: fields.targetLoss(),
  seed: fields.seed(1),
  readEvery: fields.readEvery(50),
  nuclearNorm: fields.nuclearNorm(true),
});

export type MovieLensConfig = z.output<typeof movieLensSchema>;

export interface MovieLensResult {
  n: number;
  trainRatings: number;
  testRatings: number;
  runs: RunSummary[];
  nuclear: NuclearSummary | null;
}

export const movieLensSpec = defineSpec<'mc-movielens', typeof movieLensSchema, MovieLensResult>({
  id: 'mc-movielens',
  title: 'Completing MovieLens 100k ratings (your file)',
  description:
    'Fills in held-out ratings of the most active users and most rated films of MovieLens 100k with linear networks of depth 1 to 3 and with the minimum-nuclear-norm completion. The file stays on your computer.',
  schema: movieLensSchema,
  // Reduced scale only (never published): the same as the schema's defaults.
  reduced: { depths: [1, 2, 3], n: 60, trainFraction: 0.8, seed: 1, maxSteps: 3000 },
  tolerance: { ...TOLERANCE, metric: 'max |log10 ratio| of the test RMSEs' },
  work: (c) => c.depths.reduce((sum, depth) => sum + factorisationRunWork(c.n, depth, c.maxSteps), 0),
  engine: async () => {
    throw new Error("mc-movielens needs the reader's u.data: use createMovieLensExperiment");
  },
});
