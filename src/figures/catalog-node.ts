import type { FigureDefinition } from './types.ts';
import { figures as matrixCompletion } from './matrix-completion/index.ts';
import { figures as ntk } from './ntk/index.ts';

/** The figure catalogue for Node (tests, scripts), where Vite's import.meta.glob is not available. */
export const figures: readonly FigureDefinition[] = [...matrixCompletion, ...ntk];
