/** Figure 2: distance to the analytic tangent kernel against width (ntk-width-convergence). */
import * as Plot from '@observablehq/plot';
import type { WidthConvergenceResult } from '../../experiments/ntk/width-convergence.spec.ts';
import { decimal, logAxis } from '../axes.ts';
import type { FigureDefinition } from '../types.ts';
import { fmt, PUBLISHED } from './shared.ts';

const widthConvergenceFigure: FigureDefinition<WidthConvergenceResult> = {
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
        x: logAxis({ label: 'width n', along: 'x', pixels: Math.min(width, 560) - 60 }),
        y: logAxis({ label: 'relative Frobenius distance', grid: true, pixels: 250 }),
        marks: [
          ...(published ? [Plot.line(published.summary, { x: 'width', y: 'mean', ...PUBLISHED })] : []),
          Plot.dot(result.rows, { x: 'width', y: 'distance', r: 2, fillOpacity: 0.35, fill: 'currentColor' }),
          Plot.line(result.summary, { x: 'width', y: 'mean', strokeWidth: 2 }),
          ...(Number.isFinite(result.slope)
            ? [
                Plot.line(fit, { x: 'width', y: 'value', strokeDasharray: '6,4', stroke: '#d62728' }),
                // In the frame's lower left corner, which a falling line leaves empty.
                Plot.text([`fitted slope ${decimal(result.slope, 2)}`], { frameAnchor: 'bottom-left', dx: 8, dy: -8, fill: '#d62728' }),
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

export default widthConvergenceFigure;
