import { z } from 'zod';

/** One problem found while reading parameters (a URL query, CLI flags). */
export interface ParamIssue {
  key: string;
  value: string;
  message: string;
}

export interface ParsedParams<T> {
  /** A valid config: the given values where they were valid, the defaults elsewhere. */
  config: T;
  /** Keys whose values were taken from the input. */
  applied: string[];
  issues: ParamIssue[];
}

/** Longest accepted value of one parameter, in characters. */
const MAX_VALUE_LENGTH = 200;

type AnySchema = z.ZodType;

/** Peels defaults, optionals and pipes off a field, to reach the type that reads the value. */
export function baseType(field: AnySchema): AnySchema {
  let current: AnySchema = field;
  for (let i = 0; i < 10; i++) {
    const def = (current as unknown as { def: { type: string; innerType?: AnySchema; in?: AnySchema } }).def;
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else break;
  }
  return current;
}

/** Reads one string value as the type the schema field expects (before validation). */
export function coerceValue(field: AnySchema, raw: string): unknown {
  const base = baseType(field);
  const type = (base as unknown as { def: { type: string; element?: AnySchema } }).def.type;
  const text = raw.trim();
  switch (type) {
    case 'number':
    case 'int':
      return text === '' ? Number.NaN : Number(text);
    case 'boolean':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      return text;
    case 'union': {
      // e.g. 'auto' or a number: read a number when the text is one and a branch takes numbers.
      const options = (base as unknown as { def: { options: AnySchema[] } }).def.options;
      const takesNumbers = options.some((o) => ['number', 'int'].includes((baseType(o) as unknown as { def: { type: string } }).def.type));
      return takesNumbers && text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    }
    case 'array': {
      const element = (base as unknown as { def: { element: AnySchema } }).def.element;
      return text === '' ? [] : text.split(',').map((part) => coerceValue(element, part));
    }
    default:
      return text;
  }
}

/** Writes one config value as a parameter string (inverse of `coerceValue`). */
export function formatValue(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/**
 * Reads parameters against a zod object schema. Unknown keys, unreadable and out-of-range values
 * are each reported, and the default is kept for them; the result is always a valid config.
 * `aliases` maps old parameter names to current ones, so that published URLs keep working.
 * `base` is the config that absent or rejected parameters take (the schema's defaults if omitted).
 */
export function parseParams<S extends z.ZodObject>(
  schema: S,
  input: Iterable<[string, string]>,
  aliases: Record<string, string> = {},
  base?: z.output<S>,
): ParsedParams<z.output<S>> {
  const shape = schema.shape as Record<string, AnySchema>;
  const defaults = (base ?? schema.parse({})) as Record<string, unknown>;
  const values: Record<string, unknown> = { ...defaults };
  const applied: string[] = [];
  const issues: ParamIssue[] = [];
  for (const [rawKey, rawValue] of input) {
    const key = aliases[rawKey] ?? rawKey;
    const field = shape[key];
    const shown = rawValue.length > 60 ? `${rawValue.slice(0, 57)}...` : rawValue;
    if (!field || !Object.prototype.hasOwnProperty.call(shape, key)) {
      issues.push({ key: rawKey, value: shown, message: `unknown parameter; accepted: ${Object.keys(shape).join(', ')}` });
      continue;
    }
    if (rawValue.length > MAX_VALUE_LENGTH) {
      issues.push({ key: rawKey, value: shown, message: `value longer than ${MAX_VALUE_LENGTH} characters` });
      continue;
    }
    const result = field.safeParse(coerceValue(field, rawValue));
    if (!result.success) {
      issues.push({ key: rawKey, value: shown, message: describeAccepted(field, result.error) });
      continue;
    }
    values[key] = result.data;
    applied.push(key);
  }
  const whole = schema.safeParse(values);
  if (whole.success) return { config: whole.data as z.output<S>, applied, issues };
  // Cross-field rules failed (e.g. observations > n*n): report them and fall back to the base.
  for (const issue of whole.error.issues) {
    issues.push({ key: issue.path.join('.') || '(config)', value: '', message: issue.message });
  }
  return { config: schema.parse(defaults) as z.output<S>, applied: [], issues };
}

/** A human sentence naming the accepted values of a field. */
export function describeAccepted(field: AnySchema, error?: z.ZodError): string {
  const base = baseType(field) as unknown as {
    def: { type: string; entries?: Record<string, string>; element?: AnySchema };
    minValue?: number | null;
    maxValue?: number | null;
    isInt?: boolean;
  };
  const reason = error?.issues[0]?.message;
  if (base.def.type === 'number') {
    const kind = base.isInt ? 'an integer' : 'a number';
    const range = `from ${base.minValue ?? '-∞'} to ${base.maxValue ?? '∞'}`;
    return `must be ${kind} ${range}${reason ? ` (${reason})` : ''}`;
  }
  if (base.def.type === 'enum' && base.def.entries) {
    return `must be one of: ${Object.values(base.def.entries).join(', ')}`;
  }
  if (base.def.type === 'boolean') return 'must be true or false';
  if (base.def.type === 'union') {
    // e.g. learningRate: 'auto' or a number in a range.
    const options = (base.def as unknown as { options: AnySchema[] }).options;
    const parts = options.map((option) => {
      const def = (option as unknown as { def: { type: string; values?: unknown[] } }).def;
      if (def.type === 'literal') return (def.values ?? []).map((v) => `"${String(v)}"`).join(' or ');
      return describeAccepted(option).replace(/^must be /, '');
    });
    return `must be ${parts.join(' or ')}`;
  }
  if (base.def.type === 'array') return `must be a comma-separated list${reason ? ` (${reason})` : ''}`;
  return reason ?? 'invalid value';
}

/** The parameters of a config that differ from `base` (default: the schema's defaults), URL-ready. */
export function toParams<S extends z.ZodObject>(schema: S, config: z.output<S>, base?: z.output<S>): [string, string][] {
  const defaults = (base ?? schema.parse({})) as Record<string, unknown>;
  return Object.entries(config as Record<string, unknown>)
    .filter(([key, value]) => formatValue(value) !== formatValue(defaults[key]))
    .map(([key, value]) => [key, formatValue(value)]);
}
