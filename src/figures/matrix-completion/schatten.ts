import * as Plot from '@observablehq/plot';
import type { SchattenResult } from '../../experiments/matrix-completion/schatten.spec.ts';
import { groupBy, median } from '../../experiments/runtime/stats.ts';
import { decimal, linearAxis, logAxis } from '../axes.ts';
import type { FigureDefinition } from '../types.ts';
import { fmt, GHOST, METHOD_COLORS } from './shared.ts';

/** p as a reader writes it: 1, 2/3, 1/2 (a fraction with a small denominator), else a decimal. */
export function pLabel(p: number): string {
  for (let q = 1; q <= 12; q++) {
    const num = Math.round(p * q);
    if (num > 0 && Math.abs(num / q - p) < 1e-9) return q === 1 ? String(num) : `${num}/${q}`;
  }
  return decimal(p, 3);
}

/** Colours of the minimum-S_p completions: the nuclear norm's grey, then purples for p < 1. */
const P_COLORS = ['#9e9ac8', '#756bb1', '#54278f', '#3f007d'];
const colorOfP = (p: number, lower: number[]) => (p === 1 ? METHOD_COLORS['nuclear norm']! : P_COLORS[Math.min(P_COLORS.length - 1, lower.indexOf(p) + 1)]!);

interface MethodRow {
  method: string;
  color: string;
  seed: number;
  error: number;
  effectiveRank: number;
  /** Converged (networks: reached the training tolerance; IRLS/ADMM: met its stopping test). */
  ok: boolean;
}

function methodRows(r: SchattenResult): MethodRow[] {
  const lower = r.ps.filter((p) => p < 1);
  return [
    ...r.ps.flatMap((p) =>
      r.minima
        .filter((m) => m.p === p)
        .map((m) => ({ method: `min Sₚ, p = ${pLabel(p)}`, color: colorOfP(p, lower), seed: m.seed, error: m.paperError ?? m.testError, effectiveRank: m.effectiveRank, ok: m.converged })),
    ),
    ...r.runs.map((x) => ({
      method: `depth ${x.depth}`,
      color: METHOD_COLORS[`depth ${x.depth}`] ?? '#333',
      seed: x.seed,
      error: x.paperError ?? x.testError,
      effectiveRank: x.effectiveRank ?? NaN,
      ok: x.status === 'converged',
    })),
  ];
}

interface RatioRow {
  p: string;
  depth: string;
  color: string;
  seed: number;
  ratio: number;
  /** The same ratio with the network's S_p over its `rank` largest singular values only. */
  topRatio: number;
  ok: boolean;
}

function ratioRows(r: SchattenResult): RatioRow[] {
  return r.runs.flatMap((x) =>
    r.ps.flatMap((p, k) => {
      const min = r.minima.find((m) => m.seed === x.seed && m.p === p);
      const v = x.schatten[k];
      const top = x.schattenTop[k];
      if (!min || v === null || v === undefined) return [];
      return [
        {
          p: `p = ${pLabel(p)}`,
          depth: `depth ${x.depth}`,
          color: METHOD_COLORS[`depth ${x.depth}`] ?? '#333',
          seed: x.seed,
          ratio: v / min.schatten,
          topRatio: top === null || top === undefined ? NaN : top / min.schatten,
          ok: x.status === 'converged' && min.converged,
        },
      ];
    }),
  );
}

function medians<T extends { seed: number; ok: boolean }>(list: T[], key: (x: T) => string, value: (x: T) => number) {
  return [...groupBy(list, key).values()].map((group) => {
    const v = group.map(value).filter(Number.isFinite);
    return { key: key(group[0]!), first: group[0]!, median: v.length ? median(v) : NaN, lo: Math.min(...v), hi: Math.max(...v), ok: group.every((x) => x.ok) };
  });
}

const schattenFigure: FigureDefinition<SchattenResult> = {
  id: 'fig-mc-schatten',
  experiment: 'mc-schatten',
  title: 'Minimum Schatten-p completions against depth 2 and depth 3',
  caption:
    'On the same observed entries ($n = 100$, rank $5$, $K = 2000$, three seeds): the completions of minimum Schatten-$p$ quasi-norm $\\|X\\|_{S_p} = (\\sum_i \\sigma_i^p)^{1/p}$ (float64; $p = 1$, the nuclear norm, by the certified ADMM solver; $p < 1$ by iteratively reweighted least squares warm-started from it, which finds a stationary point of a non-convex problem, not a certified minimum), and depth-2 and depth-3 linear networks trained by gradient descent from initial scale $10^{-3}$ to training MSE $10^{-6}$. Left: reconstruction error $\\|W - W^*\\|_F^2 / \\|W^*\\|_F^2$. Middle: effective rank (dashed: the true rank). Right: $\\|W\\|_{S_p}$ of each network solution, over all its singular values, divided by that of the minimum-$S_p$ completion of the same instance (dashed: 1, the minimum). Dots: seeds; large dots: medians; open circles: some run or solve stopped at its step or iteration cap (none did in the published data). What the published data show differs from the essay’s sentence: on this instance a simple Schatten objective does as well as depth 3. The minimum-$S_{2/3}$ and minimum-$S_{1/2}$ completions recover the matrix (median error $10^{-13}$ and $2 \\times 10^{-14}$, effective rank $4.92$, that of the truth), better than depth 3 (error $2 \\times 10^{-5}$, effective rank $5.01$), while the nuclear norm ($0.034$) and depth 2 ($0.050$) do not. Depth 3’s solution is within 5% of the minimum for $p = 1$ and $2/3$; its $S_{1/2}$ is 31% above the minimum, mostly from its tail of small singular values (over its $5$ largest alone it is within 0.5% of the minimum, just below it). Depth 2 has a nuclear norm within 2% of the minimum, yet recovers worse than the nuclear norm, and its $S_{2/3}$ and $S_{1/2}$ are $1.7$ and $3.7$ times the minimum. Depth 3 is thus not the minimiser of any of these quasi-norms, but it ends near the matrix that the $p < 1$ minimisers find.',
  spec(result, { width, published }) {
    // Three panels across a wide column, two (the ratio panel below) across a medium one, else one.
    const across = width >= 960 ? 3 : width >= 560 ? 2 : 1;
    const panelWidth = Math.max(240, Math.floor((width - 16 * (across + 1)) / across));
    const rows = methodRows(result);
    const methods = [...new Set(rows.map((x) => x.method))];
    const ghostRows = published ? methodRows(published) : [];
    const rowHeight = 26;
    const methodPanel = (metric: 'error' | 'effectiveRank', label: string) => {
      const value = (x: MethodRow) => x[metric];
      const data = medians(rows, (x) => x.method, value);
      const ghost = medians(ghostRows, (x) => x.method, value).filter((d) => methods.includes(d.key));
      const marginLeft = 92;
      const pixels = panelWidth - marginLeft - 16;
      // Domains padded so that no dot sits on the frame's edge (log: 4% of the decades; linear: 8%).
      const values = [...rows.map(value), ...ghost.map((d) => d.median), ...(metric === 'effectiveRank' ? [result.rank] : [])].filter((v) => Number.isFinite(v) && (metric !== 'error' || v > 0));
      const [lo, hi] = [Math.min(...values), Math.max(...values)];
      const domain: [number, number] =
        metric === 'error'
          ? [lo / Math.pow(hi / lo, 0.04), hi * Math.pow(hi / lo, 0.04)]
          : [lo - 0.08 * Math.max(hi - lo, 0.5), hi + 0.08 * Math.max(hi - lo, 0.5)];
      return {
        width: panelWidth,
        height: methods.length * rowHeight + 64,
        marginLeft,
        marginRight: 16,
        // The reference line's label sits in the top margin, above the frame: it can cover no mark.
        marginTop: 24,
        marginBottom: 40,
        x: metric === 'error' ? logAxis({ label, along: 'x', pixels, grid: true, domain }) : linearAxis({ label, grid: true, domain }),
        // Method names are written as text in the left margin, not as axis ticks (they are names, not numbers).
        y: { domain: methods, type: 'point' as const, padding: 0.6, axis: null },
        marks: [
          Plot.text(methods, { y: (d: string) => d, text: (d: string) => d, frameAnchor: 'left', dx: -8, textAnchor: 'end', fill: 'currentColor' }),
          ...(published ? [Plot.dot(ghost, { x: 'median', y: 'key', stroke: GHOST, strokeWidth: 5, strokeOpacity: 0.45, r: 6 })] : []),
          ...(metric === 'effectiveRank'
            ? [
                Plot.ruleX([result.rank], { stroke: 'currentColor', strokeOpacity: 0.55, strokeDasharray: '4,3' }),
                Plot.text([`true rank ${result.rank}`], { x: () => result.rank, frameAnchor: 'top', dy: -8, lineAnchor: 'bottom', textAnchor: 'middle', fill: 'currentColor', fillOpacity: 0.75 }),
              ]
            : []),
          Plot.ruleY(data, { y: 'key', x1: 'lo', x2: 'hi', stroke: (d) => d.first.color }),
          Plot.dot(rows, { x: value, y: 'method', fill: (d) => d.color, r: 2, fillOpacity: 0.6 }),
          Plot.dot(data, { x: 'median', y: 'key', stroke: (d) => d.first.color, fill: (d) => (d.ok ? d.first.color : 'var(--plot-background, white)'), r: 4.5, strokeWidth: 1.5 }),
        ],
      };
    };
    const ratios = ratioRows(result);
    const ghostRatios = published ? ratioRows(published) : [];
    const pKeys = result.ps.map((p) => `p = ${pLabel(p)}`);
    const depths = [...new Set(ratios.map((x) => x.depth))];
    // Rows of p, top to bottom; the depths side by side within a row (a fifth of a row apart).
    const pos = (d: { p: string; depth: string }) => pKeys.indexOf(d.p) + (depths.length < 2 ? 0 : (depths.indexOf(d.depth) / (depths.length - 1) - 0.5) * 0.36);
    const ratioData = medians(ratios, (x) => `${x.p}|${x.depth}`, (x) => x.ratio);
    const ratioGhost = medians(ghostRatios, (x) => `${x.p}|${x.depth}`, (x) => x.ratio).filter((d) => pKeys.includes(d.first.p));
    const ratioPixels = panelWidth - 60 - 16;
    const ratioValues = [...ratios.map((x) => x.ratio), ...ratioGhost.map((d) => d.median), 1].filter((v) => Number.isFinite(v) && v > 0);
    const ratioPanel = {
      width: panelWidth,
      height: pKeys.length * 2 * rowHeight + 64,
      marginLeft: 60,
      marginRight: 16,
      // The reference line's label sits in the top margin, above the frame: it can cover no mark.
      marginTop: 24,
      marginBottom: 40,
      x: logAxis({ label: 'Sₚ of the network ÷ minimum Sₚ', along: 'x', pixels: ratioPixels, grid: true, domain: [Math.min(...ratioValues) / 1.05, Math.max(...ratioValues) * 1.05] }),
      y: { type: 'linear' as const, domain: [pKeys.length - 0.4, -0.6], axis: null },
      color: { legend: true, domain: depths, range: depths.map((d) => METHOD_COLORS[d] ?? '#333') },
      marks: [
        Plot.text(pKeys, { y: (_: string, i: number) => i, text: (d: string) => d, frameAnchor: 'left', dx: -8, textAnchor: 'end', fill: 'currentColor' }),
        Plot.ruleX([1], { stroke: 'currentColor', strokeOpacity: 0.55, strokeDasharray: '4,3' }),
        Plot.text(['minimum'], { x: () => 1, frameAnchor: 'top', dy: -8, lineAnchor: 'bottom', textAnchor: 'middle', fill: 'currentColor', fillOpacity: 0.75 }),
        ...(published ? [Plot.dot(ratioGhost, { x: 'median', y: (d) => pos(d.first), stroke: GHOST, strokeWidth: 5, strokeOpacity: 0.45, r: 6 })] : []),
        Plot.dot(ratios, { x: 'ratio', y: pos, fill: 'depth', r: 2, fillOpacity: 0.6 }),
        Plot.dot(ratioData, { x: 'median', y: (d) => pos(d.first), stroke: (d) => d.first.depth, fill: (d) => (d.ok ? d.first.depth : 'var(--plot-background, white)'), r: 4.5, strokeWidth: 1.5 }),
      ],
    };
    return [methodPanel('error', 'reconstruction error'), methodPanel('effectiveRank', 'effective rank'), ratioPanel];
  },
  describe(result) {
    const rows = medians(methodRows(result), (x) => x.method, (x) => x.error);
    const ranks = medians(methodRows(result), (x) => x.method, (x) => x.effectiveRank);
    const ratios = medians(ratioRows(result), (x) => `${x.depth}, ${x.p}`, (x) => x.ratio);
    const capped = [...methodRows(result).filter((x) => !x.ok).map((x) => `${x.method} (seed ${x.seed})`)];
    return (
      `Median over seeds: ${rows.map((d, i) => `${d.key}: error ${fmt(d.median)}, effective rank ${fmt(ranks[i]!.median)}`).join('; ')}. ` +
      `Schatten-p value of the network solution over the minimum: ${ratios.map((d) => `${d.key}: ${fmt(d.median)}`).join('; ')}.` +
      (capped.length ? ` Stopped at a cap: ${capped.join(', ')}.` : ' Every run and every solve met its stopping test.')
    );
  },
  table(result) {
    const ratios = ratioRows(result);
    const ratioText = (depth: number, seed: number, top: boolean) =>
      result.ps.map((p) => {
        const row = ratios.find((x) => x.depth === `depth ${depth}` && x.seed === seed && x.p === `p = ${pLabel(p)}`);
        return row ? fmt(top ? row.topRatio : row.ratio) : '—';
      }).join(' / ');
    return {
      columns: ['method', 'seed', 'error', 'effective rank', `S_p ÷ minimum (p = ${result.ps.map(pLabel).join(' / ')})`, `same, ${result.rank} largest singular values`, 'stopped by'],
      rows: [
        ...result.minima.map((m) => [`min Sₚ, p = ${pLabel(m.p)}`, m.seed, fmt(m.paperError ?? m.testError), fmt(m.effectiveRank), '1', '—', `${m.solver}, ${m.iterations} iterations, ${m.converged ? 'converged' : 'iteration cap'}`]),
        ...result.runs.map((x) => [`depth ${x.depth}`, x.seed, fmt(x.paperError ?? x.testError), fmt(x.effectiveRank), ratioText(x.depth, x.seed, false), ratioText(x.depth, x.seed, true), x.status]),
      ],
    };
  },
};

export default schattenFigure;
