/** What the downloads of a run contain (pure: no DOM): the JSON record, the CSV table, file names. */
import type { Provenance } from './provenance.ts';
import type { RunRecord } from './storage.ts';

/** A file name stem unique to the moment: `<experiment>-2026-11-28T10-00-00-000Z`. */
export const exportStem = (experiment: string, at: Date): string => `${experiment}-${at.toISOString().replace(/[:.]/g, '-')}`;

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A table as CSV (RFC 4180 quoting), one line per row, ending with a newline. */
export function toCsv(table: { columns: string[]; rows: (string | number)[][] }): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

export interface RunJson extends RunRecord {
  format: 'trajectories/run@1';
  experiment: string;
  seed: unknown;
  siteVersion: string;
  permalink: string;
  /** Where the run comes from (the same fields every other download carries). */
  provenance: Provenance;
}

/** The "Download JSON" record: the run, its seed, the site's version, a link that reruns it and its provenance. */
export function runJson(record: RunRecord, site: { experiment: string; siteVersion: string; permalink: string; provenance: Provenance }): RunJson {
  return {
    format: 'trajectories/run@1',
    experiment: site.experiment,
    ...record,
    seed: record.config.seed ?? null,
    siteVersion: site.siteVersion,
    permalink: site.permalink,
    provenance: site.provenance,
  };
}
