import { z } from 'zod';
import { factorisationRunWork } from './work.ts';
import { defineSpec } from '../runtime/spec.ts';
import { checkSizes, fields } from './config.ts';
import { TOLERANCE, type NuclearSummary, type RunSummary } from './summary.ts';

export const observationsSchema = z
  .object({
    depths: fields.depths([1, 2, 3, 4]),
    observations: fields.observationsList([1000, 1500, 2000, 2500, 3000, 4000]),
    n: fields.n(100),
    rank: fields.rank(5),
    initScale: fields.initScale(),
    init: fields.init(),
    maxSteps: fields.maxSteps(150_000),
    targetLoss: fields.targetLoss(),
    seeds: fields.seeds([1, 2, 3]),
    readEvery: fields.readEvery(50),
    nuclearNorm: fields.nuclearNorm(true),
  })
  .superRefine((v, ctx) => checkSizes({ n: v.n, rank: v.rank, observationsList: v.observations }, ctx, 'observations'));

export type ObservationsConfig = z.output<typeof observationsSchema>;

export interface ObservationsResult {
  n: number;
  rank: number;
  dof: number;
  /** Training stops at this MSE; errors near it are the deep models' floor. */
  targetLoss: number;
  runs: RunSummary[];
  nuclear: NuclearSummary[];
}

export const observationsSpec = defineSpec({
  id: 'mc-observations',
  title: 'Reconstruction error against the number of observed entries',
  description:
    'Sweeps the number of observed entries of a random low-rank matrix and compares the minimum-nuclear-norm completion with linear networks of depth 1 to 4 trained by gradient descent from a small initialisation, over several seeds.',
  schema: observationsSchema,
  reduced: { depths: [1, 2, 3], observations: [231, 347, 462, 693], n: 40, rank: 3, seeds: [1], maxSteps: 10_000 },
  tolerance: TOLERANCE,
  work: (c) => c.seeds.length * c.observations.length * c.depths.reduce((sum, depth) => sum + factorisationRunWork(c.n, depth, c.maxSteps), 0),
  runs: (c) => c.observations.length * c.seeds.length * (c.depths.length + (c.nuclearNorm ? 1 : 0)),
  engine: () => import('./observations.ts'),
  figure: () => import('../../figures/matrix-completion/observations.ts'),
});
