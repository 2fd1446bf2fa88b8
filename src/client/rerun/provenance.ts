/**
 * Where a downloaded run comes from, written into every export (pure: no DOM): the JSON as a field,
 * the CSV as leading `#` lines, the SVG in `<metadata>`, the PNG in tEXt chunks.
 */
import type { RunRecord } from './storage.ts';

export interface Provenance {
  /** The absolute address that reruns this configuration. */
  permalink: string;
  experiment: string;
  /** The site's build commit (`unknown` outside git). */
  engineCommit: string;
  tfjsVersion: string;
  backend: string;
  /** The config's `seed` (null: it has none). */
  seed: unknown;
  /** The config's `seeds` (a count or a list; null: it has none). */
  seeds: unknown;
  /** When the run finished (ISO 8601). */
  date: string;
}

/** The order in which provenance fields are written (CSV lines, PNG chunks). */
export const PROVENANCE_KEYS = ['permalink', 'experiment', 'engineCommit', 'tfjsVersion', 'backend', 'seed', 'seeds', 'date'] as const satisfies readonly (keyof Provenance)[];

export function provenanceOf(record: RunRecord, site: { experiment: string; permalink: string; engineCommit: string }): Provenance {
  return {
    permalink: site.permalink,
    experiment: site.experiment,
    engineCommit: site.engineCommit,
    tfjsVersion: record.tfjsVersion,
    backend: record.backend,
    seed: record.config.seed ?? null,
    seeds: record.config.seeds ?? null,
    date: record.createdAt,
  };
}

/** A field's value as one line of text: strings as they are, anything else as JSON. */
const fieldText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value)).replace(/[\r\n]+/g, ' ');

/** `# key: value` lines, one per field, to put before a CSV's header row. */
export function csvProvenance(provenance: Provenance): string {
  return PROVENANCE_KEYS.map((key) => `# ${key}: ${fieldText(provenance[key])}\n`).join('');
}

/** Reads `# key: value` lines at the start of a CSV back (values as text). */
export function readCsvProvenance(csv: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of csv.split('\n')) {
    const match = /^# ([A-Za-z]+): (.*)$/.exec(line);
    if (!match) break;
    out[match[1]!] = match[2]!;
  }
  return out;
}

/** The namespace of the provenance element inside an SVG's `<metadata>`. */
export const PROVENANCE_NS = 'https://trajectories.invalid/ns/provenance#';

/** An SVG `<metadata>` element holding the provenance as JSON (CDATA, so no escaping is needed). */
export function svgMetadata(provenance: Provenance): string {
  // `]]>` may only occur inside JSON strings: escape its `>` there so that the CDATA section stays whole.
  const json = JSON.stringify({ format: 'trajectories/provenance@1', ...provenance }).replace(/]]>/g, ']]\\u003e');
  return `<metadata><tp:provenance xmlns:tp="${PROVENANCE_NS}" type="application/json"><![CDATA[${json}]]></tp:provenance></metadata>`;
}

/**
 * PNG text chunks (tEXt: Latin-1 keywords and text). Keywords are the provenance keys, plus
 * `Source` (the permalink) and `Comment` (everything as JSON), which image viewers show.
 */
export function pngText(provenance: Provenance): Record<string, string> {
  const latin1 = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, (c) => encodeURIComponent(c));
  const chunks: Record<string, string> = {};
  for (const key of PROVENANCE_KEYS) chunks[key] = latin1(fieldText(provenance[key]));
  chunks.Source = latin1(provenance.permalink);
  chunks.Comment = latin1(JSON.stringify({ format: 'trajectories/provenance@1', ...provenance }));
  return chunks;
}
