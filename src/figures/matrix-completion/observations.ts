import * as Plot from '@observablehq/plot';
import type { ObservationsResult } from '../../experiments/matrix-completion/observations.spec.ts';
import { groupBy, median } from '../../experiments/runtime/stats.ts';
import { decimal, linearAxis, logAxis, placeLabel, spacedTicks } from '../axes.ts';
import type { FigureDefinition } from '../types.ts';
import { fmt, GHOST, METHOD_COLORS, methodOrder } from './shared.ts';

/** Errors below this are drawn at it (exact recovery by the nuclear norm reaches 1e-13). */
const DRAW_FLOOR = 1e-10;

interface Row {
  method: string;
  observations: number;
  seed: number;
  error: number;
  stopped: string;
}

function rows(r: ObservationsResult): Row[] {
  return [
    ...r.nuclear.map((x) => ({ method: 'nuclear norm', observations: x.observations, seed: x.seed, error: x.paperError ?? x.testError, stopped: x.converged ? 'converged' : 'not converged' })),
    ...r.runs.map((x) => ({ method: `depth ${x.depth}`, observations: x.observations, seed: x.seed, error: x.paperError ?? x.testError, stopped: x.status })),
  ];
}

function aggregate(r: ObservationsResult) {
  const out: { method: string; observations: number; median: number; lo: number; hi: number; seeds: number; capped: number }[] = [];
  for (const [key, list] of groupBy(rows(r), (x) => `${x.method}|${x.observations}`)) {
    const errors = list.map((x) => x.error);
    out.push({
      method: key.split('|')[0]!,
      observations: list[0]!.observations,
      median: median(errors),
      lo: Math.min(...errors),
      hi: Math.max(...errors),
      seeds: list.length,
      capped: list.filter((x) => x.stopped === 'max-steps' || x.stopped === 'diverged').length,
    });
  }
  return out.sort((a, b) => methodOrder.indexOf(a.method) - methodOrder.indexOf(b.method) || a.observations - b.observations);
}

const clamp = (x: number) => Math.max(x, DRAW_FLOOR);

const observationsFigure: FigureDefinition<ObservationsResult> = {
  id: 'fig-mc-observations',
  experiment: 'mc-observations',
  title: 'Reconstruction error against the number of observed entries',
  caption:
    'Error $\\|W - W^*\\|_F^2 / \\|W^*\\|_F^2$ of the completion of a random $100 \\times 100$ matrix of rank 5, against the number of observed entries (below: as a multiple of the $r(2n - r)$ degrees of freedom). Lines join the medians over seeds; bars span all seeds. An open circle marks a point where some runs stopped at the step cap before fitting the observations (none in the published run: all 72 reach the tolerance). The dashed line is the training tolerance (MSE $10^{-6}$), the floor of the deep models; values below $10^{-10}$ are drawn at $10^{-10}$.',
  spec(result, { width, published }) {
    const data = aggregate(result);
    const dof = result.dof;
    const domain = methodOrder.filter((m) => data.some((d) => d.method === m));
    const height = Math.round(Math.min(420, width * 0.7));
    const ks = [...new Set(data.map((d) => d.observations))];
    const ghost = published ? aggregate(published) : [];
    // The tolerance's label goes where it covers no line, bar or point (frame: margins 56/32, 20/48).
    const frame = {
      x: { domain: [Math.min(...ks, ...ghost.map((d) => d.observations)), Math.max(...ks, ...ghost.map((d) => d.observations))] as [number, number] },
      y: { type: 'log' as const, domain: [DRAW_FLOOR, 10] as [number, number] },
      width: width - 88,
      height: height - 68,
    };
    // Every K that was run where there is room (“1.5× dof” needs about 60 px), else spaced out, shorter.
    const xPixel = (k: number) => ((k - frame.x.domain[0]) / (frame.x.domain[1] - frame.x.domain[0] || 1)) * frame.width;
    const roomy = spacedTicks(ks, xPixel, 60).length === ks.length;
    const shown = roomy ? ks : spacedTicks(ks, xPixel, 36);
    const byMethod = (list: typeof data) => domain.map((m) => list.filter((d) => d.method === m).map((d) => ({ x: d.observations, y: clamp(d.median) })));
    const drawn = [...byMethod(data), ...byMethod(ghost), ...data.map((d) => [{ x: d.observations, y: clamp(d.lo) }, { x: d.observations, y: clamp(d.hi) }])];
    const { x: tolX, side: _side, above: _above, box: _box, clear: _clear, ...tolPlace } = placeLabel(drawn, result.targetLoss, frame, 'training tolerance'.length);
    return [
      {
        width,
        height,
        marginLeft: 56,
        marginRight: 32,
        marginBottom: 48,
        x: linearAxis({ label: 'observed entries K', tickFormat: (k: number) => `${decimal(k)}\n${(k / dof).toFixed(1)}×${roomy ? ' dof' : ''}`, ticks: shown }),
        y: logAxis({ label: 'reconstruction error', domain: [DRAW_FLOOR, 10], pixels: height - 68 }),
        color: { legend: true, domain, range: domain.map((m) => METHOD_COLORS[m]!) },
        marks: [
          ...(published ? [Plot.line(ghost, { x: 'observations', y: (d) => clamp(d.median), z: 'method', stroke: GHOST, strokeWidth: 5, strokeOpacity: 0.45 })] : []),
          Plot.ruleY([result.targetLoss], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '4,3' }),
          Plot.text([{ x: tolX, y: result.targetLoss }], { x: 'x', y: 'y', text: () => 'training tolerance', ...tolPlace, fill: 'currentColor', fillOpacity: 0.7 }),
          Plot.ruleX(data, { x: 'observations', y1: (d) => clamp(d.lo), y2: (d) => clamp(d.hi), stroke: 'method', strokeOpacity: 0.6, strokeWidth: 2 }),
          Plot.line(data, { x: 'observations', y: (d) => clamp(d.median), z: 'method', stroke: 'method' }),
          Plot.dot(data.filter((d) => d.capped === 0), { x: 'observations', y: (d) => clamp(d.median), stroke: 'method', fill: 'method', r: 3 }),
          // Open circles, filled with the figure's background (light or dark).
          Plot.dot(data.filter((d) => d.capped > 0), { x: 'observations', y: (d) => clamp(d.median), stroke: 'method', fill: 'var(--plot-background, white)', r: 3 }),
        ],
      },
    ];
  },
  describe(result) {
    const data = aggregate(result);
    const ks = [...new Set(data.map((d) => d.observations))];
    const at = ks.includes(2000) ? 2000 : ks[Math.floor(ks.length / 2)]!;
    const parts = data.filter((d) => d.observations === at).map((d) => `${d.method} ${fmt(d.median)}`);
    return `Median reconstruction error over ${Math.max(...data.map((d) => d.seeds))} seeds against the number of observed entries (${ks.join(', ')}). At ${at} observed entries: ${parts.join(', ')}.`;
  },
  table(result) {
    return {
      columns: ['method', 'observed entries', 'multiple of dof', 'seed', 'error', 'stopped by'],
      rows: rows(result)
        .sort((a, b) => methodOrder.indexOf(a.method) - methodOrder.indexOf(b.method) || a.observations - b.observations || a.seed - b.seed)
        .map((x) => [x.method, x.observations, Number((x.observations / result.dof).toFixed(2)), x.seed, fmt(x.error), x.stopped]),
    };
  },
};

export default observationsFigure;
