/**
 * Fields shared by the config schemas of the matrix-completion experiments (each schema lives in its
 * experiment's spec file): the single source of the CLI flags, the URL parameters and the reader's
 * controls. Every field has a default, limits and a description. Parameter names are public (they
 * appear in URLs and citations): never rename one.
 */
import { z } from 'zod';

const depth = z.number().int().min(1).max(5);
const positiveInt = (max: number) => z.number().int().min(1).max(max);

export const fields = {
  depth: (value = 3) => depth.default(value).describe('Depth N of the linear network (number of n x n factors).'),
  depths: (value: number[]) =>
    z.array(depth).min(1).max(5).default(value).describe('Depths of the linear networks to compare (comma list, 1..5).'),
  observations: (value = 2000) =>
    positiveInt(40_000).default(value).describe('Number K of observed entries, sampled uniformly without replacement.'),
  observationsList: (value: number[]) =>
    z.array(positiveInt(40_000)).min(1).max(12).default(value).describe('Numbers of observed entries to sweep (comma list; nested: the first K of one random order).'),
  n: (value = 100) => z.number().int().min(4).max(200).default(value).describe('Side n of the n x n matrix.'),
  rank: (value = 5) => z.number().int().min(1).max(50).default(value).describe('Rank r of the ground truth W* = U V^T.'),
  initScale: (value = 1e-3) =>
    z.number().min(1e-8).max(1).default(value).describe('Scale s of the end-to-end matrix at initialisation (each factor gets s^(1/N)).'),
  initScales: (value: number[]) =>
    z.array(z.number().min(1e-30).max(1)).min(1).max(16).default(value).describe('Initial scales to sweep (comma list).'),
  init: (value: 'identity' | 'gaussian' = 'identity') =>
    z.enum(['identity', 'gaussian']).default(value).describe('Initialisation: scaled identity s^(1/N) I, or Gaussian with std s^(1/N)/sqrt(n).'),
  optimizer: (value: 'gd' | 'adam' = 'gd') => z.enum(['gd', 'adam']).default(value).describe('Optimizer: gradient descent or Adam.'),
  learningRate: () =>
    z
      .union([z.literal('auto'), z.coerce.number().positive().max(10_000)])
      .default('auto')
      .describe("Step size, or 'auto': for gradient descent 1 / lambda, lambda the Hessian's top eigenvalue measured at every readback (at most doubling between readbacks); 1e-3 for Adam."),
  adamLearningRate: (value = 1e-3) => z.number().positive().max(1).default(value).describe('Step size of Adam.'),
  maxSteps: (value: number) => positiveInt(1_000_000).default(value).describe('Step cap of each run.'),
  targetLoss: (value = 1e-6) => z.number().min(1e-12).max(1).default(value).describe('Stop a run once its training MSE is at or below this value.'),
  seed: (value = 1) => z.number().int().min(0).max(1_000_000_000).default(value).describe('Seed of the ground truth, the observed entries and the initialisation.'),
  seeds: (value: number[]) =>
    z.array(z.number().int().min(0).max(1_000_000_000)).min(1).max(10).default(value).describe('Seeds (comma list): one instance each.'),
  readEvery: (value = 50) => positiveInt(1000).default(value).describe('Steps between readbacks (trajectory points, stopping test, progress).'),
  topSingularValues: (value = 10) => positiveInt(200).default(value).describe('How many of the largest singular values each trajectory point keeps.'),
  nuclearNorm: (value = true) => z.boolean().default(value).describe('Also solve the nuclear-norm minimisation on the same instance.'),
};

type Shape = { n: number; observations?: number; observationsList?: number[] };
/** Cross-field rule: K <= n^2 (and the rank below n). */
export function checkSizes(value: Shape & { rank?: number }, ctx: z.RefinementCtx, key: string): void {
  const counts = value.observations !== undefined ? [value.observations] : (value.observationsList ?? []);
  for (const k of counts) {
    if (k > value.n * value.n) ctx.addIssue({ code: 'custom', path: [key], message: `observations (${k}) cannot exceed n^2 = ${value.n * value.n}` });
  }
  if (value.rank !== undefined && value.rank > value.n) ctx.addIssue({ code: 'custom', path: ['rank'], message: 'rank cannot exceed n' });
}
