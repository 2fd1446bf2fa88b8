import { z } from 'zod';
import { DIGITS_D, DIGITS_N, mlpTrainingBytes } from '../runtime/cost.ts';
import { defineSpec } from '../runtime/spec.ts';
import { depth, seed, seeds, sigmaB, sigmaW, trainSizeList } from './config.ts';
import type { AccuracyRow, AccuracySummary } from './accuracy.ts';

export const smallDataSchema = z.object({
  depth: depth(3),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  trainSizes: trainSizeList([20, 50, 100, 200, 500], 'Digits training-set sizes (random subsets of a 1000-image training pool; 797 test images)'),
  seeds: seeds(4, 20, 'Random training subsets (and UCI splits) per size'),
  seed,
  netWidth: z.number().int().min(0).max(2048).default(256).describe('Width of the trained finite net (0: no net)'),
  netSteps: z.number().int().min(1).max(5000).default(200).describe('Gradient-descent steps of the finite net'),
  netLearningRate: z.number().min(0.001).max(10).default(0.25).describe('Step size of the finite net'),
  uci: z.boolean().default(true).describe('Also run iris, wine and breast cancer (half of each for training)'),
});
export type SmallDataConfig = z.output<typeof smallDataSchema>;

/** The methods compared (the `method` of each row). */
export const METHODS = ['NTK', 'NNGP', 'RBF', '1-NN', 'net'] as const;
export type Method = (typeof METHODS)[number];

export interface SmallDataResult {
  rows: AccuracyRow[];
  summary: AccuracySummary[];
}

export const smallDataSpec = defineSpec({
  id: 'ntk-small-data',
  title: 'Kernels on small data: NTK, NNGP, RBF, nearest neighbour and a trained net',
  description:
    'Test accuracy of kernel regression with the analytic NTK and NNGP kernels of a fully connected ReLU net, an RBF ' +
    'kernel (bandwidth and ridge chosen by leave-one-out on the training data only) and 1-nearest-neighbour, and of a finite net ' +
    'of the same architecture trained by gradient descent for a fixed budget of steps (not to convergence: a lower bound on what ' +
    'the net can do), on the digits images with 20 to 500 training images (distinct random subsets of a 1000-image pool at every ' +
    'size; the largest size was 1000, the whole pool, until issue 11), and on the iris, wine and breast cancer ' +
    'tables. Arora et al. (2020) found NTK classifiers strong on small UCI data sets; on these easy data sets the fully ' +
    'connected kernels largely tie.',
  schema: smallDataSchema,
  reduced: { trainSizes: [20, 50, 100, 200], seeds: 2, netWidth: 128, netSteps: 100 },
  tolerance: { metric: 'max absolute deviation of accuracies', sameBackend: 1e-9, crossBackend: 0.02 },
  work: (c) => c.seeds * c.netSteps * c.depth * c.netWidth * c.netWidth * c.trainSizes.reduce((sum, size) => sum + size, 0),
  memory: (c) => 8 * 4 * DIGITS_N * DIGITS_N + mlpTrainingBytes(DIGITS_D, c.netWidth, c.depth, 1000),
  engine: () => import('./small-data.ts'),
  figure: () => import('../../figures/ntk/small-data.ts'),
});
