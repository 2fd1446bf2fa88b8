import { z } from 'zod';
import { defineSpec } from '../runtime/spec.ts';
import { depth, seed, seeds, sigmaB, sigmaW, trainSizeList } from './config.ts';
import type { AccuracyRow, AccuracySummary } from './accuracy.ts';

export const architecturesSchema = z.object({
  depth: depth(4, 'layers (convolutional for the CNTKs, fully connected for the FC-NTK)'),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  trainSizes: trainSizeList([10, 20, 40, 80, 160], 'Training-set sizes (subsets of the training pool)'),
  pool: z.number().int().min(10).max(1000).default(200).describe('Training pool: images whose kernels are computed'),
  testSize: z.number().int().min(10).max(797).default(300).describe('Test images'),
  seeds: seeds(5, 20, 'Random training subsets per size'),
  seed,
  baselines: z
    .boolean()
    .default(true)
    .describe('Also the NNGP kernels of the two conv nets, and RBF and polynomial kernels tuned by leave-one-out on the training images'),
});
export type ArchitecturesConfig = z.output<typeof architecturesSchema>;

/** The kernels compared (the `method` of each row). */
export const ARCHITECTURES = ['FC-NTK', 'CNTK-V', 'CNTK-GAP'] as const;
/** The baselines added with `baselines` (the `method` of their rows). */
export const BASELINES = ['CNNGP-V', 'CNNGP-GAP', 'RBF (tuned)', 'polynomial (tuned)'] as const;
/** Bandwidths of the RBF candidates, in units of the median distance among the training images. */
export const RBF_BANDWIDTHS = [0.25, 0.5, 1, 2, 4] as const;
/** Degrees of the polynomial candidates (x.x'/d + 1)^p. */
export const POLY_DEGREES = [2, 3, 4, 5] as const;
/** Ridges of the tuned baselines, relative to the mean diagonal of the training kernel. */
export const RIDGES = [1e-6, 1e-4, 1e-3, 1e-2, 1e-1, 1] as const;

export interface ArchitecturesResult {
  rows: AccuracyRow[];
  summary: AccuracySummary[];
  /** Kernel rows computed so far out of pool (the train-pool rows of the kernel matrices). */
  kernelRows: number;
}

export const architecturesSpec = defineSpec({
  id: 'ntk-architectures',
  title: 'Architecture matters: convolutional tangent kernels on small images',
  description:
    'Kernel regression on 8 x 8 digits images with three infinite-width tangent kernels of the same depth: a fully ' +
    'connected net (FC-NTK), a convolutional net with 3 x 3 filters read out by a dense layer (vanilla CNTK, CNTK-V) and ' +
    'the same net with global average pooling (CNTK-GAP), at training sizes from 10 to 160 images. This is the ' +
    'reduced-scale mirror of Arora et al. (2019), who computed the CNTK exactly on CIFAR-10 (50,000 images of 32 x 32) and ' +
    'found 77.4% for the pooled CNTK, above previously known kernels. Baselines: the NNGP kernels of the same conv nets, and RBF and ' +
    'polynomial kernels whose bandwidth, degree and ridge are chosen by leave-one-out cross-validation on the training images only.',
  schema: architecturesSchema,
  reduced: { depth: 3, trainSizes: [10, 20, 40], pool: 40, testSize: 120, seeds: 3 },
  tolerance: { metric: 'max absolute deviation of accuracies', sameBackend: 1e-9, crossBackend: 1e-9 },
  work: (c) => c.seeds * c.depth * (c.pool + c.testSize) ** 2,
  memory: (c) => 8 * 6 * (c.pool + c.testSize) ** 2,
  engine: () => import('./architectures.ts'),
  figure: () => import('../../figures/ntk/architectures.ts'),
});
