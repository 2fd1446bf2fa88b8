import * as Plot from '@observablehq/plot';
import type { ObservationsResult } from '../../experiments/matrix-completion/observations.spec.ts';
import { groupBy, median } from '../../experiments/runtime/stats.ts';
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
    'Error $\\|W - W^*\\|_F^2 / \\|W^*\\|_F^2$ of the completion of a random $100 \\times 100$ matrix of rank 5, against the number of observed entries (below: as a multiple of the $r(2n - r)$ degrees of freedom). Lines join the medians over seeds; bars span all seeds. Open circles: some runs stopped at the step cap before fitting the observations. The dashed line is the training tolerance (MSE $10^{-6}$), the floor of the deep models; values below $10^{-10}$ are drawn at $10^{-10}$.',
  spec(result, { width, published }) {
    const data = aggregate(result);
    const dof = result.dof;
    const domain = methodOrder.filter((m) => data.some((d) => d.method === m));
    return [
      {
        width,
        height: Math.round(Math.min(420, width * 0.7)),
        marginLeft: 56,
        marginBottom: 48,
        x: { label: 'observed entries K', tickFormat: (k: number) => `${k}\n${(k / dof).toFixed(1)}× dof`, ticks: [...new Set(data.map((d) => d.observations))] },
        y: { type: 'log', label: 'reconstruction error', tickFormat: '.0e', domain: [DRAW_FLOOR, 10] },
        color: { legend: true, domain, range: domain.map((m) => METHOD_COLORS[m]!) },
        marks: [
          ...(published ? [Plot.line(aggregate(published), { x: 'observations', y: (d) => clamp(d.median), z: 'method', stroke: GHOST, strokeWidth: 5, strokeOpacity: 0.45 })] : []),
          Plot.ruleY([result.targetLoss], { stroke: '#888', strokeDasharray: '4,3' }),
          Plot.text([{ x: Math.min(...data.map((d) => d.observations)), y: result.targetLoss }], { x: 'x', y: 'y', text: () => 'training tolerance', dy: -7, textAnchor: 'start', fill: '#666' }),
          Plot.ruleX(data, { x: 'observations', y1: (d) => clamp(d.lo), y2: (d) => clamp(d.hi), stroke: 'method', strokeOpacity: 0.6, strokeWidth: 2 }),
          Plot.line(data, { x: 'observations', y: (d) => clamp(d.median), stroke: 'method' }),
          Plot.dot(data, { x: 'observations', y: (d) => clamp(d.median), stroke: 'method', fill: (d) => (d.capped > 0 ? 'white' : d.method), r: 3 }),
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
