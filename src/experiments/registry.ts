/**
 * The one list of experiments. Pages, the CLI, precompute, the rerun panel, the permalink pins, the
 * figure catalogue and the tests all iterate it. Ids are a public contract: never rename one.
 * To add an experiment: write its spec next to its engine, and add it here (see the README).
 */
import type { ExperimentDefinition, ExperimentSpec } from './runtime/spec.ts';
import type { FigureDefinition } from '../figures/types.ts';
import { singleRunSpec } from './matrix-completion/single-run.spec.ts';
import { observationsSpec } from './matrix-completion/observations.spec.ts';
import { singularValuesSpec } from './matrix-completion/singular-values.spec.ts';
import { depth2VsNuclearSpec } from './matrix-completion/depth2-vs-nuclear.spec.ts';
import { gdVsAdamSpec } from './matrix-completion/gd-vs-adam.spec.ts';
import { imageSpec } from './matrix-completion/image.spec.ts';
import { optimizersSpec } from './matrix-completion/optimizers.spec.ts';
import { schattenSpec } from './matrix-completion/schatten.spec.ts';
import { concentrationSpec } from './ntk/concentration.spec.ts';
import { widthConvergenceSpec } from './ntk/width-convergence.spec.ts';
import { trajectorySpec } from './ntk/trajectory.spec.ts';
import { smallDataSpec } from './ntk/small-data.spec.ts';
import { architecturesSpec } from './ntk/architectures.spec.ts';
import { randomLabelsSpec } from './generalization/random-labels.spec.ts';
import { earlyStoppingSpec } from './generalization/early-stopping.spec.ts';

export const specs = [
  singleRunSpec,
  observationsSpec,
  singularValuesSpec,
  depth2VsNuclearSpec,
  gdVsAdamSpec,
  imageSpec,
  optimizersSpec,
  schattenSpec,
  concentrationSpec,
  widthConvergenceSpec,
  trajectorySpec,
  smallDataSpec,
  architecturesSpec,
  randomLabelsSpec,
  earlyStoppingSpec,
] as const;

/** Any experiment's spec, engine or figure (their schema and result types vary by experiment). */
export type AnySpec = ExperimentSpec<any, any>;
export type AnyExperiment = ExperimentDefinition<any, any>;
export type ExperimentId = (typeof specs)[number]['id'];

/** A list of specs with lookups: `registry` is the site's; tests build others to check that consumers derive from it. */
export interface Registry {
  specs: readonly AnySpec[];
  find(id: string): AnySpec | undefined;
  get(id: string): AnySpec;
}

export function createRegistry(list: readonly AnySpec[]): Registry {
  const byId = new Map(list.map((spec) => [spec.id, spec]));
  if (byId.size !== list.length) throw new Error('Two experiments share an id.');
  return {
    specs: list,
    find: (id) => byId.get(id),
    get(id) {
      const found = byId.get(id);
      if (!found) throw new Error(`Unknown experiment "${id}". Known: ${list.map((s) => s.id).join(', ')}`);
      return found;
    },
  };
}

export const registry = createRegistry(specs);

export const findSpec = (id: string): AnySpec | undefined => registry.find(id);
export const getSpec = (id: string): AnySpec => registry.get(id);

/** The engine of an experiment (loads TensorFlow.js). */
export async function loadEngine(id: string): Promise<AnyExperiment> {
  return (await getSpec(id).engine()).default;
}

/** Every experiment's engine, in registry order (precompute, the CLI, tests). */
export async function loadEngines(list: readonly AnySpec[] = specs): Promise<AnyExperiment[]> {
  return Promise.all(list.map(async (spec) => (await spec.engine()).default));
}

/** The figure of an experiment, if it has one (loads Plot). */
export async function loadFigure(spec: AnySpec): Promise<FigureDefinition | undefined> {
  return spec.figure ? (await spec.figure()).default : undefined;
}

/**
 * Parameter names that were renamed: old name → current name, per experiment. Published URLs use
 * the old names, so they must keep working. (None renamed yet.)
 */
export const parameterAliases: Readonly<Record<string, Readonly<Record<string, string>>>> = {};
