import type { FigureDefinition } from './types.ts';
import { figures as matrixCompletion } from './matrix-completion/index.ts';
import { figures as ntk } from './ntk/index.ts';

/** Every figure definition of the article, for the build, the browser, the tests and the scripts. */
export const figures: readonly FigureDefinition[] = [...ntk, ...matrixCompletion];

export function findFigure(id: string): FigureDefinition | undefined {
  return figures.find((f) => f.id === id);
}

/** The article figure that draws an experiment, if any. */
export function findFigureForExperiment(experiment: string): FigureDefinition | undefined {
  return figures.find((f) => f.experiment === experiment);
}
