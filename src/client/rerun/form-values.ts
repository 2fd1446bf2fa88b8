/**
 * The rerun form's values, read against the experiment's schema (pure: no DOM). Each field is checked
 * on its own first; once all are valid, the rules across fields (e.g. observations <= n^2) are checked,
 * and the fields a broken rule names are marked with its message.
 */
import type { z } from 'zod';
import { coerceValue, describeAccepted, formatValue } from '../../experiments/runtime/fields.ts';

/** What the controls hold: text, or a checkbox's state. */
export type RawValues = Readonly<Record<string, string | boolean>>;

export interface CrossFieldProblem {
  /** The fields the broken rules name (marked in the form). */
  keys: string[];
  /** The rules' messages, for the status line. */
  message: string;
}

export interface FormCheck<Config> {
  /** The validated config, or null while any problem stands. */
  config: Config | null;
  /** Message of each field to mark, by key: its own problem, or the cross-field rule it breaks. */
  fieldErrors: Map<string, string>;
  /** Rules across fields that the values break (checked only once every field is valid on its own). */
  crossField: CrossFieldProblem | null;
}

/** A schema's fields, in order: [key, field]. */
export const fieldsOf = (schema: z.ZodObject): [string, z.ZodType][] => Object.entries(schema.shape);

/** Reads the controls' values as a config of `schema`, listing every problem. */
export function readFormValues<S extends z.ZodObject>(schema: S, raw: RawValues): FormCheck<z.output<S>> {
  const values: Record<string, unknown> = {};
  const fieldErrors = new Map<string, string>();
  for (const [key, field] of fieldsOf(schema)) {
    const value = raw[key];
    const result = field.safeParse(coerceValue(field, typeof value === 'boolean' ? String(value) : (value ?? '')));
    if (result.success) values[key] = result.data;
    else fieldErrors.set(key, `${key} ${describeAccepted(field)}.`);
  }
  if (fieldErrors.size > 0) return { config: null, fieldErrors, crossField: null };
  const whole = schema.safeParse(values);
  if (whole.success) return { config: whole.data, fieldErrors, crossField: null };
  const keys: string[] = [];
  for (const issue of whole.error.issues) {
    const key = String(issue.path[0] ?? '');
    if (!(key in schema.shape)) continue;
    const previous = fieldErrors.get(key);
    fieldErrors.set(key, previous ? `${previous} ${issue.message}.` : `${issue.message}.`);
    if (!keys.includes(key)) keys.push(key);
  }
  const message = whole.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ');
  return { config: null, fieldErrors, crossField: { keys, message } };
}

/** A config as the controls show it: checkboxes get booleans, every other control text. */
export function rawValuesOf(schema: z.ZodObject, config: Readonly<Record<string, unknown>>): Record<string, string | boolean> {
  return Object.fromEntries(
    fieldsOf(schema).map(([key]) => {
      const value = config[key];
      return [key, typeof value === 'boolean' ? value : formatValue(value)];
    }),
  );
}
