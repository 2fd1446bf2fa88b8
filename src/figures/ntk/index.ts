/**
 * Figure specs of the Neural Tangent Kernel experiments: pure functions from a result to Observable
 * Plot options (drawn at build time with linkedom and live in the browser).
 */
import * as Plot from '@observablehq/plot';
import type { FigureDefinition } from '../types.ts';
import type { ConcentrationResult } from '../../experiments/ntk/concentration.ts';
import type { WidthConvergenceResult } from '../../experiments/ntk/width-convergence.ts';
import type { TrajectoryResult } from '../../experiments/ntk/trajectory.ts';
import type { AccuracySummary, SmallDataResult } from '../../experiments/ntk/small-data.ts';
import type { ArchitecturesResult } from '../../experiments/ntk/architectures.ts';

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : 'n/a');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const panelWidth = (width: number, panels: number) => Math.max(240, Math.floor((width - 16 * (panels - 1)) / panels));
const PUBLISHED = { stroke: '#bbb', strokeDasharray: '3,3' } as const;

// ---------------------------------------------------------------- figure 1
export const concentrationFigure: FigureDefinition<ConcentrationResult> = {
  id: 'fig-ntk-concentration',
  experiment: 'ntk-concentration',
  title: 'The tangent kernel at initialisation concentrates as the width grows',
  caption:
    'Left: empirical NTK $\\Theta(x_0, x)$ of randomly initialised ReLU nets (depth $L = 4$, $\\beta = 0.1$, as in Jacot et al. 2018) ' +
    'for $x_0 = (1, 0)$ and $x = (\\cos\\gamma, \\sin\\gamma)$, one thin line per initialisation, at the smallest and the largest width; ' +
    'the black line is the analytic infinite-width kernel. Right: relative RMS deviation from the analytic kernel against width ' +
    '(mean and standard deviation over initialisations).',
  spec(result, { width, published }) {
    const widths = [...new Set(result.curves.map((c) => c.width))];
    const shown = widths.length > 1 ? [widths[0]!, widths[widths.length - 1]!] : widths;
    const lines = result.curves
      .filter((c) => shown.includes(c.width))
      .flatMap((c) => c.values.map((v, i) => ({ width: `width ${c.width}`, run: `${c.width}/${c.init}`, angle: result.angles[i]!, value: v })));
    const analytic = result.analytic.map((v, i) => ({ angle: result.angles[i]!, value: v }));
    const w = panelWidth(width, 2);
    return [
      {
        width: w,
        height: 280,
        x: { label: 'angle γ of x', ticks: [-3, -2, -1, 0, 1, 2, 3] },
        y: { label: 'Θ(x₀, x)', grid: true },
        color: { legend: true, domain: shown.map((s) => `width ${s}`) },
        marks: [
          Plot.line(lines, { x: 'angle', y: 'value', z: 'run', stroke: 'width', strokeOpacity: 0.45, strokeWidth: 1 }),
          Plot.line(analytic, { x: 'angle', y: 'value', stroke: 'black', strokeWidth: 2 }),
        ],
      },
      {
        width: w,
        height: 280,
        x: { type: 'log', label: 'width' },
        y: { type: 'log', label: 'relative deviation from analytic', grid: true },
        marks: [
          ...(published ? [Plot.line(published.spread, { x: 'width', y: 'relativeDeviation', ...PUBLISHED })] : []),
          Plot.ruleX(result.spread, { x: 'width', y1: (d) => Math.max(1e-6, d.relativeDeviation - d.sd), y2: (d) => d.relativeDeviation + d.sd }),
          Plot.line(result.spread, { x: 'width', y: 'relativeDeviation' }),
          Plot.dot(result.spread, { x: 'width', y: 'relativeDeviation', fill: 'currentColor' }),
        ],
      },
    ];
  },
  describe(result) {
    const s = result.spread;
    if (s.length === 0) return 'No runs yet.';
    return (
      `Empirical tangent kernels of random nets on the unit circle. The relative deviation from the analytic kernel falls from ` +
      `${fmt(s[0]!.relativeDeviation)} at width ${s[0]!.width} to ${fmt(s[s.length - 1]!.relativeDeviation)} at width ${s[s.length - 1]!.width}.`
    );
  },
  table(result) {
    return {
      columns: ['width', 'initialisations', 'relative RMS deviation', 'sd'],
      rows: result.spread.map((s) => [s.width, result.curves.filter((c) => c.width === s.width).length, fmt(s.relativeDeviation), fmt(s.sd)]),
    };
  },
};

// ---------------------------------------------------------------- figure 2
export const widthConvergenceFigure: FigureDefinition<WidthConvergenceResult> = {
  id: 'fig-ntk-width-convergence',
  experiment: 'ntk-width-convergence',
  title: 'Distance to the analytic kernel against width',
  caption:
    'Relative Frobenius distance $\\|\\Theta_n - \\Theta\\|_F / \\|\\Theta\\|_F$ between the empirical NTK of a random net of width $n$ ' +
    'and the analytic NTK on a subset of the digits images (one dot per initialisation; the line joins the means). ' +
    'The dashed line is the least-squares fit on log-log axes; a slope of $-1/2$ is the rate of a sum of independent terms.',
  spec(result, { width, published }) {
    const fit = result.summary.map((s) => ({ width: s.width, value: Math.pow(10, result.intercept) * Math.pow(s.width, result.slope) }));
    return [
      {
        width: Math.min(width, 560),
        height: 300,
        x: { type: 'log', label: 'width n' },
        y: { type: 'log', label: 'relative Frobenius distance', grid: true },
        marks: [
          ...(published ? [Plot.line(published.summary, { x: 'width', y: 'mean', ...PUBLISHED })] : []),
          Plot.dot(result.rows, { x: 'width', y: 'distance', r: 2, fillOpacity: 0.35, fill: 'currentColor' }),
          Plot.line(result.summary, { x: 'width', y: 'mean', strokeWidth: 2 }),
          ...(Number.isFinite(result.slope)
            ? [
                Plot.line(fit, { x: 'width', y: 'value', strokeDasharray: '6,4', stroke: '#d62728' }),
                Plot.text([fit[fit.length - 1]!], { x: 'width', y: 'value', text: () => `slope ${fmt(result.slope)}`, dy: -12, textAnchor: 'end', fill: '#d62728' }),
              ]
            : []),
        ],
      },
    ];
  },
  describe(result) {
    return `Log-log plot of the distance between empirical and analytic tangent kernels against width, ${result.rows.length} random nets; the fitted slope is ${fmt(result.slope)} (theory: -0.5).`;
  },
  table(result) {
    return { columns: ['width', 'mean distance', 'sd'], rows: [...result.summary.map((s) => [s.width, fmt(s.mean), fmt(s.sd)]), ['slope', fmt(result.slope), '']] };
  },
};

// ---------------------------------------------------------------- figure 3
export const trajectoryFigure: FigureDefinition<TrajectoryResult> = {
  id: 'fig-ntk-training-trajectory',
  experiment: 'ntk-training-trajectory',
  title: 'Trained nets follow the kernel trajectory as width grows',
  caption:
    'Left: outputs on three unseen digits images during full-batch gradient descent, for nets of several widths (coloured) and for ' +
    'the linearised dynamics with the analytic NTK, $f \\leftarrow f - (\\eta/N)\\,\\Theta\\,(f - y)$ (black, dashed). ' +
    'Right: RMS distance between the net and the kernel trajectory over the test images against width, early and at the end of training.',
  spec(result, { width, published }) {
    const w = panelWidth(width, 2);
    const widths = [...new Set(result.nets.map((r) => r.width))];
    const nets = result.nets.map((r) => ({ ...r, series: `${r.width}/${r.point}`, widthLabel: `width ${r.width}` }));
    const ntk = result.ntk.map((r) => ({ ...r, series: `ntk/${r.point}` }));
    const dist = result.summary.flatMap((s) => [
      { width: s.width, distance: s.early, when: `step ${result.earlyStep}` },
      { width: s.width, distance: s.late, when: `step ${result.lateStep}` },
    ]);
    return [
      {
        width: w,
        height: 300,
        x: { label: 'gradient-descent step' },
        y: { label: 'output f(x) on test image', grid: true },
        color: { legend: true, domain: widths.map((v) => `width ${v}`), scheme: 'viridis' },
        marks: [
          Plot.ruleY([0]),
          Plot.line(nets, { x: 'step', y: 'value', z: 'series', stroke: 'widthLabel', strokeWidth: 1.2 }),
          Plot.line(ntk, { x: 'step', y: 'value', z: 'series', stroke: 'black', strokeWidth: 2, strokeDasharray: '5,3' }),
        ],
      },
      {
        width: w,
        height: 300,
        x: { type: 'log', label: 'width' },
        y: { type: 'log', label: 'RMS distance to kernel trajectory', grid: true },
        color: { legend: true },
        marks: [
          ...(published ? [Plot.line(published.summary, { x: 'width', y: 'late', ...PUBLISHED })] : []),
          Plot.line(dist, { x: 'width', y: 'distance', stroke: 'when' }),
          Plot.dot(dist, { x: 'width', y: 'distance', fill: 'when' }),
        ],
      },
    ];
  },
  describe(result) {
    const s = result.summary;
    if (s.length === 0) return 'No runs yet.';
    const a = s[0]!;
    const b = s[s.length - 1]!;
    return (
      `At the end of training (step ${result.lateStep}) the nets' outputs on test images differ from the kernel trajectory by ${fmt(a.late)} ` +
      `(RMS) at width ${a.width} and by ${fmt(b.late)} at width ${b.width}; log-log slopes ${fmt(result.slopes.early)} (step ${result.earlyStep}) ` +
      `and ${fmt(result.slopes.late)} (step ${result.lateStep}).`
    );
  },
  table(result) {
    return {
      columns: ['width', `distance, step ${result.earlyStep}`, 'sd', `distance, step ${result.lateStep}`, 'sd'],
      rows: result.summary.map((s) => [s.width, fmt(s.early), fmt(s.earlySd), fmt(s.late), fmt(s.lateSd)]),
    };
  },
};

// ---------------------------------------------------------------- figures 4 and 5
function accuracyPanel(summary: AccuracySummary[], width: number, published: AccuracySummary[] | undefined, title: string): Plot.PlotOptions {
  const bands = summary.map((s) => ({ ...s, lo: s.mean - s.sd, hi: s.mean + s.sd }));
  return {
    width,
    height: 300,
    title,
    x: { type: 'log', label: 'training images' },
    y: { label: 'test accuracy', grid: true, percent: true },
    color: { legend: true },
    marks: [
      ...(published ? [Plot.line(published, { x: 'trainSize', y: 'mean', z: 'method', ...PUBLISHED })] : []),
      Plot.ruleX(bands, { x: 'trainSize', y1: 'lo', y2: 'hi', stroke: 'method', strokeOpacity: 0.5 }),
      Plot.line(summary, { x: 'trainSize', y: 'mean', stroke: 'method' }),
      Plot.dot(summary, { x: 'trainSize', y: 'mean', fill: 'method', r: 2.5 }),
    ],
  };
}

function accuracyTable(summary: AccuracySummary[]) {
  return {
    columns: ['data set', 'method', 'training size', 'accuracy', 'sd'],
    rows: summary.map((s) => [s.dataset, s.method, s.trainSize, pct(s.mean), pct(s.sd)]),
  };
}

function best(summary: AccuracySummary[], dataset: string, trainSize: number): string {
  return summary
    .filter((s) => s.dataset === dataset && s.trainSize === trainSize)
    .sort((a, b) => b.mean - a.mean)
    .map((s) => `${s.method} ${pct(s.mean)}`)
    .join(', ');
}

export const smallDataFigure: FigureDefinition<SmallDataResult> = {
  id: 'fig-ntk-small-data',
  experiment: 'ntk-small-data',
  title: 'Kernels on small data',
  caption:
    'Test accuracy on digits (797 test images) against the number of training images, for kernel regression with the NTK, the NNGP ' +
    'kernel and an RBF kernel, 1-nearest-neighbour, and a finite net trained by gradient descent (mean and standard deviation over ' +
    'random training subsets); right: the same methods on three UCI tables, half of each for training.',
  spec(result, { width, published }) {
    const digits = result.summary.filter((s) => s.dataset === 'digits');
    const uci = result.summary.filter((s) => s.dataset !== 'digits');
    const w = panelWidth(width, 2);
    const panels: Plot.PlotOptions[] = [accuracyPanel(digits, w, published?.summary.filter((s) => s.dataset === 'digits'), 'digits')];
    if (uci.length > 0) {
      panels.push({
        width: w,
        height: 300,
        title: 'UCI tables',
        x: { label: 'test accuracy', percent: true, grid: true },
        y: { label: null, domain: [...new Set(uci.map((s) => s.dataset))] },
        color: { legend: true },
        marks: [
          Plot.ruleY(uci, { x1: (d: AccuracySummary) => d.mean - d.sd, x2: (d: AccuracySummary) => d.mean + d.sd, y: 'dataset', stroke: 'method', dy: 0 }),
          Plot.dot(uci, { x: 'mean', y: 'dataset', fill: 'method', symbol: 'method', r: 3.5 }),
        ],
      });
    }
    return panels;
  },
  describe(result) {
    const sizes = [...new Set(result.summary.filter((s) => s.dataset === 'digits').map((s) => s.trainSize))];
    if (sizes.length === 0) return 'No runs yet.';
    const lo = sizes[0]!;
    const hi = sizes[sizes.length - 1]!;
    return `Digits accuracy with ${lo} training images: ${best(result.summary, 'digits', lo)}; with ${hi}: ${best(result.summary, 'digits', hi)}.`;
  },
  table: (result) => accuracyTable(result.summary),
};

export const architecturesFigure: FigureDefinition<ArchitecturesResult> = {
  id: 'fig-ntk-architectures',
  experiment: 'ntk-architectures',
  title: 'Architecture matters: convolutional tangent kernels',
  caption:
    'Test accuracy of kernel regression on 8 x 8 digits images with the tangent kernels of a fully connected net (FC-NTK), a ' +
    'convolutional net without pooling (CNTK-V) and with global average pooling (CNTK-GAP), all of the same depth, against the number ' +
    'of training images (mean and standard deviation over random training subsets).',
  spec(result, { width, published }) {
    return [accuracyPanel(result.summary, Math.min(width, 600), published?.summary, 'digits, 8 x 8')];
  },
  describe(result) {
    const sizes = [...new Set(result.summary.map((s) => s.trainSize))];
    if (sizes.length === 0) return `Computing kernels (${result.kernelRows} rows so far).`;
    return sizes.map((n) => `${n} training images: ${best(result.summary, 'digits', n)}`).join('; ') + '.';
  },
  table: (result) => accuracyTable(result.summary),
};

export const figures: FigureDefinition[] = [concentrationFigure, widthConvergenceFigure, trajectoryFigure, smallDataFigure, architecturesFigure];
