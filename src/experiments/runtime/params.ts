/**
 * Parameters (a URL query, CLI flags) read against an experiment's schema. Parse = validate: every
 * valid value given is kept, every problem is listed, and only the fields a problem names fall back.
 */
import type { z } from 'zod';
import { coerceValue, describeAccepted, formatValue } from './fields.ts';

export { coerceValue, describeAccepted, formatValue };

/** One problem found while reading parameters. */
export interface ParamIssue {
  key: string;
  value: string;
  message: string;
}

export interface ParsedParams<T> {
  /** A valid config: the given values where they were valid, the base values elsewhere. */
  config: T;
  /** Keys whose values were taken from the input. */
  applied: string[];
  issues: ParamIssue[];
  /** Keys named by a rule across fields (e.g. observations > n^2): marked in forms. */
  crossFieldKeys: string[];
}

/** Longest accepted value of one parameter, in characters. */
const MAX_VALUE_LENGTH = 200;
/** Unknown parameters listed one by one; the rest are counted in one line. */
const MAX_UNKNOWN_LISTED = 5;

const shown = (value: string) => (value.length > 60 ? `${value.slice(0, 57)}...` : value);

/**
 * Reads parameters against a zod object schema. Unknown keys, unreadable and out-of-range values,
 * repeated keys and broken cross-field rules are each reported; the result is always a valid config.
 * `aliases` maps old parameter names to current ones, so that published URLs keep working.
 * `base` is the config that absent or rejected parameters take (the schema's defaults if omitted).
 */
export function parseParams<S extends z.ZodObject>(
  schema: S,
  input: Iterable<[string, string]>,
  aliases: Readonly<Record<string, string>> = {},
  base?: z.output<S>,
): ParsedParams<z.output<S>> {
  const shape = schema.shape as Record<string, z.ZodType>;
  const fallback: Record<string, unknown> = { ...(base ?? schema.parse({})) };
  const values: Record<string, unknown> = { ...fallback };
  const applied = new Set<string>();
  const issues: ParamIssue[] = [];
  const unknown: ParamIssue[] = [];
  const seen = new Map<string, number>();
  for (const [rawKey, rawValue] of input) {
    const key = aliases[rawKey] ?? rawKey;
    const field = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (!field) {
      unknown.push({ key: rawKey, value: shown(rawValue), message: `unknown parameter; accepted: ${Object.keys(shape).join(', ')}` });
      continue;
    }
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count === 2) issues.push({ key: rawKey, value: '', message: 'given more than once; the last valid value is used' });
    if (rawValue.length > MAX_VALUE_LENGTH) {
      issues.push({ key: rawKey, value: shown(rawValue), message: `value longer than ${MAX_VALUE_LENGTH} characters` });
      continue;
    }
    const result = field.safeParse(coerceValue(field, rawValue));
    if (!result.success) {
      issues.push({ key: rawKey, value: shown(rawValue), message: describeAccepted(field, result.error) });
      continue;
    }
    values[key] = result.data;
    applied.add(key);
  }
  issues.push(...unknown.slice(0, MAX_UNKNOWN_LISTED));
  if (unknown.length > MAX_UNKNOWN_LISTED) {
    const rest = unknown.length - MAX_UNKNOWN_LISTED;
    issues.push({ key: `${rest} more`, value: '', message: `${rest} more unknown parameters were ignored` });
  }

  const whole = schema.safeParse(values);
  if (whole.success) return { config: whole.data as z.output<S>, applied: [...applied], issues, crossFieldKeys: [] };
  // A rule across fields failed (e.g. observations > n^2): only the fields it names fall back.
  const named = [...new Set(whole.error.issues.map((issue) => String(issue.path[0] ?? '')).filter((k) => k in shape))];
  for (const key of named) {
    values[key] = fallback[key];
    applied.delete(key);
  }
  const retried = schema.safeParse(values);
  const config = (retried.success ? retried.data : schema.parse(fallback)) as z.output<S>;
  if (!retried.success) applied.clear();
  const fellBack = retried.success ? named : Object.keys(shape);
  for (const issue of whole.error.issues) {
    const key = issue.path.join('.') || '(config)';
    issues.push({ key, value: '', message: `${issue.message}; ${fellBack.map((k) => `${k} = ${formatValue(fallback[k])}`).join(', ')} used instead` });
  }
  return { config, applied: [...applied], issues, crossFieldKeys: named };
}

/** The parameters of a config that differ from `base` (default: the schema's defaults), URL-ready. */
export function toParams<S extends z.ZodObject>(schema: S, config: z.output<S>, base?: z.output<S>): [string, string][] {
  const defaults = (base ?? schema.parse({})) as Record<string, unknown>;
  return Object.entries(config as Record<string, unknown>)
    .filter(([key, value]) => formatValue(value) !== formatValue(defaults[key]))
    .map(([key, value]) => [key, formatValue(value)]);
}
