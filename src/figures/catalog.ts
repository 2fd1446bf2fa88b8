/** Every figure of the site, derived from the experiment registry (each spec names its figure). */
import { findSpec, loadFigure, specs, type AnySpec } from '../experiments/registry.ts';
import { figureIdOf } from '../experiments/runtime/spec.ts';
import type { FigureDefinition } from './types.ts';

/** The figures of the given specs (default: every registered experiment), in registry order. */
export async function loadFigures(list: readonly AnySpec[] = specs): Promise<FigureDefinition[]> {
  const loaded = await Promise.all(list.map((spec) => loadFigure(spec)));
  return loaded.filter((figure): figure is FigureDefinition => figure !== undefined);
}

/** The figure with an anchor id `fig-<experiment id>`, if its experiment has one. */
export async function findFigure(id: string): Promise<FigureDefinition | undefined> {
  const spec = findSpec(id.replace(/^fig-/, ''));
  if (!spec || figureIdOf(spec.id) !== id) return undefined;
  return loadFigure(spec);
}
