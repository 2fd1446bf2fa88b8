/**
 * Helpers shared by the figures of the Neural Tangent Kernel experiments: pure functions from a
 * result to Observable Plot options (drawn at build time with linkedom and live in the browser).
 */
import * as Plot from '@observablehq/plot';
import type { AccuracySummary } from '../../experiments/ntk/accuracy.ts';
import { linearAxis, logAxis } from '../axes.ts';

export const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : 'n/a');
export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
export const panelWidth = (width: number, panels: number) => Math.max(240, Math.floor((width - 16 * (panels - 1)) / panels));
export const PUBLISHED = { stroke: '#bbb', strokeDasharray: '3,3' } as const;

export function accuracyPanel(summary: AccuracySummary[], width: number, published: AccuracySummary[] | undefined, title: string): Plot.PlotOptions {
  const bands = summary.map((s) => ({ ...s, lo: s.mean - s.sd, hi: s.mean + s.sd }));
  return {
    width,
    height: 300,
    title,
    // The axis label's baseline 5 px above the bottom (Plot's default: 3), so that its descenders stay inside the SVG.
    marginBottom: 34,
    x: logAxis({ label: 'training images', labelOffset: 29, along: 'x', pixels: width - 60 }),
    y: linearAxis({ label: 'test accuracy (%)', grid: true, percent: true }),
    color: { legend: true },
    marks: [
      ...(published ? [Plot.line(published, { x: 'trainSize', y: 'mean', z: 'method', ...PUBLISHED })] : []),
      Plot.ruleX(bands, { x: 'trainSize', y1: 'lo', y2: 'hi', stroke: 'method', strokeOpacity: 0.5 }),
      // z set: a rerun's first snapshots have one point per method, which Plot would take for a quantitative colour.
      Plot.line(summary, { x: 'trainSize', y: 'mean', z: 'method', stroke: 'method' }),
      Plot.dot(summary, { x: 'trainSize', y: 'mean', fill: 'method', r: 2.5 }),
    ],
  };
}

export function accuracyTable(summary: AccuracySummary[]) {
  return {
    columns: ['data set', 'method', 'training size', 'accuracy', 'sd'],
    rows: summary.map((s) => [s.dataset, s.method, s.trainSize, pct(s.mean), pct(s.sd)]),
  };
}

export function best(summary: AccuracySummary[], dataset: string, trainSize: number): string {
  return summary
    .filter((s) => s.dataset === dataset && s.trainSize === trainSize)
    .sort((a, b) => b.mean - a.mean)
    .map((s) => `${s.method} ${pct(s.mean)}`)
    .join(', ');
}
