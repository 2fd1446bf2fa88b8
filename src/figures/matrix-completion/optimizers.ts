import * as Plot from '@observablehq/plot';
import { medianOf, type OptimizerRun, type OptimizersResult } from '../../experiments/matrix-completion/optimizers.spec.ts';
import { median } from '../../experiments/runtime/stats.ts';
import type { FigureDefinition } from '../types.ts';
import { linearAxis, logAxis } from '../axes.ts';
import { fmt, GHOST } from './shared.ts';

const LABEL: Record<string, string> = { gd: 'gradient descent', momentum: 'heavy-ball momentum', sgd: 'mini-batch SGD', adam: 'Adam' };
const COLOR: Record<string, string> = { gd: '#3182bd', momentum: '#31a354', sgd: '#756bb1', adam: '#e6550d' };
const ORDER = ['gd', 'momentum', 'sgd', 'adam'] as const;
const FLOOR = 1e-8;

const error = (r: OptimizerRun) => r.paperError ?? r.testError;

/** One row per optimizer and step size: medians over seeds. */
export function sweep(result: OptimizersResult) {
  const out: { optimizer: string; rate: number; steps: number; reached: number; seeds: number; diverged: number; error: number; rank: number; best: boolean }[] = [];
  for (const o of ORDER) {
    const rates = [...new Set(result.runs.filter((r) => r.optimizer === o).map((r) => r.learningRate))].sort((a, b) => a - b);
    for (const rate of rates) {
      const list = result.runs.filter((r) => r.optimizer === o && r.learningRate === rate);
      const ok = list.filter((r) => r.status !== 'diverged');
      out.push({
        optimizer: LABEL[o]!,
        rate,
        steps: medianOf(list.map((r) => (r.status === 'converged' ? r.steps : Infinity))),
        reached: list.filter((r) => r.status === 'converged').length,
        seeds: list.length,
        diverged: list.length - ok.length,
        error: ok.length ? median(ok.map(error)) : NaN,
        rank: ok.length ? median(ok.map((r) => r.effectiveRank ?? NaN)) : NaN,
        best: result.best[o] === rate,
      });
    }
  }
  return out;
}

/** The best run of each optimizer (the chosen step size), one seed: the median seed by error. */
function bestRuns(result: OptimizersResult) {
  return ORDER.flatMap((o) => {
    const list = result.runs.filter((r) => r.optimizer === o && r.learningRate === result.best[o]).sort((a, b) => error(a) - error(b));
    return list.length ? [list[Math.floor((list.length - 1) / 2)]!] : [];
  });
}

const colour = { domain: ORDER.map((o) => LABEL[o]!), range: ORDER.map((o) => COLOR[o]!) };
const colourWithLegend = { ...colour, legend: true };

const optimizersFigure: FigureDefinition<OptimizersResult> = {
  id: 'fig-mc-optimizers',
  experiment: 'mc-optimizers',
  title: 'Four optimizers, each at its best step size',
  caption:
    'A depth-3 linear network completes a random $100 \\times 100$ matrix of rank 5 from 2000 entries, trained by four optimizers from the same initialisation (scale $10^{-3}$) on the same entries, 3 seeds. Top: each optimizer’s sweep of its step size (medians over seeds): steps to the training tolerance (MSE $10^{-6}$; missing: diverged or capped on most seeds) and reconstruction error $\\|W - W^*\\|_F^2 / \\|W^*\\|_F^2$; ringed: the chosen step. The rule, one for all: fewest steps to the tolerance, median over seeds (a diverged run, or one still short of the tolerance at the cap of 30 000 steps, counts as never); each grid reaches, on both sides of the chosen step, one that is slower or diverges. Every run reaches the tolerance or diverges but one (mini-batch SGD at step 8, one seed, its loss oscillating near $4 \\times 10^{-3}$ at the cap). The faster steps end at worse solutions: Adam’s error grows with its step, heavy-ball momentum’s too, and gradient descent at step 16, too large to settle, reaches the tolerance only after about 20 000 steps, far from the truth. Mini-batch SGD takes 10% of the observed entries per step; momentum has $\\beta = 0.9$. Bottom: best against best, the median seed: reconstruction error and the six largest singular values of the end-to-end matrix along training.',
  spec(result, { width, published }) {
    const rows = sweep(result);
    // The published sweep, wide and faint beneath a reader's rerun.
    const ghost = published ? sweep(published) : [];
    const half = width >= 560 ? Math.floor(width / 2) - 8 : width;
    const h = Math.round(Math.min(300, half * 0.75));
    const best = bestRuns(result);
    const traj = best.flatMap((r) => r.trajectory.step.map((step, p) => ({ optimizer: LABEL[r.optimizer]!, step, error: Math.max(FLOOR, r.trajectory.paperError[p] ?? NaN) })).filter((d) => d.step > 0));
    const sv = best.flatMap((r) =>
      r.trajectory.step.flatMap((step, p) => (r.trajectory.singularValues[p] ?? []).map((value, i) => ({ optimizer: LABEL[r.optimizer]!, key: `${r.optimizer}/${i}`, step, value: Math.max(1e-4, value) }))).filter((d) => d.step > 0),
    );
    return [
      {
        width: half,
        height: h,
        marginLeft: 56,
        x: logAxis({ label: 'step size' }),
        y: logAxis({ label: 'steps to tolerance' }),
        color: colourWithLegend,
        marks: [
          ...(published ? [Plot.line(ghost.filter((d) => Number.isFinite(d.steps)), { x: 'rate', y: 'steps', z: 'optimizer', stroke: GHOST, strokeWidth: 5, strokeOpacity: 0.45 })] : []),
          Plot.line(rows.filter((d) => Number.isFinite(d.steps)), { x: 'rate', y: 'steps', stroke: 'optimizer' }),
          Plot.dot(rows.filter((d) => Number.isFinite(d.steps)), { x: 'rate', y: 'steps', fill: 'optimizer', r: 3 }),
          Plot.dot(rows.filter((d) => d.best && Number.isFinite(d.steps)), { x: 'rate', y: 'steps', stroke: 'optimizer', r: 7 }),
        ],
      },
      {
        width: half,
        height: h,
        marginLeft: 56,
        x: logAxis({ label: 'step size' }),
        y: logAxis({ label: 'reconstruction error' }),
        color: colour,
        marks: [
          ...(published ? [Plot.line(ghost.filter((d) => Number.isFinite(d.error)), { x: 'rate', y: (d) => Math.max(FLOOR, d.error), z: 'optimizer', stroke: GHOST, strokeWidth: 5, strokeOpacity: 0.45 })] : []),
          Plot.line(rows.filter((d) => Number.isFinite(d.error)), { x: 'rate', y: (d) => Math.max(FLOOR, d.error), stroke: 'optimizer' }),
          Plot.dot(rows.filter((d) => Number.isFinite(d.error)), { x: 'rate', y: (d) => Math.max(FLOOR, d.error), fill: 'optimizer', r: 3 }),
          Plot.dot(rows.filter((d) => d.best && Number.isFinite(d.error)), { x: 'rate', y: (d) => Math.max(FLOOR, d.error), stroke: 'optimizer', r: 7 }),
        ],
      },
      {
        width: half,
        height: h,
        marginLeft: 56,
        x: linearAxis({ label: 'step', zero: true }),
        y: logAxis({ label: 'reconstruction error' }),
        color: colour,
        marks: [Plot.line(traj, { x: 'step', y: 'error', stroke: 'optimizer' })],
      },
      {
        width: half,
        height: h,
        marginLeft: 56,
        x: linearAxis({ label: 'step', zero: true }),
        y: logAxis({ label: 'singular values' }),
        color: colour,
        marks: [Plot.line(sv, { x: 'step', y: 'value', z: 'key', stroke: 'optimizer', strokeOpacity: 0.8 })],
      },
    ];
  },
  describe(result) {
    const rows = sweep(result).filter((d) => d.best);
    return `Four optimizers on the same matrix completion, each at its best step size by one rule (fewest steps to the training tolerance, median over seeds): ${rows
      .map((d) => `${d.optimizer} at step size ${fmt(d.rate)}: ${Number.isFinite(d.steps) ? `${d.steps} steps` : 'tolerance not reached'}, reconstruction error ${fmt(d.error)}, effective rank ${fmt(d.rank)}`)
      .join('; ')}.`;
  },
  table(result) {
    return {
      columns: ['optimizer', 'step size', 'chosen', 'seeds reaching tolerance', 'diverged', 'median steps to tolerance', 'median reconstruction error', 'median effective rank'],
      rows: sweep(result).map((d) => [d.optimizer, fmt(d.rate), d.best ? 'yes' : '', `${d.reached}/${d.seeds}`, d.diverged, Number.isFinite(d.steps) ? d.steps : '—', fmt(d.error), fmt(d.rank)]),
    };
  },
};

export default optimizersFigure;
