import type { ExperimentDefinition } from '../runtime/types.ts';

export const experiments: ExperimentDefinition<any, any>[] = [];
