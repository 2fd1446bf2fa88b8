/** Figure 3: trained nets follow the kernel trajectory (ntk-training-trajectory). */
import * as Plot from '@observablehq/plot';
import type { TrajectoryResult } from '../../experiments/ntk/trajectory.spec.ts';
import { linearAxis, logAxis } from '../axes.ts';
import type { FigureDefinition } from '../types.ts';
import { fmt, panelWidth, PUBLISHED } from './shared.ts';

const trajectoryFigure: FigureDefinition<TrajectoryResult> = {
  id: 'fig-ntk-training-trajectory',
  experiment: 'ntk-training-trajectory',
  title: 'Trained nets follow the kernel trajectory as width grows',
  caption:
    'Left: outputs on three unseen digits images during full-batch gradient descent, for nets of several widths (coloured) and for ' +
    'the linearised dynamics with the analytic NTK, $f \\leftarrow f - (\\eta/N)\\,\\Theta\\,(f - y)$ (thick, dashed, in the text colour). ' +
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
        x: linearAxis({ label: 'gradient-descent step' }),
        y: linearAxis({ label: 'output f(x) on test image', grid: true }),
        color: { legend: true, domain: widths.map((v) => `width ${v}`), scheme: 'viridis' },
        marks: [
          Plot.ruleY([0], { strokeOpacity: 0.6 }),
          Plot.line(nets, { x: 'step', y: 'value', z: 'series', stroke: 'widthLabel', strokeWidth: 1.2 }),
          Plot.line(ntk, { x: 'step', y: 'value', z: 'series', stroke: 'currentColor', strokeWidth: 2, strokeDasharray: '5,3' }),
        ],
      },
      {
        width: w,
        height: 300,
        x: logAxis({ label: 'width', along: 'x', pixels: w - 60 }),
        y: logAxis({ label: 'RMS distance to kernel trajectory', grid: true, pixels: 250 }),
        color: { legend: true },
        marks: [
          ...(published ? [Plot.line(published.summary, { x: 'width', y: 'late', ...PUBLISHED })] : []),
          // z set: with one width so far, Plot would take the two points' colours for a quantitative channel.
          Plot.line(dist, { x: 'width', y: 'distance', z: 'when', stroke: 'when' }),
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

export default trajectoryFigure;
