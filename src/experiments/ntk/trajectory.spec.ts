import { z } from 'zod';
import { DIGITS_D, mlpTrainingBytes } from '../runtime/cost.ts';
import { defineSpec } from '../runtime/spec.ts';
import { depth, seed, seeds, sigmaB, sigmaW, widthList } from './config.ts';

export const trajectorySchema = z.object({
  depth: depth(2),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  widths: widthList([64, 128, 256, 512, 1024, 2048, 4096]),
  seeds: seeds(3, 20),
  seed,
  trainSize: z.number().int().min(4).max(512).default(32).describe('Training images (digits; label +1 for 5-9, -1 for 0-4)'),
  testSize: z.number().int().min(1).max(512).default(32).describe('Test images whose outputs are tracked'),
  learningRate: z.number().min(0.001).max(10).default(0.5).describe('Gradient-descent step size eta'),
  steps: z.number().int().min(1).max(5000).default(400).describe('Full-batch gradient-descent steps'),
});
export type TrajectoryConfig = z.output<typeof trajectorySchema>;

export interface TrajectoryResult {
  /** Steps at which outputs were recorded (0 = initialisation). */
  steps: number[];
  /** Step counted as "early" and as "late" in `summary`. */
  earlyStep: number;
  lateStep: number;
  /** eta * lambda_max(Theta_train) / N: the linearised dynamics are stable below 2. */
  stability: number;
  /** Kernel trajectory of the tracked test points. */
  ntk: { point: number; step: number; value: number }[];
  /** Test targets of the tracked points. */
  targets: number[];
  /** Trained nets' outputs on the tracked test points (first initialisation of each width). */
  nets: { width: number; point: number; step: number; value: number }[];
  /** RMS over test points of (net output - kernel trajectory), per width, init and recorded step. */
  distances: { width: number; init: number; step: number; distance: number }[];
  /** Mean distance over inits at the early and late steps, per width. */
  summary: { width: number; early: number; earlySd: number; late: number; lateSd: number }[];
  /** Log-log slopes of the mean distance against width. */
  slopes: { early: number; late: number };
  /** Test RMS error of the kernel trajectory at the last step, and test accuracy of its sign. */
  ntkTestRmse: number;
  ntkTestAccuracy: number;
}

export const trajectorySpec = defineSpec({
  id: 'ntk-training-trajectory',
  title: 'Wide nets trained by gradient descent follow the kernel trajectory',
  description:
    'Fully connected ReLU nets of growing width are trained by full-batch gradient descent on the squared loss (digits ' +
    'images, label +1 for digits 5-9 and -1 for 0-4). Their outputs on unseen images are compared, step by step, with the ' +
    'exact gradient-descent trajectory of kernel regression with the analytic NTK, f <- f - (eta/N) Theta (f - y). The ' +
    'distance shrinks as the width grows, early and late in training: the essay\'s claim that the trajectory of gradient ' +
    'descent approaches that of kernel regression with the Neural Tangent Kernel (Jacot et al. 2018; Lee et al. 2019; ' +
    'Arora et al. 2019).',
  schema: trajectorySchema,
  reduced: { widths: [64, 256, 512], seeds: 1, trainSize: 24, testSize: 24, steps: 120 },
  tolerance: { metric: 'max relative deviation of distances to the kernel trajectory', sameBackend: 1e-6, crossBackend: 5e-2 },
  work: (c) => c.seeds * c.steps * (c.trainSize + c.testSize) * c.depth * c.widths.reduce((sum, w) => sum + w * w, 0),
  memory: (c) => 8 * 4 * (c.trainSize + c.testSize) ** 2 + Math.max(...c.widths.map((w) => mlpTrainingBytes(DIGITS_D, w, c.depth, c.trainSize + c.testSize))),
  engine: () => import('./trajectory.ts'),
  figure: () => import('../../figures/ntk/trajectory.ts'),
});
