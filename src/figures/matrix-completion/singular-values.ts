import * as Plot from '@observablehq/plot';
import type { SingularValuesResult } from '../../experiments/matrix-completion/singular-values.spec.ts';
import { linearAxis, scientific } from '../axes.ts';
import type { FigureDefinition } from '../types.ts';
import { fmt, GHOST } from './shared.ts';

function points(run: SingularValuesResult['runs'][number], rank: number) {
  const t = run.trajectory;
  const out: { step: number; index: number; value: number; signal: boolean }[] = [];
  (t.singularValues ?? []).forEach((values, p) =>
    values.forEach((value, index) => out.push({ step: t.step[p]!, index: index + 1, value, signal: index < rank })),
  );
  return out;
}

const singularValuesFigure: FigureDefinition<SingularValuesResult> = {
  id: 'fig-mc-singular-values',
  experiment: 'mc-singular-values',
  title: 'Singular values of the end-to-end matrix during training',
  caption:
    'The ten largest singular values of the end-to-end matrix $W_N \\cdots W_1$ over the iterations of gradient descent, for depths 1, 2 and 3, on the same observed entries. Dashed: the singular values of the ground truth. Coloured: the first $r$ singular values; grey: the rest. Deeper networks learn the singular values one at a time, and keep the others near zero.',
  spec(result, { width, published }) {
    const maxStep = Math.max(1, ...result.runs.map((r) => r.trajectory.step[r.trajectory.step.length - 1] ?? 0));
    const top = Math.max(...result.truth, ...result.runs.flatMap((r) => r.singularValues)) * 1.1;
    const panelWidth = Math.max(160, Math.floor(width / Math.max(1, result.runs.length)));
    return result.runs.map((run) => ({
      width: panelWidth,
      height: Math.round(Math.min(300, panelWidth * 0.9)),
      marginLeft: 44,
      // The error in the panel's title: written over the plot it would sit on the ground truth's lines.
      title: `depth ${run.depth} · error ${scientific(run.paperError ?? run.testError)}`,
      x: linearAxis({ label: 'iteration', domain: [0, maxStep] }),
      y: linearAxis({ label: 'singular value', domain: [0, top] }),
      color: { type: 'categorical', domain: Array.from({ length: result.rank }, (_, i) => i + 1), scheme: 'tableau10' },
      marks: [
        ...(published?.runs.filter((p) => p.depth === run.depth).map((p) => Plot.line(points(p, result.rank), { x: 'step', y: 'value', z: 'index', stroke: GHOST, strokeWidth: 4, strokeOpacity: 0.45 })) ?? []),
        Plot.ruleY(result.truth.slice(0, result.rank), { stroke: 'currentColor', strokeOpacity: 0.45, strokeDasharray: '3,3' }),
        Plot.line(
          points(run, result.rank).filter((p) => !p.signal),
          { x: 'step', y: 'value', z: 'index', stroke: '#bbb', strokeWidth: 1 },
        ),
        Plot.line(
          points(run, result.rank).filter((p) => p.signal),
          { x: 'step', y: 'value', z: 'index', stroke: 'index', strokeWidth: 1.6 },
        ),
      ],
    }));
  },
  describe(result) {
    return result.runs
      .map((run) => {
        const t = run.trajectory;
        const steps = (run.trajectory.singularValues ?? [[]])[0]!.length;
        const half = result.truth.slice(0, result.rank).map((target, i) => {
          const p = (t.singularValues ?? []).findIndex((v) => (v[i] ?? 0) >= target / 2);
          return p < 0 ? 'never' : String(t.step[p]);
        });
        return `Depth ${run.depth}: the ${result.rank} leading singular values reach half their target at iterations ${half.join(', ')}; after ${run.steps} iterations the largest ${Math.min(steps, result.rank + 2)} are ${run.singularValues.slice(0, result.rank + 2).map(fmt).join(', ')}.`;
      })
      .join(' ');
  },
  table(result) {
    const columns = ['depth', 'iteration', ...Array.from({ length: result.rank + 2 }, (_, i) => `σ${i + 1}`)];
    const rows: (string | number)[][] = [];
    for (const run of result.runs) {
      const t = run.trajectory;
      const stride = Math.max(1, Math.ceil(t.step.length / 20));
      t.step.forEach((step, p) => {
        if (p % stride === 0 || p === t.step.length - 1) rows.push([run.depth, step, ...(t.singularValues?.[p] ?? []).slice(0, result.rank + 2).map(fmt)]);
      });
    }
    return { columns, rows };
  },
};

export default singularValuesFigure;
