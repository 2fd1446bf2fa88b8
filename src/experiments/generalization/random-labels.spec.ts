import { z } from 'zod';
import { defineSpec } from '../runtime/spec.ts';
import { depth, seed, seeds, sigmaB, sigmaW } from '../ntk/config.ts';

export const randomLabelsSchema = z.object({
  trainSize: z.number().int().min(10).max(1000).default(200).describe('Digits training images'),
  width: z.number().int().min(4).max(2048).default(256).describe('Hidden-layer width of the MLP'),
  depth: depth(1),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  steps: z.number().int().min(1).max(20000).default(1024).describe('Full-batch gradient-descent steps'),
  rate: z.number().min(0.01).max(1.9).default(0.5).describe('Step size as a fraction of N / (largest eigenvalue of the analytic NTK on the training images)'),
  momentum: z.number().min(0).max(0.99).default(0.9).describe('Heavy-ball momentum (0: plain gradient descent)'),
  weightDecay: z.number().min(0).max(0.1).default(0.001).describe('Weight decay of the regularised runs (the others use none)'),
  seeds: seeds(2, 10, 'Initialisations (and label shuffles) per setting'),
  seed,
});
export type RandomLabelsConfig = z.output<typeof randomLabelsSchema>;

export type Labels = 'true' | 'shuffled';
export interface CurveRow {
  labels: Labels;
  /** Weight decay of the run (0 or the configured value). */
  weightDecay: number;
  seed: number;
  step: number;
  /** Training loss 1/(2N) sum |f - y|^2 (without the penalty). */
  loss: number;
  /** Accuracy on the labels the net is trained on. */
  train: number;
  /** Accuracy on the true labels of the test images. */
  test: number;
}
export interface RandomLabelsResult {
  rows: CurveRow[];
  /** Final accuracies, mean and sd over seeds, per labels and weight decay. */
  summary: { labels: Labels; weightDecay: number; train: number; test: number; testSd: number; loss: number }[];
}

export const randomLabelsSpec = defineSpec({
  id: 'random-labels',
  title: 'A net fits random labels, and weight decay changes how well it generalises',
  description:
    'A one-hidden-layer ReLU net (many more parameters than training images) trained by full-batch gradient descent with ' +
    'momentum on digits images, once with the true labels and once with the labels shuffled among the images, each with and ' +
    'without weight decay: training loss, training accuracy and test accuracy over the steps. The net fits the shuffled labels ' +
    'perfectly while its test accuracy stays at chance, the observation of Zhang et al. (2017) that opens the essay. On this small ' +
    'net and data set, weight decay raises the test accuracy of the true-label net by several points and, within the same number ' +
    'of steps, keeps it from fitting the shuffled labels. Dropout is not run.',
  schema: randomLabelsSchema,
  reduced: { trainSize: 100, width: 128, steps: 256, seeds: 1 },
  tolerance: { metric: 'max absolute deviation of accuracies', sameBackend: 1e-9, crossBackend: 0.05 },
  work: (c) => c.seeds * c.steps * c.trainSize * c.width * (64 + (c.depth - 1) * c.width + 10),
  engine: () => import('./random-labels.ts'),
  figure: () => import('../../figures/generalization/random-labels.ts'),
});
