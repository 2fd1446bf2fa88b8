import type { ExperimentDefinition } from '../runtime/types.ts';
import { concentrationExperiment } from './concentration.ts';
import { widthConvergenceExperiment } from './width-convergence.ts';
import { trajectoryExperiment } from './trajectory.ts';
import { smallDataExperiment } from './small-data.ts';
import { architecturesExperiment } from './architectures.ts';

/** The Neural Tangent Kernel experiments (figures 1-5 of the article's first half). */
export const experiments: ExperimentDefinition<any, any>[] = [
  concentrationExperiment,
  widthConvergenceExperiment,
  trajectoryExperiment,
  smallDataExperiment,
  architecturesExperiment,
];

export { setDatasetReader, fetchDatasetReader, parseDataset, loadDataset } from './datasets.ts';
