import * as Plot from '@observablehq/plot';
import type { Depth2Result } from '../../experiments/matrix-completion/depth2-vs-nuclear.spec.ts';
import { groupBy, median } from '../../experiments/runtime/stats.ts';
import { linearAxis, logAxis, placeLabel, type LabelBox } from '../axes.ts';
import type { FigureDefinition } from '../types.ts';
import { fmt, METHOD_COLORS, GHOST } from './shared.ts';

interface Row {
  initScale: number;
  seed: number;
  error: number;
  nuclearNorm: number;
  /** Nuclear norm of the depth-2 solution over the minimum (same seed): >= 1. */
  normRatio: number;
  effectiveRank: number;
  status: string;
}

function rows(r: Depth2Result): Row[] {
  return r.runs.map((x) => {
    const nn = r.nuclear.find((y) => y.seed === x.seed);
    return {
      initScale: x.initScale,
      seed: x.seed,
      error: x.paperError ?? x.testError,
      nuclearNorm: x.nuclearNorm ?? NaN,
      normRatio: nn && x.nuclearNorm !== null ? x.nuclearNorm / nn.nuclearNorm : NaN,
      effectiveRank: x.effectiveRank ?? NaN,
      status: x.status,
    };
  });
}

type Metric = 'error' | 'normRatio' | 'effectiveRank';

function summary(r: Depth2Result, metric: Metric) {
  return [...groupBy(rows(r), (x) => String(x.initScale)).values()].map((list) => {
    const v = list.map((x) => x[metric]);
    return { initScale: list[0]!.initScale, median: median(v), lo: Math.min(...v), hi: Math.max(...v), capped: list.some((x) => x.status !== 'converged') };
  });
}

const depth2Figure: FigureDefinition<Depth2Result> = {
  id: 'fig-mc-depth2-vs-nuclear',
  experiment: 'mc-depth2-vs-nuclear',
  title: 'Depth 2 against the minimum nuclear norm as the initialisation shrinks',
  caption:
    'Depth-2 networks trained from initial scale $s$ (horizontal axis, log) on the same observed entries as the minimum-nuclear-norm completion (grey). Left: reconstruction error. Middle: nuclear norm of the depth-2 solution divided by the minimum (1 would mean the same norm). Right: effective rank. Points: medians over seeds; bars: all seeds; open circles: some runs stopped at the step cap. The sweep goes down until the error levels off (at the level the training tolerance allows).',
  spec(result, { width, published }) {
    const panelWidth = Math.max(160, Math.floor(width / 3));
    const height = Math.round(Math.min(280, panelWidth * 0.9));
    const x = logAxis({ label: 'initial scale s', reverse: true, along: 'x', pixels: panelWidth - 70 });
    const nuclearError = median(result.nuclear.map((y) => y.paperError ?? y.testError));
    const nuclearRank = median(result.nuclear.map((y) => y.effectiveRank));
    const color = METHOD_COLORS['depth 2']!;
    const panel = (metric: Metric, label: string, yType: 'log' | 'linear', reference: { y: number; text: string }[]) => {
      const data = summary(result, metric);
      const ghost = published ? summary(published, metric) : [];
      // Each reference line's label goes where it covers no line, bar or point (frame: margins 50/20, 20/30).
      const xs = [...data, ...ghost].map((d) => d.initScale);
      const ys = [...data.flatMap((d) => [d.lo, d.hi, d.median]), ...ghost.map((d) => d.median), ...reference.map((r) => r.y)].filter((v) => Number.isFinite(v) && (yType !== 'log' || v > 0));
      const frame = {
        x: { type: 'log' as const, reverse: true, domain: [Math.min(...xs), Math.max(...xs)] as [number, number] },
        y: { type: yType, domain: [Math.min(...ys), Math.max(...ys)] as [number, number] },
        width: panelWidth - 70,
        height: height - 50,
      };
      const drawn = [
        data.map((d) => ({ x: d.initScale, y: d.median })),
        ghost.map((d) => ({ x: d.initScale, y: d.median })),
        ...data.map((d) => [{ x: d.initScale, y: d.lo }, { x: d.initScale, y: d.hi }]),
      ];
      const placed: LabelBox[] = [];
      return {
        width: panelWidth,
        height,
        marginLeft: 50,
        x,
        y: { ...(yType === 'log' ? logAxis({ pixels: height - 50 }) : linearAxis()), label, grid: true },
        marks: [
          ...(published ? [Plot.line(ghost, { x: 'initScale', y: 'median', stroke: GHOST, strokeWidth: 5, strokeOpacity: 0.45 })] : []),
          ...reference.map((ref) => Plot.ruleY([ref.y], { stroke: 'currentColor', strokeOpacity: 0.55, strokeDasharray: '4,3' })),
          // A label with no clear place is left out (the caption says what the grey lines are).
          ...reference.flatMap((ref) => {
            const { x: at, side: _side, above: _above, box, clear, ...place } = placeLabel(drawn, ref.y, frame, ref.text.length, placed);
            if (!clear) return [];
            placed.push(box);
            return [Plot.text([ref], { x: () => at, y: 'y', text: 'text', ...place, fill: 'currentColor', fillOpacity: 0.75 })];
          }),
          Plot.ruleX(data, { x: 'initScale', y1: 'lo', y2: 'hi', stroke: color }),
          Plot.line(data, { x: 'initScale', y: 'median', stroke: color }),
          Plot.dot(data, { x: 'initScale', y: 'median', stroke: color, fill: (d) => (d.capped ? 'var(--plot-background, white)' : color), r: 3 }),
        ],
      };
    };
    return [
      panel('error', 'reconstruction error', 'log', [{ y: nuclearError, text: 'nuclear norm' }]),
      panel('normRatio', 'nuclear norm ÷ minimum', 'linear', [{ y: 1, text: 'minimum' }]),
      panel('effectiveRank', 'effective rank', 'linear', [
        { y: result.rank, text: `true rank ${result.rank}` },
        { y: nuclearRank, text: 'nuclear norm' },
      ]),
    ];
  },
  describe(result) {
    const err = summary(result, 'error');
    const ratio = summary(result, 'normRatio');
    const rank = summary(result, 'effectiveRank');
    const nuclearError = median(result.nuclear.map((y) => y.paperError ?? y.testError));
    const nuclearRank = median(result.nuclear.map((y) => y.effectiveRank));
    return `Median over seeds, by initial scale: ${err.map((d, i) => `s=${d.initScale.toExponential(0)}: error ${fmt(d.median)}, nuclear norm ${fmt(ratio[i]!.median)}× the minimum, effective rank ${fmt(rank[i]!.median)}`).join('; ')}. The minimum-nuclear-norm completion has error ${fmt(nuclearError)} and effective rank ${fmt(nuclearRank)}.`;
  },
  table(result) {
    return {
      columns: ['method', 'initial scale', 'seed', 'error', 'nuclear norm', 'norm ÷ minimum', 'effective rank', 'stopped by'],
      rows: [
        ...rows(result).map((x) => ['depth 2', x.initScale, x.seed, fmt(x.error), fmt(x.nuclearNorm), fmt(x.normRatio), fmt(x.effectiveRank), x.status]),
        ...result.nuclear.map((y) => ['nuclear norm', '—', y.seed, fmt(y.paperError ?? y.testError), fmt(y.nuclearNorm), '1', fmt(y.effectiveRank), `gap ${y.relativeGap}`]),
      ],
    };
  },
};

export default depth2Figure;
