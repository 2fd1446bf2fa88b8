/**
 * Configuration schemas of the NTK experiments (the single source of CLI flags, URL parameters and
 * controls). Parameter names are public and permanent.
 */
import { z } from 'zod';

const depth = (def: number, what = 'hidden ReLU layers') =>
  z.number().int().min(1).max(8).default(def).describe(`Depth: number of ${what}`);
const sigmaW = (def: number) => z.number().min(0.1).max(4).default(def).describe('Weight scale sigma_w (NTK parameterisation)');
const sigmaB = (def: number) => z.number().min(0).max(2).default(def).describe('Bias scale sigma_b');
/** Initialisations (or random subsets) per setting, up to `max`. */
const seeds = (def: number, max: number, what = 'Initialisations per width') =>
  z.number().int().min(1).max(max).default(def).describe(what);
const seed = z.number().int().min(0).max(1_000_000).default(1).describe('Base random seed');
const widthList = (def: number[]) =>
  z.array(z.number().int().min(4).max(8192)).min(1).max(12).default(def).describe('Hidden-layer widths of the finite nets');

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

export const widthConvergenceSchema = z.object({
  depth: depth(3),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  widths: widthList([32, 64, 128, 256, 512, 1024, 2048, 4096]),
  seeds: seeds(10, 50),
  seed,
  points: z.number().int().min(4).max(512).default(32).describe('Digits images in the subset'),
});
export type WidthConvergenceConfig = z.output<typeof widthConvergenceSchema>;

export const trajectorySchema = z.object({
  depth: depth(2),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  widths: widthList([64, 128, 256, 512, 1024]),
  seeds: seeds(3, 20),
  seed,
  trainSize: z.number().int().min(4).max(512).default(32).describe('Training images (digits; label +1 for 5-9, -1 for 0-4)'),
  testSize: z.number().int().min(1).max(512).default(32).describe('Test images whose outputs are tracked'),
  learningRate: z.number().min(0.001).max(10).default(0.5).describe('Gradient-descent step size eta'),
  steps: z.number().int().min(1).max(5000).default(400).describe('Full-batch gradient-descent steps'),
});
export type TrajectoryConfig = z.output<typeof trajectorySchema>;

export const smallDataSchema = z.object({
  depth: depth(3),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  trainSizes: z
    .array(z.number().int().min(10).max(1000))
    .min(1)
    .max(10)
    .default([20, 50, 100, 200, 500, 1000])
    .describe('Digits training-set sizes (subsets of a 1000-image training split; 797 test images)'),
  seeds: seeds(4, 20, 'Random training subsets (and UCI splits) per size'),
  seed,
  netWidth: z.number().int().min(0).max(2048).default(256).describe('Width of the trained finite net (0: no net)'),
  netSteps: z.number().int().min(1).max(5000).default(200).describe('Gradient-descent steps of the finite net'),
  netLearningRate: z.number().min(0.001).max(10).default(0.25).describe('Step size of the finite net'),
  uci: z.boolean().default(true).describe('Also run iris, wine and breast cancer (half of each for training)'),
});
export type SmallDataConfig = z.output<typeof smallDataSchema>;

export const architecturesSchema = z.object({
  depth: depth(4, 'layers (convolutional for the CNTKs, fully connected for the FC-NTK)'),
  sigmaW: sigmaW(Math.SQRT2),
  sigmaB: sigmaB(0.1),
  trainSizes: z
    .array(z.number().int().min(10).max(1000))
    .min(1)
    .max(10)
    .default([10, 20, 40, 80, 160])
    .describe('Training-set sizes (subsets of the training pool)'),
  pool: z.number().int().min(10).max(1000).default(200).describe('Training pool: images whose kernels are computed'),
  testSize: z.number().int().min(10).max(797).default(300).describe('Test images'),
  seeds: seeds(5, 20, 'Random training subsets per size'),
  seed,
});
export type ArchitecturesConfig = z.output<typeof architecturesSchema>;
