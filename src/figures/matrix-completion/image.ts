import * as Plot from '@observablehq/plot';
import type { ImageResult } from '../../experiments/matrix-completion/image.spec.ts';
import { decodeGray } from '../../experiments/matrix-completion/photo.ts';
import type { FigureDefinition } from '../types.ts';
import { fmt, grayPngDataUrl, METHOD_COLORS } from './shared.ts';
import { logAxis } from '../axes.ts';

function tiles(result: ImageResult) {
  const n = result.n;
  const original = decodeGray(result.original);
  const mask = decodeGray(result.mask);
  // Unobserved pixels are shown in a flat mid-gray checker so that they read as "missing".
  const observed = original.map((v, k) => (mask[k]! > 0 ? v : ((k % n) + Math.floor(k / n)) % 2 ? 96 : 160));
  const out = [
    { label: 'photo', note: `${n}×${n}`, src: grayPngDataUrl(original, n, n) },
    { label: 'observed', note: `${Math.round((100 * result.observations) / (n * n))}% of pixels`, src: grayPngDataUrl(observed, n, n) },
  ];
  if (result.nuclear) out.push({ label: 'nuclear norm', note: `error ${fmt(result.nuclear.testError)}`, src: grayPngDataUrl(decodeGray(result.nuclear.image), n, n) });
  for (const run of result.runs) {
    if (run.image) out.push({ label: `depth ${run.depth}`, note: `error ${fmt(run.testError)}`, src: grayPngDataUrl(decodeGray(run.image), n, n) });
  }
  return out;
}

/** Test error along each depth's trajectory (published data before trajectories were recorded: none). */
function trajectories(result: ImageResult) {
  return result.runs.flatMap((run) =>
    (run.trajectory?.step ?? []).map((step, p) => ({ method: `depth ${run.depth}`, step, error: run.trajectory.testError[p]! })).filter((d) => d.step > 0 && Number.isFinite(d.error)),
  );
}

function marks(result: ImageResult) {
  return result.runs.flatMap((run) => [
    ...(run.best ? [{ method: `depth ${run.depth}`, kind: 'best', step: run.best.step, error: run.best.testError }] : []),
    { method: `depth ${run.depth}`, kind: 'end', step: run.steps, error: run.testError },
  ]).filter((d) => d.step > 0);
}

function errorPanel(result: ImageResult, width: number) {
  const lines = trajectories(result);
  const points = marks(result);
  const domain = [...new Set(lines.map((d) => d.method))];
  const height = Math.round(Math.min(320, width * 0.6));
  return {
    width,
    height,
    marginLeft: 56,
    x: logAxis({ label: 'gradient-descent step', pixels: width - 76, along: 'x' }),
    y: logAxis({ label: 'error on missing pixels', pixels: height - 50, along: 'y' }),
    color: { legend: true, domain: [...domain, 'nuclear norm'], range: [...domain, 'nuclear norm'].map((m) => METHOD_COLORS[m]!) },
    marks: [
      ...(result.nuclear ? [Plot.ruleY([result.nuclear.testError], { stroke: METHOD_COLORS['nuclear norm'], strokeDasharray: '4,3' })] : []),
      Plot.line(lines, { x: 'step', y: 'error', stroke: 'method' }),
      Plot.dot(points.filter((d) => d.kind === 'best'), { x: 'step', y: 'error', stroke: 'method', fill: 'white', r: 4, title: (d) => `${d.method}: best ${fmt(d.error)} at step ${d.step}` }),
      Plot.dot(points.filter((d) => d.kind === 'end'), { x: 'step', y: 'error', fill: 'method', r: 3, title: (d) => `${d.method}: end ${fmt(d.error)} at step ${d.step}` }),
    ],
  };
}

const imageFigure: FigureDefinition<ImageResult> = {
  id: 'fig-mc-image',
  experiment: 'mc-image',
  title: 'Completing a photograph',
  caption:
    'A grayscale photograph (china.jpg of scikit-learn, by danielbuechele, CC BY 2.0) as a $100 \\times 100$ matrix, with 30% of its pixels observed (checkered: missing). Completions by the minimum nuclear norm and by linear networks of depth 1 to 3, each trained to the training tolerance; error: relative Frobenius error on the missing pixels. Below: that error along each network’s training (log scales), open circle at its lowest point, filled at the end; dashed: the nuclear norm. On this photograph depth does not help: depth 2 ends level with the nuclear norm, and depth 3 ends worse, its best point along the way (which training cannot see: it uses the missing pixels) only ties the nuclear norm. The essay’s claim of depth helping on real data is about MovieLens, below.',
  spec(result, { width }) {
    const data = tiles(result);
    const columns = Math.min(data.length, Math.max(2, Math.floor(width / 130)));
    const size = Math.floor(width / columns) - 8;
    const rows = Math.ceil(data.length / columns);
    const placed = data.map((d, i) => ({ ...d, col: i % columns, row: Math.floor(i / columns) }));
    // Two short lines under each tile (method, then its error), at a size that fits the tile's width.
    const fontSize = Math.max(9, Math.min(11, Math.floor(size / 11)));
    return [
      {
        width,
        height: rows * (size + 2 * fontSize + 20),
        margin: 0,
        marginTop: 4,
        x: { axis: null, domain: [0, columns] },
        y: { axis: null, domain: [rows, 0] },
        marks: [
          Plot.image(placed, { x: (d) => d.col + 0.5, y: (d) => d.row + 0.5, src: 'src', width: size, height: size, dy: -fontSize - 6, imageRendering: 'pixelated', title: 'label' }),
          Plot.text(placed, { x: (d) => d.col + 0.5, y: (d) => d.row + 1, text: (d) => `${d.label}\n${d.note}`, lineAnchor: 'bottom', dy: -4, fontSize }),
        ],
      },
      ...(result.runs.some((r) => r.trajectory) ? [errorPanel(result, width)] : []),
    ];
  },
  describe(result) {
    const parts = [
      ...(result.nuclear ? [`nuclear norm ${fmt(result.nuclear.testError)}`] : []),
      ...result.runs.map(
        (r) =>
          `depth ${r.depth} ${fmt(r.testError)}${r.status === 'converged' ? '' : ' (stopped at the step cap)'}${r.best ? ` (best along the way ${fmt(r.best.testError)} at step ${r.best.step})` : ''}`,
      ),
    ];
    return `A ${result.n} by ${result.n} grayscale photograph with ${result.observations} of its pixels observed, completed by several methods, and the error on the missing pixels along each network's training. Relative error on the missing pixels at the end: ${parts.join(', ')}.`;
  },
  table(result) {
    return {
      columns: ['method', 'error on missing pixels', 'RMSE (gray levels 0-1)', 'effective rank', 'iterations', 'stopped by', 'best error along the way', 'at step'],
      rows: [
        ...(result.nuclear ? [['nuclear norm', fmt(result.nuclear.testError), fmt(result.nuclear.testRmse * result.scale), fmt(result.nuclear.effectiveRank), result.nuclear.iterations, `gap ${result.nuclear.relativeGap}`, '', '']] : []),
        ...result.runs.map((r) => [`depth ${r.depth}`, fmt(r.testError), fmt(r.testRmse * result.scale), fmt(r.effectiveRank), r.steps, r.status, fmt(r.best?.testError), r.best?.step ?? '']),
      ],
    };
  },
};

export default imageFigure;
