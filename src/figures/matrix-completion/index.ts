import type { FigureDefinition } from '../types.ts';
import { adamFigure } from './adam.ts';
import { depth2Figure } from './depth2.ts';
import { imageFigure } from './image.ts';
import { observationsFigure } from './observations.ts';
import { singularValuesFigure } from './singular-values.ts';

export { adamFigure, depth2Figure, imageFigure, observationsFigure, singularValuesFigure };

/** The figures of the matrix-completion half of the essay, in reading order. Ids are public anchors. */
export const figures: FigureDefinition[] = [observationsFigure, singularValuesFigure, depth2Figure, adamFigure, imageFigure];
