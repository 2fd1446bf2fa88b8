/** Figure 4: kernels on small data (ntk-small-data). */
import * as Plot from '@observablehq/plot';
import type { AccuracySummary } from '../../experiments/ntk/accuracy.ts';
import type { SmallDataResult } from '../../experiments/ntk/small-data.spec.ts';
import { linearAxis } from '../axes.ts';
import type { FigureDefinition } from '../types.ts';
import { accuracyPanel, accuracyTable, best, panelWidth } from './shared.ts';

const smallDataFigure: FigureDefinition<SmallDataResult> = {
  id: 'fig-ntk-small-data',
  experiment: 'ntk-small-data',
  title: 'Kernels on small data',
  caption:
    'Test accuracy on digits (797 test images) against the number of training images, for kernel regression with the NTK, the NNGP ' +
    'kernel and an RBF kernel whose bandwidth and ridge are chosen by leave-one-out on the training images only, 1-nearest-neighbour, ' +
    'and a finite net trained by 200 steps of full-batch gradient descent, a fixed budget rather than convergence (mean and standard ' +
    'deviation over distinct random training subsets of a 1000-image pool); right: the same methods on three UCI tables, half of each ' +
    'for training.',
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
        // Room on the left for the longest table name (“breast-cancer”, about 70 px).
        marginLeft: Math.max(40, 12 + 6 * Math.max(...uci.map((s) => s.dataset.length))),
        x: linearAxis({ label: 'test accuracy (%)', percent: true, grid: true, nice: true, ticks: 3 }),
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

export default smallDataFigure;
