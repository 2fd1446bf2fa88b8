/**
 * Field factories shared by the schemas of the NTK experiments (each schema lives in its
 * experiment's spec, `<name>.spec.ts`). Parameter names are public and permanent.
 */
import { z } from 'zod';

export const depth = (def: number, what = 'hidden ReLU layers') =>
  z.number().int().min(1).max(8).default(def).describe(`Depth: number of ${what}`);
export const sigmaW = (def: number) => z.number().min(0.1).max(4).default(def).describe('Weight scale sigma_w (NTK parameterisation)');
export const sigmaB = (def: number) => z.number().min(0).max(2).default(def).describe('Bias scale sigma_b');
/** Initialisations (or random subsets) per setting, up to `max`. */
export const seeds = (def: number, max: number, what = 'Initialisations per width') =>
  z.number().int().min(1).max(max).default(def).describe(what);
export const seed = z.number().int().min(0).max(1_000_000).default(1).describe('Base random seed');
export const widthList = (def: number[]) =>
  z.array(z.number().int().min(4).max(8192)).min(1).max(12).default(def).describe('Hidden-layer widths of the finite nets');
/** Training-set sizes, each between 10 and 1000 images. */
export const trainSizeList = (def: number[], what: string) =>
  z.array(z.number().int().min(10).max(1000)).min(1).max(10).default(def).describe(what);
