import { z } from 'zod';
import { factorisationRunWork } from './work.ts';
import { defineSpec } from '../runtime/spec.ts';
import { checkSizes, fields } from './config.ts';
import { TOLERANCE, type RunSummary } from './summary.ts';

export const schattenSchema = z
  .object({
    depths: fields.depths([2, 3]),
    ps: z
      .array(z.number().gt(0).max(1))
      .min(1)
      .max(5)
      .default([1, 2 / 3, 1 / 2])
      .describe('Exponents p of the Schatten quasi-norms to minimise (comma list, 0 < p <= 1; p = 1 is the nuclear norm).'),
    observations: fields.observations(2000),
    n: fields.n(100),
    rank: fields.rank(5),
    initScale: fields.initScale(),
    init: fields.init(),
    maxSteps: fields.maxSteps(30_000),
    targetLoss: fields.targetLoss(),
    seeds: fields.seeds([1, 2, 3]),
    readEvery: fields.readEvery(50),
  })
  .superRefine((v, ctx) => checkSizes(v, ctx, 'observations'));

export type SchattenConfig = z.output<typeof schattenSchema>;

/** A depth-N solution, with its Schatten values (one per p of the config, in its order). */
export interface SchattenRun extends RunSummary {
  /** ||W||_{S_p} = (sum_i sigma_i^p)^(1/p) over all n singular values (null until the run has ended). */
  schatten: (number | null)[];
  /** The same over the `rank` largest singular values only (the tail of small ones left out). */
  schattenTop: (number | null)[];
}

/** A minimum-S_p completion of one instance. */
export interface SchattenMinimum {
  seed: number;
  p: number;
  /** 'admm': the certified nuclear-norm solver (p = 1); 'irls': IRLS-p warm-started from it (p < 1). */
  solver: 'admm' | 'irls';
  testError: number;
  paperError: number | null;
  effectiveRank: number;
  /** ||X||_{S_p} of the completion. */
  schatten: number;
  singularValues: number[];
  iterations: number;
  converged: boolean;
}

export interface SchattenResult {
  n: number;
  rank: number;
  observations: number;
  ps: number[];
  runs: SchattenRun[];
  minima: SchattenMinimum[];
}

/** Work of one Schatten solve, in the unit of factorisationRunWork (about 3000 IRLS iterations of a cubic cost). */
export const solveWork = (n: number) => 9000 * (n / 100) ** 3;

export const schattenSpec = defineSpec({
  id: 'mc-schatten',
  title: 'Minimum Schatten-p completions against depth 2 and depth 3',
  description:
    'Tests the sentence "there appears to be no way to capture what is going on by some simple objective involving matrix Schatten norms": on the same observed entries it computes the completions of minimum Schatten-p quasi-norm (p = 1, 2/3, 1/2; float64, the nuclear norm by the certified ADMM solver, p < 1 by iteratively reweighted least squares warm-started from it) and trains depth-2 and depth-3 linear networks by gradient descent from a small initialisation, then compares reconstruction error, effective rank, and the Schatten-p value of each network solution over the minimum. The published run (n = 100, r = 5, K = 2000, three seeds) takes about 2.5 minutes in Node (WASM, 135 s measured), most of it in the IRLS solves (up to about 6,100 iterations each); the reduced one about 4 s.',
  schema: schattenSchema,
  reduced: { depths: [2, 3], observations: 462, n: 40, rank: 3, seeds: [1], maxSteps: 6000 },
  tolerance: TOLERANCE,
  work: (c) =>
    c.seeds.length * (c.depths.reduce((sum, depth) => sum + factorisationRunWork(c.n, depth, c.maxSteps), 0) + (1 + c.ps.filter((p) => p < 1).length) * solveWork(c.n)),
  runs: (c) => c.seeds.length * (c.depths.length + (c.ps.includes(1) ? 1 : 0) + c.ps.filter((p) => p < 1).length),
  engine: () => import('./schatten.ts'),
  figure: () => import('../../figures/matrix-completion/schatten.ts'),
});
