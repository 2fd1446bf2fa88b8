import type { FigureDefinition } from './types.ts';

/** Every figure definition, gathered from the experiment families' `src/figures/<family>/index.ts`. */
const modules = import.meta.glob<{ figures: FigureDefinition[] }>('./*/index.ts', { eager: true });

export const figures: readonly FigureDefinition[] = Object.values(modules).flatMap((m) => m.figures ?? []);

export function findFigure(id: string): FigureDefinition | undefined {
  return figures.find((f) => f.id === id);
}

/** The article figure that draws an experiment, if any. */
export function findFigureForExperiment(experiment: string): FigureDefinition | undefined {
  return figures.find((f) => f.experiment === experiment);
}
