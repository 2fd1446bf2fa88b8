import { z } from 'zod';
import { empiricalNtkBytes } from '../runtime/cost.ts';
import { defineSpec } from '../runtime/spec.ts';
import { depth, seed, seeds, sigmaB, sigmaW, widthList } from './config.ts';

export const concentrationSchema = z.object({
  depth: depth(3, 'hidden ReLU layers (Jacot et al.\'s L = 4 is depth 3)'),
  sigmaW: sigmaW(1),
  sigmaB: sigmaB(0.1),
  widths: widthList([64, 256, 1024, 4096]),
  seeds: seeds(10, 50),
  seed,
  points: z.number().int().min(8).max(256).default(64).describe('Points on the unit circle (angles from -pi to pi)'),
});
export type ConcentrationConfig = z.output<typeof concentrationSchema>;

export interface ConcentrationResult {
  /** Angles g of the points x = (cos g, sin g). */
  angles: number[];
  /** Analytic NTK Theta(x0, x) at each angle. */
  analytic: number[];
  /** Empirical NTK of each initialisation at each width. */
  curves: { width: number; init: number; values: number[] }[];
  /** Per width: RMS deviation from the analytic curve relative to its RMS, mean and sd over inits. */
  spread: { width: number; relativeDeviation: number; sd: number }[];
}

export const concentrationSpec = defineSpec({
  id: 'ntk-concentration',
  title: 'The tangent kernel of a wide net at initialisation concentrates',
  description:
    'Empirical neural tangent kernel Theta(x0, x) of fully connected ReLU nets at random initialisation, for x0 = (1, 0) ' +
    'and x = (cos g, sin g) on the unit circle, as in Jacot et al. (2018, Fig. 1: depth L = 4, bias scale 0.1), at ' +
    'widths 64 to 4096 with several initialisations each, against the analytic infinite-width kernel. As the width grows, ' +
    'the random kernels gather around the analytic one (Jacot et al. show widths 500 and 10000).',
  schema: concentrationSchema,
  reduced: { widths: [64, 256, 1024], seeds: 5, points: 48 },
  tolerance: { metric: 'max absolute deviation of kernel values', sameBackend: 1e-6, crossBackend: 1e-3 },
  work: (c) => c.seeds * (c.points + 1) * c.depth * c.widths.reduce((sum, w) => sum + w * w, 0),
  memory: (c) => Math.max(...c.widths.map((w) => empiricalNtkBytes(2, w, c.depth, 1, c.points + 1))),
  runs: (c) => c.widths.length * c.seeds,
  engine: () => import('./concentration.ts'),
  figure: () => import('../../figures/ntk/concentration.ts'),
});
