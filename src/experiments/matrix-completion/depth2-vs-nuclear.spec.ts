import { z } from 'zod';
import { factorisationRunWork } from './work.ts';
import { defineSpec } from '../runtime/spec.ts';
import { checkSizes, fields } from './config.ts';
import { TOLERANCE, type NuclearSummary, type RunSummary } from './summary.ts';

export const depth2Schema = z
  .object({
    depth: fields.depth(2),
    initScales: fields.initScales([1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-10, 1e-12, 1e-14, 1e-16, 1e-18, 1e-20, 1e-24]),
    observations: fields.observations(2000),
    n: fields.n(100),
    rank: fields.rank(5),
    init: fields.init(),
    maxSteps: fields.maxSteps(30_000),
    targetLoss: fields.targetLoss(),
    seeds: fields.seeds([1, 2, 3]),
    readEvery: fields.readEvery(50),
  })
  .superRefine((v, ctx) => checkSizes(v, ctx, 'observations'));

export type Depth2Config = z.output<typeof depth2Schema>;

export interface Depth2Result {
  n: number;
  rank: number;
  observations: number;
  runs: RunSummary[];
  nuclear: NuclearSummary[];
}

export const depth2VsNuclearSpec = defineSpec({
  id: 'mc-depth2-vs-nuclear',
  title: 'Depth 2 against the minimum nuclear norm as the initialisation shrinks',
  description:
    'Trains depth-2 linear networks from smaller and smaller initialisations on the same observed entries, and compares their error, nuclear norm and effective rank with those of the minimum-nuclear-norm completion (the conjecture of Gunasekar et al. 2017 says they should meet).',
  schema: depth2Schema,
  reduced: { depth: 2, initScales: [1e-1, 1e-2, 1e-3, 1e-4], observations: 462, n: 40, rank: 3, seeds: [1], maxSteps: 3000 },
  tolerance: TOLERANCE,
  work: (c) => c.seeds.length * c.initScales.length * factorisationRunWork(c.n, c.depth, c.maxSteps),
  runs: (c) => c.seeds.length * (c.initScales.length + 1),
  engine: () => import('./depth2-vs-nuclear.ts'),
  figure: () => import('../../figures/matrix-completion/depth2-vs-nuclear.ts'),
});
