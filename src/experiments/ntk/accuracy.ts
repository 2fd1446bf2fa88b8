/**
 * Accuracy rows of the classification experiments (ntk-small-data, ntk-architectures): their types,
 * summary over seeds and comparison. Pure (no TensorFlow.js): the specs, the figures and the engines
 * all import it.
 */
import { groupBy, meanSd, roundTo } from '../runtime/stats.ts';

export interface AccuracyRow {
  dataset: string;
  method: string;
  trainSize: number;
  seed: number;
  accuracy: number;
}
export interface AccuracySummary {
  dataset: string;
  method: string;
  trainSize: number;
  mean: number;
  sd: number;
}

/** Mean and sd of the accuracy over seeds, per data set, method and training size (first-seen order). */
export function summariseAccuracies(rows: AccuracyRow[]): AccuracySummary[] {
  const groups = groupBy(rows, (r) => `${r.dataset}\u0000${r.method}\u0000${r.trainSize}`);
  return [...groups.values()].map((group) => {
    const { mean, sd } = meanSd(group.map((r) => r.accuracy));
    return { dataset: group[0]!.dataset, method: group[0]!.method, trainSize: group[0]!.trainSize, mean: roundTo(mean, 4), sd: roundTo(sd, 4) };
  });
}

export function compareAccuracies(a: { rows: AccuracyRow[] }, b: { rows: AccuracyRow[] }): number {
  if (a.rows.length !== b.rows.length) return Infinity;
  return Math.max(0, ...a.rows.map((r, i) => Math.abs(r.accuracy - b.rows[i]!.accuracy)));
}

/** Rows of the command-line summary. */
export function accuracyTable(summary: AccuracySummary[]) {
  return summary.map((s) => ({ dataset: s.dataset, method: s.method, 'train size': s.trainSize, accuracy: s.mean, sd: s.sd }));
}
