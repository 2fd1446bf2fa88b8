import type { ExperimentDefinition } from './runtime/types.ts';
import { experiments as matrixCompletion } from './matrix-completion/index.ts';
import { experiments as ntk } from './ntk/index.ts';

/** Every experiment of the site, by public id. Ids are a public contract: never rename one. */
export const experiments: readonly ExperimentDefinition<any, any>[] = [...matrixCompletion, ...ntk];

export function getExperiment(id: string): ExperimentDefinition<any, any> {
  const found = experiments.find((e) => e.id === id);
  if (!found) throw new Error(`Unknown experiment "${id}". Known: ${experiments.map((e) => e.id).join(', ')}`);
  return found;
}
