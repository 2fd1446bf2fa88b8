/** Nets fit random labels (random-labels). */
import * as Plot from '@observablehq/plot';
import type { RandomLabelsResult } from '../../experiments/generalization/random-labels.spec.ts';
import type { FigureDefinition } from '../types.ts';
import { groupBy, meanSd } from '../../experiments/runtime/stats.ts';
import { linearAxis, logAxis } from '../axes.ts';
import { panelWidth, pct, PUBLISHED } from '../ntk/shared.ts';

const series = (labels: string, weightDecay: number) => `${labels} labels${weightDecay > 0 ? ', weight decay' : ''}`;

/** Mean over seeds per setting and step (steps >= 1, for the log axis). */
function means(result: RandomLabelsResult) {
  return [...groupBy(result.rows.filter((r) => r.step > 0), (r) => `${r.labels}|${r.weightDecay}|${r.step}`).values()].map((g) => ({
    series: series(g[0]!.labels, g[0]!.weightDecay),
    step: g[0]!.step,
    loss: meanSd(g.map((r) => r.loss)).mean,
    train: meanSd(g.map((r) => r.train)).mean,
    test: meanSd(g.map((r) => r.test)).mean,
  }));
}

const randomLabelsFigure: FigureDefinition<RandomLabelsResult> = {
  id: 'fig-random-labels',
  experiment: 'random-labels',
  title: 'A net fits random labels',
  caption:
    'A one-hidden-layer ReLU net, with far more parameters than training images, trained by full-batch gradient descent with momentum on ' +
    'digits images with their true labels or with the labels shuffled among the images, with and without weight decay (mean over ' +
    'initialisations). Left: training loss; middle: accuracy on the labels trained on; right: accuracy on the true labels of 797 test ' +
    'images (chance is 10%). Dropout, data augmentation and the convolutional nets of Zhang et al. (2017) are not run here.',
  spec(result, { width, published }) {
    const rows = means(result);
    const old = published ? means(published) : null;
    const w = panelWidth(width, 3);
    const x = logAxis({ label: 'gradient-descent steps' });
    return [
      { width: w, height: 280, title: 'training loss', x, y: logAxis({ label: 'training loss', grid: true }), color: { legend: true }, marks: [Plot.line(rows, { x: 'step', y: 'loss', stroke: 'series' })] },
      {
        width: w,
        height: 280,
        title: 'training accuracy',
        x,
        y: linearAxis({ label: 'training accuracy (%)', percent: true, grid: true, domain: [0, 100] }),
        color: { legend: true },
        marks: [Plot.line(rows, { x: 'step', y: 'train', stroke: 'series' })],
      },
      {
        width: w,
        height: 280,
        title: 'test accuracy',
        x,
        y: linearAxis({ label: 'test accuracy (%)', percent: true, grid: true, domain: [0, 100] }),
        color: { legend: true },
        marks: [
          Plot.ruleY([0.1], { strokeDasharray: '3,3', stroke: '#999' }),
          ...(old ? [Plot.line(old, { x: 'step', y: 'test', z: 'series', ...PUBLISHED })] : []),
          Plot.line(rows, { x: 'step', y: 'test', stroke: 'series' }),
        ],
      },
    ];
  },
  describe(result) {
    if (result.summary.length === 0) return 'No runs yet.';
    return result.summary.map((s) => `${series(s.labels, s.weightDecay)}: training accuracy ${pct(s.train)}, test accuracy ${pct(s.test)}`).join('; ') + '.';
  },
  table(result) {
    return {
      columns: ['labels', 'weight decay', 'training accuracy', 'test accuracy', 'sd', 'training loss'],
      rows: result.summary.map((s) => [s.labels, s.weightDecay, pct(s.train), pct(s.test), pct(s.testSd), s.loss]),
    };
  },
};

export default randomLabelsFigure;
