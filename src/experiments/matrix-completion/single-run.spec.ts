import { z } from 'zod';
import { factorisationRunWork } from './work.ts';
import { defineSpec } from '../runtime/spec.ts';
import { checkSizes, fields } from './config.ts';
import { TOLERANCE, type NuclearSummary, type RunSummary, type Trajectory } from './summary.ts';

export const runSchema = z
  .object({
    depth: fields.depth(3),
    observations: fields.observations(2000),
    n: fields.n(100),
    rank: fields.rank(5),
    initScale: fields.initScale(),
    init: fields.init(),
    optimizer: fields.optimizer(),
    learningRate: fields.learningRate(),
    maxSteps: fields.maxSteps(20_000),
    targetLoss: fields.targetLoss(),
    seed: fields.seed(1),
    readEvery: fields.readEvery(50),
    topSingularValues: fields.topSingularValues(10),
    nuclearNorm: fields.nuclearNorm(true),
  })
  .superRefine((v, ctx) => checkSizes(v, ctx, 'observations'));

export type RunConfig = z.output<typeof runSchema>;

export interface RunResult {
  n: number;
  rank: number;
  observations: number;
  dof: number;
  run: RunSummary | null;
  trajectory: Trajectory | null;
  nuclear: NuclearSummary | null;
}

export const singleRunSpec = defineSpec({
  id: 'matrix-completion',
  title: 'Deep matrix factorisation: one run',
  description:
    'Completes a random rank-r matrix from K observed entries with a depth-N linear network trained by gradient descent (or Adam) from a small initialisation, and compares it with the minimum-nuclear-norm completion of the same entries.',
  schema: runSchema,
  reduced: { depth: 3, observations: 462, n: 40, rank: 3, seed: 1, maxSteps: 6000 },
  tolerance: TOLERANCE,
  work: (c) => factorisationRunWork(c.n, c.depth, c.maxSteps),
  engine: () => import('./single-run.ts'),
});
