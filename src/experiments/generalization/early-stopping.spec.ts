import { z } from 'zod';
import { defineSpec } from '../runtime/spec.ts';
import { depth, seed, seeds, sigmaB, sigmaW } from '../ntk/config.ts';

export const earlyStoppingSchema = z.object({
  depth: depth(3),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  trainSize: z.number().int().min(20).max(700).default(500).describe('Digits training images (kernel regression on their NTK)'),
  validationSize: z.number().int().min(10).max(300).default(200).describe('Held-out training images that choose the stopping step'),
  noise: z
    .array(z.number().min(0).max(0.9))
    .min(1)
    .max(6)
    .default([0, 0.2, 0.4])
    .describe('Fractions of training and validation labels replaced by a random other class'),
  rate: z.number().min(0.01).max(1.9).default(1).describe('Step size as a fraction of N / (largest kernel eigenvalue)'),
  maxSteps: z.number().min(10).max(1e12).default(1e8).describe('Last gradient-descent step drawn (the end point, t = infinity, is added)'),
  perDecade: z.number().int().min(1).max(10).default(4).describe('Recorded steps per decade'),
  seeds: seeds(5, 20, 'Random training sets and label corruptions'),
  seed,
});
export type EarlyStoppingConfig = z.output<typeof earlyStoppingSchema>;

export interface PathRow {
  noise: number;
  seed: number;
  /** Gradient-descent step (log-spaced). */
  step: number;
  /** Accuracy on the (corrupted) training labels the descent fits. */
  train: number;
  /** Accuracy on the (equally corrupted) validation labels. */
  validation: number;
  /** Accuracy on the clean test labels. */
  test: number;
}
export interface Headline {
  noise: number;
  /** Mean test accuracy at the end point (kernel regression, t = infinity). */
  end: number;
  endSd: number;
  /** Mean test accuracy at the step with the best validation accuracy. */
  early: number;
  earlySd: number;
  /** Median of the chosen steps. */
  step: number;
  /** Mean training accuracy on the corrupted labels at the end point (1 = interpolation). */
  endTrain: number;
}
export interface EarlyStoppingResult {
  rows: PathRow[];
  /** End points (t = infinity), one per noise level and seed. */
  ends: Omit<PathRow, 'step'>[];
  /** Validation-chosen step and its test accuracy, one per noise level and seed. */
  stops: { noise: number; seed: number; step: number; test: number }[];
  /** Mean over seeds of each path, per noise level and step. */
  summary: { noise: number; step: number; train: number; test: number }[];
  headline: Headline[];
}

export const earlyStoppingSpec = defineSpec({
  id: 'early-stopping',
  title: 'Early stopping can beat full optimisation: the gradient-descent path of NTK regression with noisy labels',
  description:
    'Gradient descent on kernel regression with the neural tangent kernel of a fully connected ReLU net, on digits images ' +
    'whose training labels are partly corrupted: test accuracy along the whole descent, computed in closed form from one ' +
    'eigendecomposition of the training kernel, against its end point (the interpolating kernel regressor). The stopping ' +
    'step is chosen on a held-out part of the (equally corrupted) training data, never on the test set. With clean labels ' +
    'the end point is as good as any; with corrupted labels stopping early wins, the point of the essay\'s remark on early stopping.',
  schema: earlyStoppingSchema,
  reduced: { trainSize: 200, validationSize: 100, noise: [0, 0.4], seeds: 2, maxSteps: 1e7, perDecade: 3 },
  tolerance: { metric: 'max absolute deviation of accuracies', sameBackend: 1e-9, crossBackend: 1e-9 },
  work: (c) => c.seeds * c.noise.length * (c.trainSize + c.validationSize) ** 3,
  engine: () => import('./early-stopping.ts'),
  figure: () => import('../../figures/generalization/early-stopping.ts'),
});
