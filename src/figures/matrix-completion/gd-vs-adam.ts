import * as Plot from '@observablehq/plot';
import type { AdamResult } from '../../experiments/matrix-completion/gd-vs-adam.spec.ts';
import { median } from '../../experiments/runtime/stats.ts';
import { linearAxis, logAxis } from '../axes.ts';
import type { FigureDefinition } from '../types.ts';
import { fmt, METHOD_COLORS, GHOST } from './shared.ts';

const LABEL: Record<string, string> = { gd: 'gradient descent', adam: 'Adam' };

function series(result: AdamResult, metric: 'trainLoss' | 'paperError') {
  return result.runs.flatMap((run) =>
    run.trajectory.step.map((step, p) => ({
      optimizer: LABEL[run.optimizer]!,
      key: `${run.optimizer}/${run.seed}`,
      step,
      value: Math.max(1e-12, (metric === 'paperError' ? run.trajectory.paperError[p] ?? run.trajectory.testError[p] : run.trajectory.trainLoss[p]) ?? NaN),
    })),
  );
}

function finals(result: AdamResult) {
  return (['gd', 'adam'] as const).map((optimizer) => {
    const runs = result.runs.filter((r) => r.optimizer === optimizer);
    const reach = runs.map((r) => {
      const i = r.trajectory.trainLoss.findIndex((l) => l <= 1e-4);
      return i < 0 ? NaN : r.trajectory.step[i]!;
    });
    return {
      optimizer,
      error: median(runs.map((r) => r.paperError ?? r.testError)),
      steps: median(runs.map((r) => r.steps)),
      reach: median(reach),
      converged: runs.filter((r) => r.status === 'converged').length,
      seeds: runs.length,
    };
  });
}

const adamFigure: FigureDefinition<AdamResult> = {
  id: 'fig-mc-gd-vs-adam',
  experiment: 'mc-gd-vs-adam',
  title: 'Gradient descent against Adam',
  caption:
    'The same depth-3 network on the same observed entries, trained by gradient descent (measured step size: one over the Hessian’s largest eigenvalue, re-measured during training) and by Adam (step $10^{-3}$, its usual default), one line per seed. Adam’s step is not tuned here. Left: training loss (MSE on the observed entries). Right: reconstruction error $\\|W - W^*\\|_F^2 / \\|W^*\\|_F^2$.',
  spec(result, { width, published }) {
    const panelWidth = Math.max(200, Math.floor(width / 2));
    const domain = ['gradient descent', 'Adam'];
    const height = Math.round(Math.min(300, panelWidth * 0.75));
    const panel = (metric: 'trainLoss' | 'paperError', label: string, legend: boolean) => ({
      width: panelWidth,
      height,
      marginLeft: 56,
      x: linearAxis({ label: 'iteration' }),
      y: logAxis({ label, grid: true, pixels: height - 50 }),
      color: { legend, domain, range: [METHOD_COLORS['gd']!, METHOD_COLORS['adam']!] },
      marks: [
        ...(published ? [Plot.line(series(published, metric), { x: 'step', y: 'value', z: 'key', stroke: GHOST, strokeWidth: 4, strokeOpacity: 0.45 })] : []),
        Plot.line(series(result, metric), { x: 'step', y: 'value', z: 'key', stroke: 'optimizer', strokeWidth: 1.3 }),
      ],
    });
    return [panel('trainLoss', 'training loss', true), panel('paperError', 'reconstruction error', false)];
  },
  describe(result) {
    return finals(result)
      .map(
        (f) =>
          `${LABEL[f.optimizer]}: training loss below 1e-4 after a median ${Number.isFinite(f.reach) ? f.reach : 'never'} iterations, ${f.converged} of ${f.seeds} runs reach the tolerance, median final error ${fmt(f.error)}.`,
      )
      .join(' ');
  },
  table(result) {
    return {
      columns: ['optimizer', 'seed', 'step size', 'iterations', 'stopped by', 'training loss', 'error'],
      rows: result.runs.map((r) => [LABEL[r.optimizer]!, r.seed, fmt(r.learningRate), r.steps, r.status, fmt(r.trainLoss), fmt(r.paperError ?? r.testError)]),
    };
  },
};

export default adamFigure;
