/**
 * One description per experiment. A spec is free of TensorFlow.js and of Observable Plot: the
 * registry, the pages, the CLI, the rerun panel and the tests read it, and load the engine (tfjs)
 * and the figure (Plot) only when they need them.
 */
import type { z } from 'zod';
import type { FigureDefinition } from '../../figures/types.ts';
import type { Preset } from './data-file.ts';
import type { RunContext, Snapshot, Tolerance } from './types.ts';

export type { Preset };

export interface ExperimentSpec<Schema extends z.ZodObject = z.ZodObject, Result = unknown> {
  /** Public, permanent id (in URLs, data file names and citations). */
  id: string;
  title: string;
  /** One paragraph: what the experiment shows and which claim of the essay it tests. */
  description: string;
  /** CLI flags, URL parameters and controls; its defaults ARE the published full-scale config. */
  schema: Schema;
  /** The reduced run a reader's browser repeats (about 10 s on WASM): overrides of the defaults. */
  reduced: z.input<Schema>;
  tolerance: Tolerance;
  /**
   * Optional: a number proportional to a run's time for `config` (a count of the dominant operations,
   * not seconds). The time estimate anchors it at the measured times of the two published presets
   * (src/experiments/runtime/estimate.ts).
   */
  work?(config: z.output<Schema>): number;
  /**
   * Optional: bytes of the largest buffers a run with `config` holds at once (runtime/cost.ts adds the
   * runtime's own); without it, a flat allowance for small matrices. A run over the device's limit is
   * refused before it starts.
   */
  memory?(config: z.output<Schema>): number;
  /**
   * Experiments whose engine splits into independent runs (`plan`): how many there are for `config`
   * (the plan's length, checked by the tests). The time estimate divides by the workers that share them.
   */
  runs?(config: z.output<Schema>): number;
  /** The engine (imports TensorFlow.js): loaded by precompute, the CLI and the run worker. */
  engine(): Promise<{ default: ExperimentDefinition<Schema, Result> }>;
  /** The article figure that draws the result (imports Plot), with the id `fig-<id>`. */
  figure?(): Promise<{ default: FigureDefinition<Result> }>;
}

/** The engine side of an experiment: its spec, spread, plus the run and the comparison. */
export interface ExperimentDefinition<Schema extends z.ZodObject = z.ZodObject, Result = unknown> extends ExperimentSpec<Schema, Result> {
  run(config: z.output<Schema>, context?: RunContext): AsyncGenerator<Snapshot<Result>, Result, void>;
  /** Compares two results under `tolerance`; returns the maximum deviation found. */
  compare(a: Result, b: Result): number;
  /**
   * Optional: the run as independent tasks (each with its own seed), so that a pool of workers can
   * share them. `runTask` computes one task; `assemble` puts the results, in plan order, together
   * into exactly what `run` returns. Tasks and their results must be plain JSON-cloneable data.
   */
  plan?(config: z.output<Schema>): unknown[];
  runTask?(config: z.output<Schema>, task: any, context?: RunContext): Promise<unknown>;
  assemble?(config: z.output<Schema>, results: unknown[]): Result;
  /** Rows for a command-line table of the result's headline numbers. */
  summarize?(result: Result): Record<string, Record<string, number | string>> | Record<string, number | string>[];
}

/** A validated config of an experiment (the schema's output). */
export type ConfigOf<Spec extends ExperimentSpec<any, any>> = z.output<Spec['schema']>;

/** Checks a spec's types where it is written (the id stays a literal type). */
export function defineSpec<const Id extends string, Schema extends z.ZodObject, Result>(
  spec: ExperimentSpec<Schema, Result> & { id: Id },
): ExperimentSpec<Schema, Result> & { id: Id } {
  return spec;
}

/** The published full-scale config: the schema's defaults. */
export function publishedConfig<Schema extends z.ZodObject>(spec: ExperimentSpec<Schema, any>): z.output<Schema> {
  return spec.schema.parse({});
}

/** The reduced config a reader's browser runs first. */
export function reducedConfig<Schema extends z.ZodObject>(spec: ExperimentSpec<Schema, any>): z.output<Schema> {
  return spec.schema.parse(spec.reduced);
}

export function presetConfig<Schema extends z.ZodObject>(spec: ExperimentSpec<Schema, any>, preset: Preset): z.output<Schema> {
  return preset === 'published' ? publishedConfig(spec) : reducedConfig(spec);
}

/** The anchor id of an experiment's figure in the article. */
export const figureIdOf = (experimentId: string) => `fig-${experimentId}`;
