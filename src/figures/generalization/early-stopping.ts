/** Early stopping against full optimisation (early-stopping). */
import * as Plot from '@observablehq/plot';
import type { EarlyStoppingResult } from '../../experiments/generalization/early-stopping.spec.ts';
import type { FigureDefinition } from '../types.ts';
import { linearAxis, logAxis } from '../axes.ts';
import { panelWidth, pct, PUBLISHED } from '../ntk/shared.ts';

const label = (noise: number) => `${Math.round(100 * noise)}% labels corrupted`;

const earlyStoppingFigure: FigureDefinition<EarlyStoppingResult> = {
  id: 'fig-early-stopping',
  experiment: 'early-stopping',
  title: 'Early stopping can beat full optimisation',
  caption:
    'Gradient descent on kernel regression with the neural tangent kernel (fully connected ReLU net, depth 3) on digits images, with a ' +
    'fraction of the training labels replaced by a random other class. Left: accuracy on clean test images along the descent (mean over ' +
    'random training sets; the path is exact, from one eigendecomposition of the training kernel); the ring at the right end of each ' +
    'curve is the end point (infinitely many steps: the interpolating kernel regressor), and the dot the step chosen on held-out ' +
    'training images with equally corrupted labels (the test images are never used to choose). Right: ' +
    'accuracy on the corrupted training labels, which the descent ends up fitting exactly.',
  spec(result, { width, published }) {
    const w = panelWidth(width, 2);
    const rows = result.summary.filter((r) => r.step > 0).map((r) => ({ ...r, series: label(r.noise) }));
    const steps = rows.map((r) => r.step);
    const last = steps.length ? Math.max(...steps) : 1;
    const ends = result.headline.map((h) => ({ ...h, series: label(h.noise), step: last }));
    const stops = result.headline.filter((h) => h.step > 0).map((h) => ({ ...h, series: label(h.noise) }));
    const old = published?.summary.filter((r) => r.step > 0);
    return [
      {
        width: w,
        height: 300,
        title: 'clean test images',
        x: logAxis({ label: 'gradient-descent steps' }),
        y: linearAxis({ label: 'test accuracy (%)', percent: true, grid: true }),
        color: { legend: true },
        marks: [
          ...(old ? [Plot.line(old, { x: 'step', y: 'test', z: 'noise', ...PUBLISHED })] : []),
          Plot.line(rows, { x: 'step', y: 'test', stroke: 'series' }),
          Plot.dot(ends, { x: 'step', y: 'end', stroke: 'series', r: 6, strokeWidth: 1.5 }),
          Plot.dot(stops, { x: 'step', y: 'early', fill: 'series', r: 3.5 }),
        ],
      },
      {
        width: w,
        height: 300,
        title: 'corrupted training labels',
        x: logAxis({ label: 'gradient-descent steps' }),
        y: linearAxis({ label: 'training accuracy (%)', percent: true, grid: true, domain: [0, 100] }),
        color: { legend: true },
        marks: [Plot.line(rows, { x: 'step', y: 'train', stroke: 'series' })],
      },
    ];
  },
  describe(result) {
    if (result.headline.length === 0) return 'No runs yet.';
    return (
      result.headline
        .map((h) => `${label(h.noise)}: ${pct(h.early)} test accuracy when stopped at step ${h.step} (chosen on held-out data), ${pct(h.end)} at the end point`)
        .join('; ') + '.'
    );
  },
  table(result) {
    return {
      columns: ['labels corrupted', 'test accuracy, early stop', 'sd', 'chosen step (median)', 'test accuracy, end point', 'sd', 'training accuracy at end'],
      rows: result.headline.map((h) => [pct(h.noise), pct(h.early), pct(h.earlySd), h.step, pct(h.end), pct(h.endSd), pct(h.endTrain)]),
    };
  },
};

export default earlyStoppingFigure;
