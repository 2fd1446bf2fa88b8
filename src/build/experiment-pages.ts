/** What the experiment pages derive from the registry: their paths and their configuration tables. */
import { registry, type AnySpec, type Registry } from '../experiments/registry.ts';
import { acceptedValues, describeField, formatValue } from '../experiments/runtime/fields.ts';
import { publishedConfig, reducedConfig } from '../experiments/runtime/spec.ts';

/** One page per registered experiment: /experiments/<id>/. */
export function experimentPaths(from: Registry = registry) {
  return from.specs.map((spec) => ({ params: { id: spec.id }, props: { spec } }));
}

export interface ConfigurationRow {
  key: string;
  published: string;
  reduced: string;
  accepted: string;
  meaning: string;
}

/** The configuration table of an experiment page: every parameter, both presets, what it accepts. */
export function configurationRows(spec: AnySpec): ConfigurationRow[] {
  const published = publishedConfig(spec) as Record<string, unknown>;
  const reduced = reducedConfig(spec) as Record<string, unknown>;
  return Object.entries(spec.schema.shape as Record<string, import('zod').ZodType>).map(([key, field]) => {
    const described = describeField(field);
    return { key, published: formatValue(published[key]), reduced: formatValue(reduced[key]), accepted: acceptedValues(described), meaning: described.description };
  });
}
