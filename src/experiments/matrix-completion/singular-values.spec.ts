import { z } from 'zod';
import { factorisationRunWork } from './work.ts';
import { defineSpec } from '../runtime/spec.ts';
import { checkSizes, fields } from './config.ts';
import { TOLERANCE, type RunSummary, type Trajectory } from './summary.ts';

export const singularValuesSchema = z
  .object({
    depths: fields.depths([1, 2, 3]),
    observations: fields.observations(2000),
    n: fields.n(100),
    rank: fields.rank(5),
    initScale: fields.initScale(),
    init: fields.init(),
    maxSteps: fields.maxSteps(8000),
    targetLoss: fields.targetLoss(),
    seed: fields.seed(1),
    readEvery: fields.readEvery(25),
    topSingularValues: fields.topSingularValues(10),
  })
  .superRefine((v, ctx) => checkSizes(v, ctx, 'observations'));

export type SingularValuesConfig = z.output<typeof singularValuesSchema>;

export interface SingularValuesResult {
  n: number;
  rank: number;
  observations: number;
  /** Singular values of the ground truth. */
  truth: number[];
  runs: (RunSummary & { trajectory: Trajectory })[];
}

export const singularValuesSpec = defineSpec({
  id: 'mc-singular-values',
  title: 'Singular values of the end-to-end matrix during training',
  description:
    'Tracks the largest singular values of the end-to-end matrix while gradient descent trains linear networks of depth 1, 2 and 3 on the same observed entries: with depth, they are learned one at a time, in a sharper staircase.',
  schema: singularValuesSchema,
  reduced: { depths: [1, 2, 3], observations: 462, n: 40, rank: 3, seed: 1, maxSteps: 3000, readEvery: 25 },
  tolerance: TOLERANCE,
  work: (c) => c.depths.reduce((sum, depth) => sum + factorisationRunWork(c.n, depth, c.maxSteps), 0),
  runs: (c) => c.depths.length,
  engine: () => import('./singular-values.ts'),
  figure: () => import('../../figures/matrix-completion/singular-values.ts'),
});
