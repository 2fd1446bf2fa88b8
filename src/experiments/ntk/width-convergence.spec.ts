import { z } from 'zod';
import { DIGITS_D, empiricalNtkBytes } from '../runtime/cost.ts';
import { defineSpec } from '../runtime/spec.ts';
import { depth, seed, seeds, sigmaB, sigmaW, widthList } from './config.ts';

export const widthConvergenceSchema = z.object({
  depth: depth(3),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  widths: widthList([32, 64, 128, 256, 512, 1024, 2048, 4096]),
  seeds: seeds(20, 50),
  seed,
  points: z.number().int().min(4).max(512).default(32).describe('Digits images in the subset'),
});
export type WidthConvergenceConfig = z.output<typeof widthConvergenceSchema>;

export interface WidthConvergenceResult {
  rows: { width: number; init: number; distance: number }[];
  summary: { width: number; mean: number; sd: number }[];
  /** Least-squares fit of log10(mean distance) against log10(width). */
  slope: number;
  intercept: number;
}

export const widthConvergenceSpec = defineSpec({
  id: 'ntk-width-convergence',
  title: 'Distance to the analytic tangent kernel falls like one over the square root of the width',
  description:
    'Relative Frobenius distance |Theta_width - Theta|_F / |Theta|_F between the empirical NTK of randomly initialised ' +
    'fully connected ReLU nets and the analytic NTK, on a random subset of the digits images, for widths 32 to 4096 and ' +
    'many initialisations. On log-log axes the points fall on a line whose fitted slope is close to -1/2: the kernel ' +
    'converges at the rate of a sum of independent terms (Jacot et al. 2018; Arora et al. 2019, Theorem 3.1).',
  schema: widthConvergenceSchema,
  reduced: { widths: [32, 64, 128, 256, 512, 1024], seeds: 4, points: 24 },
  tolerance: { metric: 'max relative deviation of distances', sameBackend: 1e-6, crossBackend: 1e-2 },
  work: (c) => c.seeds * c.points * c.points * c.depth * c.widths.reduce((sum, w) => sum + w * w, 0),
  memory: (c) => 8 * 2 * c.points * c.points + Math.max(...c.widths.map((w) => empiricalNtkBytes(DIGITS_D, w, c.depth, c.points, c.points))),
  runs: (c) => c.widths.length * c.seeds,
  engine: () => import('./width-convergence.ts'),
  figure: () => import('../../figures/ntk/width-convergence.ts'),
});
