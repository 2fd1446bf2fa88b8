import { z } from 'zod';
import { factorisationRunWork } from './work.ts';
import { defineSpec } from '../runtime/spec.ts';
import { checkSizes, fields } from './config.ts';
import { TOLERANCE, type RunSummary, type Trajectory } from './summary.ts';

export const adamSchema = z
  .object({
    depth: fields.depth(3),
    observations: fields.observations(2000),
    n: fields.n(100),
    rank: fields.rank(5),
    initScale: fields.initScale(),
    init: fields.init(),
    learningRate: fields.learningRate(),
    adamLearningRate: fields.adamLearningRate(1e-3),
    maxSteps: fields.maxSteps(6000),
    targetLoss: fields.targetLoss(),
    seeds: fields.seeds([1, 2, 3]),
    readEvery: fields.readEvery(50),
  })
  .superRefine((v, ctx) => checkSizes(v, ctx, 'observations'));

export type AdamConfig = z.output<typeof adamSchema>;

export interface AdamResult {
  n: number;
  rank: number;
  observations: number;
  depth: number;
  runs: (RunSummary & { trajectory: Trajectory })[];
}

export const gdVsAdamSpec = defineSpec({
  id: 'mc-gd-vs-adam',
  title: 'Gradient descent against Adam',
  description:
    'Trains the same deep linear network on the same observed entries with gradient descent and with Adam, and follows the training loss and the reconstruction error over the iterations.',
  schema: adamSchema,
  reduced: { depth: 3, observations: 462, n: 40, rank: 3, seeds: [1], maxSteps: 3000, adamLearningRate: 1e-3 },
  tolerance: TOLERANCE,
  work: (c) => 2 * c.seeds.length * factorisationRunWork(c.n, c.depth, c.maxSteps),
  runs: (c) => 2 * c.seeds.length,
  engine: () => import('./gd-vs-adam.ts'),
  figure: () => import('../../figures/matrix-completion/gd-vs-adam.ts'),
});
