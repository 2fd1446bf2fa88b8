/**
 * An experiment page's address and its config (pure: no DOM). The address holds the parameters that
 * differ from the reduced preset, so that a permalink stays short and readable.
 */
import type { z } from 'zod';
import { parseParams, toParams, type ParsedParams } from '../../experiments/runtime/params.ts';
import type { ExperimentSpec } from '../../experiments/runtime/spec.ts';

/** Test hook, not a parameter: `debug-lose-context=N` loses the WebGL context after N snapshots. */
const DEBUG_LOSE_CONTEXT = 'debug-lose-context';

type SpecLike<S extends z.ZodObject> = Pick<ExperimentSpec<S>, 'schema'>;

/** Reads an address's query (`?a=1&b=2`) as a config; problems are listed, `base` stands in for them. */
export function configFromSearch<S extends z.ZodObject>(
  spec: SpecLike<S>,
  search: string,
  base: z.output<S>,
  aliases: Readonly<Record<string, string>> = {},
): ParsedParams<z.output<S>> {
  const params = new URLSearchParams(search);
  params.delete(DEBUG_LOSE_CONTEXT);
  return parseParams(spec.schema, params, aliases, base);
}

/** The query (without `?`) that gives `config`: the parameters that differ from `base`. */
export function searchForConfig<S extends z.ZodObject>(spec: SpecLike<S>, config: z.output<S>, base: z.output<S>): string {
  return new URLSearchParams(toParams(spec.schema, config, base)).toString();
}

/** A path with a query, if there is one. */
export const withSearch = (path: string, search: string): string => `${path}${search ? `?${search}` : ''}`;

/** The test hook's value: after how many snapshots the worker loses its WebGL context (none: undefined). */
export function debugLoseContext(search: string): number | undefined {
  const value = new URLSearchParams(search).get(DEBUG_LOSE_CONTEXT);
  return value === null ? undefined : Number(value) || 1;
}
