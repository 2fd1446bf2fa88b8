import type { ExperimentDefinition } from '../runtime/types.ts';
import { matrixCompletion, mcDepth2VsNuclear, mcGdVsAdam, mcImage, mcObservations, mcSingularValues } from './definitions.ts';

export * from './definitions.ts';
export { parseMovieLens, MovieLensFormatError, movieLensProblem } from './movielens.ts';

/** The published matrix-completion experiments (mc-movielens needs the reader's file: see createMovieLensExperiment). */
export const experiments: ExperimentDefinition<any, any>[] = [
  matrixCompletion,
  mcObservations,
  mcSingularValues,
  mcDepth2VsNuclear,
  mcGdVsAdam,
  mcImage,
];
