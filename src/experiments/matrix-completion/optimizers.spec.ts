import { z } from 'zod';
import { factorisationRunWork } from './work.ts';
import { defineSpec } from '../runtime/spec.ts';
import { checkSizes, fields } from './config.ts';
import { TOLERANCE } from './summary.ts';

export const OPTIMIZERS = ['gd', 'momentum', 'sgd', 'adam'] as const;
export type SweptOptimizer = (typeof OPTIMIZERS)[number];

/** Median that keeps infinities (a run that never reached the tolerance counts as infinitely slow); NaN when empty. */
export function medianOf(values: readonly number[]): number {
  const sorted = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const grid = (description: string, value: number[]) =>
  z.array(z.number().positive().max(1000)).min(1).max(8).default(value).describe(description);

export const optimizersSchema = z
  .object({
    depth: fields.depth(3),
    observations: fields.observations(2000),
    n: fields.n(100),
    rank: fields.rank(5),
    initScale: fields.initScale(),
    init: fields.init(),
    gdRates: grid('Step sizes of gradient descent to sweep (comma list).', [2, 4, 8, 16]),
    momentumRates: grid('Step sizes of heavy-ball momentum (beta = 0.9) to sweep (comma list).', [0.2, 0.4, 0.8, 1.6, 3.2, 6.4]),
    sgdRates: grid('Step sizes of mini-batch SGD to sweep (comma list).', [1, 2, 4, 8, 16]),
    adamRates: grid('Step sizes of Adam to sweep (comma list).', [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1]),
    batchFraction: z.number().min(0.01).max(1).default(0.1).describe('Mini-batch SGD: fraction of the observed entries in each step’s batch (sampled without replacement).'),
    maxSteps: fields.maxSteps(30000),
    targetLoss: fields.targetLoss(),
    seeds: fields.seeds([1, 2, 3]),
    readEvery: fields.readEvery(50),
  })
  .superRefine((v, ctx) => checkSizes(v, ctx, 'observations'));

export type OptimizersConfig = z.output<typeof optimizersSchema>;

export interface OptimizerRun {
  optimizer: SweptOptimizer;
  learningRate: number;
  seed: number;
  status: 'running' | 'converged' | 'max-steps' | 'diverged';
  steps: number;
  trainLoss: number;
  paperError: number | null;
  testError: number;
  effectiveRank: number | null;
  singularValues: number[];
  trajectory: { step: number[]; trainLoss: number[]; paperError: (number | null)[]; effectiveRank: number[]; singularValues: number[][] };
}

export interface OptimizersResult {
  n: number;
  rank: number;
  observations: number;
  depth: number;
  targetLoss: number;
  maxSteps: number;
  runs: OptimizerRun[];
  /** Each optimizer's chosen step size (see `chooseBest`), null before any of its runs ended. */
  best: Record<SweptOptimizer, number | null>;
}

export const optimizersSpec = defineSpec({
  id: 'mc-optimizers',
  title: 'Four optimizers, each at its best step size',
  description:
    'Gradient descent, heavy-ball momentum, mini-batch SGD and Adam train the same depth-3 linear network on the same observed entries. Each sweeps its step size; each one’s best step (fewest steps to the training tolerance, median over seeds) is compared with the others’ best: speed, reconstruction error, effective rank and singular values along the way.',
  schema: optimizersSchema,
  reduced: {
    n: 40,
    rank: 3,
    observations: 462,
    seeds: [1],
    maxSteps: 10000,
    gdRates: [1, 4, 16],
    momentumRates: [0.1, 0.4, 1.6, 6.4],
    sgdRates: [0.25, 0.5, 2, 8],
    adamRates: [1e-3, 1e-2, 1e-1, 3e-1, 1],
  },
  tolerance: TOLERANCE,
  work: (c) => c.seeds.length * (c.gdRates.length + c.momentumRates.length + c.sgdRates.length + c.adamRates.length) * factorisationRunWork(c.n, c.depth, c.maxSteps),
  runs: (c) => c.seeds.length * (c.gdRates.length + c.momentumRates.length + c.sgdRates.length + c.adamRates.length),
  engine: () => import('./optimizers.ts'),
  figure: () => import('../../figures/matrix-completion/optimizers.ts'),
});
