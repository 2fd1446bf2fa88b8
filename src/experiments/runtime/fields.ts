/**
 * The one adapter over zod's internals: what a schema field accepts, in plain terms. The rerun
 * panel, the CLI, the URL parser and the experiment pages read fields only through `describeField`.
 */
import type { z } from 'zod';

export type FieldKind = 'number' | 'boolean' | 'enum' | 'list' | 'choice' | 'text';

export interface FieldDescription {
  kind: FieldKind;
  description: string;
  /** Numbers: whether only integers are accepted, and the inclusive bounds (null: none). */
  integer: boolean;
  min: number | null;
  max: number | null;
  /** Enums: the accepted words. Choices ('auto' or a number): the accepted words besides numbers. */
  options: string[];
  /** Lists: what each element accepts. */
  element: FieldDescription | null;
  /** Choices: whether a number is accepted too. */
  acceptsNumber: boolean;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  entries?: Record<string, string>;
  element?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
}
interface Internals {
  def: Def;
  description?: string;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
}
const internals = (field: z.ZodType) => field as unknown as Internals;

/** Peels defaults, optionals and pipes off a field, to reach the type that reads the value. */
function baseOf(field: z.ZodType): z.ZodType {
  let current = field;
  for (let i = 0; i < 10; i++) {
    const def = internals(current).def;
    if (['default', 'optional', 'nullable', 'prefault'].includes(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

const finite = (x: number | null | undefined) => (x !== null && x !== undefined && Number.isFinite(x) ? x : null);

export function describeField(field: z.ZodType): FieldDescription {
  const base = internals(baseOf(field));
  const description: FieldDescription = {
    kind: 'text',
    description: internals(field).description ?? base.description ?? '',
    integer: false,
    min: null,
    max: null,
    options: [],
    element: null,
    acceptsNumber: false,
  };
  switch (base.def.type) {
    case 'number':
    case 'int':
      return { ...description, kind: 'number', integer: base.isInt === true, min: finite(base.minValue), max: finite(base.maxValue) };
    case 'boolean':
      return { ...description, kind: 'boolean' };
    case 'enum':
      return { ...description, kind: 'enum', options: Object.values(base.def.entries ?? {}) };
    case 'array':
      return { ...description, kind: 'list', element: base.def.element ? describeField(base.def.element) : null };
    case 'union': {
      const branches = (base.def.options ?? []).map((option) => ({ def: internals(option).def, described: describeField(option) }));
      const number = branches.find((b) => b.described.kind === 'number')?.described;
      return {
        ...description,
        ...(number ? { integer: number.integer, min: number.min, max: number.max } : {}),
        kind: 'choice',
        acceptsNumber: number !== undefined,
        options: branches.flatMap((b) => (b.def.type === 'literal' ? (b.def.values ?? []).map(String) : [])),
      };
    }
    default:
      return description;
  }
}

/** Decimal numbers only (no hex, binary or octal: `0x10` is not 16 here). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function readDecimal(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Reads one string value as the type the field expects (before validation). */
export function coerceValue(field: z.ZodType, raw: string): unknown {
  return coerceAs(describeField(field), raw);
}

function coerceAs(field: FieldDescription, raw: string): unknown {
  const text = raw.trim();
  switch (field.kind) {
    case 'number':
      return readDecimal(text);
    case 'boolean':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      return text;
    case 'choice':
      return field.acceptsNumber && !field.options.includes(text) && text !== '' ? readDecimal(text) : text;
    case 'list':
      return text === '' ? [] : text.split(',').map((part) => (field.element ? coerceAs(field.element, part) : part.trim()));
    default:
      return text;
  }
}

/** Writes one config value as a parameter string (inverse of `coerceValue`). */
export function formatValue(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/** The accepted values of a field, as a phrase ("an integer from 1 to 5"). */
export function acceptedValues(field: FieldDescription): string {
  const range = (f: FieldDescription) => `${f.integer ? 'an integer' : 'a number'} from ${f.min ?? '-∞'} to ${f.max ?? '∞'}`;
  switch (field.kind) {
    case 'number':
      return range(field);
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of: ${field.options.join(', ')}`;
    case 'choice':
      return [...field.options.map((o) => `"${o}"`), ...(field.acceptsNumber ? [range(field)] : [])].join(' or ');
    case 'list':
      return `a comma-separated list${field.element ? `, each ${acceptedValues(field.element)}` : ''}`;
    default:
      return 'text';
  }
}

/** A sentence naming what a field accepts, with zod's reason when a value was refused. */
export function describeAccepted(field: z.ZodType, error?: z.ZodError): string {
  const described = describeField(field);
  const reason = error?.issues[0]?.message;
  const withReason = described.kind === 'number' || described.kind === 'list';
  return `must be ${acceptedValues(described)}${withReason && reason ? ` (${reason})` : ''}`;
}
