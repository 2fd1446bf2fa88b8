/** Figure 1: the empirical tangent kernel at initialisation concentrates (ntk-concentration). */
import * as Plot from '@observablehq/plot';
import type { ConcentrationResult } from '../../experiments/ntk/concentration.spec.ts';
import { decimal, linearAxis, logAxis } from '../axes.ts';
import type { FigureDefinition } from '../types.ts';
import { fmt, panelWidth, PUBLISHED } from './shared.ts';

const concentrationFigure: FigureDefinition<ConcentrationResult> = {
  id: 'fig-ntk-concentration',
  experiment: 'ntk-concentration',
  title: 'The tangent kernel at initialisation concentrates as the width grows',
  caption:
    'Left: empirical NTK $\\Theta(x_0, x)$ of randomly initialised ReLU nets (depth $L = 4$, $\\beta = 0.1$, as in Jacot et al. 2018) ' +
    'for $x_0 = (1, 0)$ and $x = (\\cos\\gamma, \\sin\\gamma)$, one thin line per initialisation, at the smallest and the largest width; ' +
    'the thick line (in the text colour) is the analytic infinite-width kernel. Right: relative RMS deviation from the analytic kernel against width ' +
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
        x: linearAxis({ label: 'angle γ of x', ticks: [-3, -2, -1, 0, 1, 2, 3], tickFormat: (v: number) => decimal(v) }),
        y: linearAxis({ label: 'Θ(x₀, x)', grid: true }),
        color: { legend: true, domain: shown.map((s) => `width ${s}`) },
        marks: [
          Plot.line(lines, { x: 'angle', y: 'value', z: 'run', stroke: 'width', strokeOpacity: 0.45, strokeWidth: 1 }),
          Plot.line(analytic, { x: 'angle', y: 'value', stroke: 'currentColor', strokeWidth: 2 }),
        ],
      },
      {
        width: w,
        height: 280,
        x: logAxis({ label: 'width', along: 'x', pixels: w - 60 }),
        y: logAxis({ label: 'relative deviation from analytic', grid: true, pixels: 230 }),
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

export default concentrationFigure;
