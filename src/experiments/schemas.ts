import type { z } from 'zod';
import {
  adamSchema,
  depth2Schema,
  imageSchema,
  observationsSchema,
  runSchema,
  singularValuesSchema,
} from './matrix-completion/config.ts';
import {
  architecturesSchema,
  concentrationSchema,
  smallDataSchema,
  trajectorySchema,
  widthConvergenceSchema,
} from './ntk/config.ts';

/**
 * The config schema of every experiment, without the engines: the browser's main thread reads URL
 * parameters and builds controls from these, and loads TensorFlow.js only inside the run's worker.
 * A unit test checks that this table and the registry hold the very same schema objects.
 */
export const schemas: Readonly<Record<string, z.ZodObject>> = {
  'matrix-completion': runSchema,
  'mc-observations': observationsSchema,
  'mc-singular-values': singularValuesSchema,
  'mc-depth2-vs-nuclear': depth2Schema,
  'mc-gd-vs-adam': adamSchema,
  'mc-image': imageSchema,
  'ntk-concentration': concentrationSchema,
  'ntk-width-convergence': widthConvergenceSchema,
  'ntk-training-trajectory': trajectorySchema,
  'ntk-small-data': smallDataSchema,
  'ntk-architectures': architecturesSchema,
};

/**
 * Parameter names that were renamed: old name → current name, per experiment. Published URLs use
 * the old names, so they must keep working. (None renamed yet.)
 */
export const parameterAliases: Readonly<Record<string, Record<string, string>>> = {};
