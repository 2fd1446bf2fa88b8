/**
 * The one axis style of every figure (pure: used at build time and in the browser), typeset as in a
 * paper:
 * - numbers are plain decimals (0.05, 400, 2000) or powers of ten (10⁻³), never SI prefixes (500m,
 *   1k), never e-notation (1e-3, 1.00e-3), and with a true minus sign (−0.2);
 * - a log axis labels either decades alone, as powers of ten, when it spans 2.5 decades or more, or
 *   1-2-5 steps (denser on a short axis) as plain decimals when it spans less: never a mix of both
 *   styles on one axis;
 * - ticks are spaced for their labels at the pixel length the axis is laid out at; no unlabelled
 *   minor ticks between decades (decades too close to label each are drawn as unlabelled ticks).
 * Every figure spec takes its axes from here: `logAxis`, `linearAxis`; `scientific` for numbers in
 * annotations.
 */
import type * as Plot from '@observablehq/plot';

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
/** The minus sign of typeset numbers (U+2212), as d3-format writes it. */
export const MINUS = '−';

/** The exponent e when x = 10^e exactly (within float noise), else null. */
export function decadeOf(x: number): number | null {
  if (!(x > 0) || !Number.isFinite(x)) return null;
  const e = Math.round(Math.log10(x));
  return Math.abs(x / 10 ** e - 1) < 1e-9 ? e : null;
}

/** 10 with a superscript exponent: 10⁻³, 10⁰, 10¹ (so that every label of a decade axis reads alike). */
export function powerOfTen(exponent: number): string {
  return `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/** A plain decimal with at most `digits` significant digits: 0.5, 400, 1200, −0.25 (never 500m, 1.2k or 1e-3). */
export function decimal(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '';
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(digits));
  const a = Math.abs(rounded);
  // toFixed, not String: String writes 1e-7 and 1e+21 in e-notation.
  const decimals = Math.max(0, Math.min(20, digits - 1 - Math.floor(Math.log10(a))));
  const text = a.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return rounded < 0 ? `${MINUS}${text}` : text;
}

/**
 * A number for running text and annotations: a plain decimal from 0.01 to 10⁵, else a mantissa times a
 * power of ten (2.2 × 10⁻⁵); `digits` significant digits.
 */
export function scientific(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a === 0 || (a >= 0.01 && a < 1e5)) return decimal(x, digits);
  const e = Math.floor(Math.log10(a));
  let mantissa = Number((a / 10 ** e).toPrecision(digits));
  let exponent = e;
  if (mantissa >= 10) (mantissa /= 10), (exponent += 1);
  const sign = x < 0 ? MINUS : '';
  return mantissa === 1 ? `${sign}${powerOfTen(exponent)}` : `${sign}${decimal(mantissa, digits)} × ${powerOfTen(exponent)}`;
}

/** The ticks of a log axis over [lo, hi] and their labels ('' for a tick drawn without a label). */
export interface LogTicks {
  style: 'power' | 'decimal';
  ticks: number[];
  labels: Map<number, string>;
}

/**
 * Whether labelled ticks `a` and `b` (labels `la`, `lb`), `d` pixels apart, leave room between their
 * labels: on a y axis labels are about 10 px tall (22 px from one to the next), on an x axis about 6 px
 * a character wide (plus 12 px between neighbours).
 */
function roomy(la: string, lb: string, d: number, axis: 'x' | 'y'): boolean {
  if (axis === 'y') return d >= 22;
  return d >= (6 * [...la].length + 6 * [...lb].length) / 2 + 12;
}

const MANTISSAS = [[1], [1, 2, 5], [1, 2, 3, 5], [1, 2, 4, 6, 8], [1, 2, 3, 4, 5, 6, 8], [1, 2, 3, 4, 5, 6, 7, 8, 9]];

/** Values m·10^e (m in `mantissas`) within [lo, hi], ascending. */
function logSteps(lo: number, hi: number, mantissas: number[]): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of mantissas) {
      // Written as a decimal literal would be (0.2, not 0.20000000000000004): exact labels and keys.
      const v = e < 0 ? m / 10 ** -e : m * 10 ** e;
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/**
 * Ticks of a log axis over [lo, hi] laid out `pixels` long, with room between labels (`roomy`). Two and
 * a half decades or more: decades, labelled 10ⁿ (every 2nd, 3rd, 5th... decade when they are close, the others
 * drawn unlabelled). Less: the densest of 1, 1-2-5, 1-2-3-5, 1-2-4-6-8, ..., 1-9 steps that keeps labels apart,
 * labelled as plain decimals (at least two ticks where the axis holds two of any kind).
 */
export function logTicks(lo: number, hi: number, pixels = 300, axis: 'x' | 'y' = 'y'): LogTicks {
  if (lo > hi) [lo, hi] = [hi, lo];
  if (!(lo > 0) || !Number.isFinite(hi)) return { style: 'decimal', ticks: [], labels: new Map() };
  const span = Math.log10(hi / lo);
  const perDecade = pixels / Math.max(span, 1e-9);
  const decades = logSteps(lo, hi, [1]);
  if (span >= 2.5 && decades.length >= 2) {
    const widest = [lo, hi].map((v) => powerOfTen(Math.floor(Math.log10(v)))).sort((a, b) => b.length - a.length)[0]!;
    const every = [1, 2, 3, 5, 10, 20].find((k) => roomy(widest, widest, k * perDecade, axis)) ?? 50;
    const labels = new Map<number, string>();
    // Labelled decades are multiples of `every`, or counted from the top decade where that labels fewer than two.
    const top = decadeOf(decades[decades.length - 1]!)!;
    const anchor = decades.filter((v) => decadeOf(v)! % every === 0).length >= 2 ? 0 : top;
    const labelled = (v: number) => (decadeOf(v)! - anchor) % every === 0;
    // Unlabelled decades only where they are not a crowd of ticks themselves.
    const ticks = decades.filter((v) => labelled(v) || perDecade >= 6);
    for (const v of ticks) labels.set(v, labelled(v) ? powerOfTen(decadeOf(v)!) : '');
    return { style: 'power', ticks, labels };
  }
  const fits = (ticks: number[]) => ticks.slice(1).every((v, i) => roomy(decimal(ticks[i]!), decimal(v), Math.log10(v / ticks[i]!) * perDecade, axis));
  const candidates = MANTISSAS.map((m) => logSteps(lo, hi, m));
  let ticks = [...candidates].reverse().find((t) => t.length >= 2 && fits(t)) ?? candidates.find((t) => t.length >= 2);
  if (!ticks) {
    // Less than one step of 1-9 apart: evenly spaced decimal steps (0.061, 0.062, ...).
    const step = 10 ** Math.floor(Math.log10(Math.max(hi - lo, hi * 1e-6)));
    ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi * (1 + 1e-9); v += step) ticks.push(Number(v.toPrecision(12)));
    if (ticks.length === 0) ticks = [lo];
  }
  return { style: 'decimal', ticks, labels: new Map(ticks.map((v) => [v, decimal(v)])) };
}

export interface LogAxisOptions extends Plot.ScaleOptions {
  /** Length of the axis in pixels as laid out (the panel's width or height less its margins); default 300. */
  pixels?: number;
  /** Which axis this is: how much room a label needs (`roomy`); default 'y'. */
  along?: 'x' | 'y';
}

/**
 * Options of a log-scaled axis in the shared style. The ticks are computed from the scale's domain when
 * Plot draws the axis (an interval whose range is `logTicks`), so the style suits the data drawn.
 */
export function logAxis(options: LogAxisOptions = {}): Plot.ScaleOptions {
  const { pixels = 300, along = 'y', ...scale } = options;
  let labels = new Map<number, string>();
  const ticks = {
    floor: (x: number) => x,
    offset: (x: number) => x,
    range: (lo: number, hi: number) => {
      const t = logTicks(lo, hi, pixels, along);
      labels = t.labels;
      return t.ticks;
    },
  };
  return { type: 'log', ticks, tickFormat: (x: number) => labels.get(x) ?? logTickLabel(x), ...scale };
}

/** Tick label of a log axis without a computed layout: decades as powers of ten, other ticks unlabelled. */
export function logTickLabel(x: number): string {
  const e = decadeOf(x);
  return e === null ? '' : powerOfTen(e);
}

/**
 * Options of a linear axis of numbers in the shared style: d3's fixed-point format at the precision of
 * the tick step (0.0, 0.2, 0.4; 2000 without a thousands comma), with a true minus sign.
 */
export function linearAxis(options: Plot.ScaleOptions = {}): Plot.ScaleOptions {
  return { tickFormat: 'f', ...options };
}

/** How a scale maps data to the frame, for `placeLabel`: log or linear, and reversed or not. */
export interface ScaleSketch {
  type?: 'log' | 'linear';
  reverse?: boolean;
  domain: [number, number];
}

/** Where `placeLabel` puts a label: at the frame's left or right end, above or below its line. */
export interface LabelPlacement {
  side: 'left' | 'right';
  above: boolean;
  /** Text options for Plot.text at the end of the line: x is the domain's value at that end. */
  x: number;
  textAnchor: 'start' | 'end';
  lineAnchor: 'top' | 'bottom';
  dx: number;
  dy: number;
  /** The label's box in the frame (0-1 from left and from bottom): for the next label to avoid. */
  box: LabelBox;
  /** Whether the box is clear of every line, point and label (else it is the least covered place). */
  clear: boolean;
}

/** A box in the frame, in fractions of its width and height (from the left, from the bottom). */
export interface LabelBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const toUnit = (v: number, s: ScaleSketch) => {
  const [a, b] = s.type === 'log' ? [Math.log10(s.domain[0]), Math.log10(s.domain[1])] : s.domain;
  const t = ((s.type === 'log' ? Math.log10(v) : v) - a) / (b - a || 1);
  return s.reverse ? 1 - t : t;
};

/**
 * Where to write the label of a horizontal reference line at y = `at` (in a frame `width` x `height`
 * pixels, the label `chars` characters long) so that it sits on no line and no point of `series`
 * (each a polyline of {x, y} in data units) and overlaps no box of `avoid` (labels placed before): the
 * first of left-above, right-above, left-below, right-below whose box is clear, else the one that covers
 * least. Stays inside the frame.
 */
export function placeLabel(
  series: { x: number; y: number }[][],
  at: number,
  frame: { x: ScaleSketch; y: ScaleSketch; width: number; height: number },
  chars: number,
  avoid: LabelBox[] = [],
): LabelPlacement {
  // The label's box: 4 px in from the frame's end, about 5.6 px a character of 10 px type; 3 px off its
  // line and 12 px tall.
  const w = (4 + 5.6 * chars) / frame.width;
  const h = 15 / frame.height;
  const ref = toUnit(at, frame.y);
  const lines = series.map((line) =>
    line.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (frame.y.type !== 'log' || p.y > 0)).map((p) => ({ x: toUnit(p.x, frame.x), y: toUnit(p.y, frame.y) })).sort((p, q) => p.x - q.x),
  );
  const candidates = (['left', 'right'] as const).flatMap((side) => [true, false].map((above) => ({ side, above })));
  const order = [candidates[0]!, candidates[2]!, candidates[1]!, candidates[3]!];
  const boxOf = ({ side, above }: { side: 'left' | 'right'; above: boolean }): LabelBox => {
    const [x0, x1] = side === 'left' ? [0, w] : [1 - w, 1];
    const [y0, y1] = above ? [ref, ref + h] : [ref - h, ref];
    return { x0, x1, y0, y1 };
  };
  const cover = (candidate: { side: 'left' | 'right'; above: boolean }) => {
    const { x0, x1, y0, y1 } = boxOf(candidate);
    if (y0 < -1e-9 || y1 > 1 + 1e-9) return Infinity; // outside the frame
    let hits = 1000 * avoid.filter((b) => b.x0 < x1 && x0 < b.x1 && b.y0 < y1 && y0 < b.y1).length;
    for (const line of lines) {
      line.forEach((p, i) => {
        const q = line[i + 1];
        // The point, and the segment to the next one sampled finely, against the box (a little margin).
        for (let k = 0; k <= (q ? 24 : 0); k++) {
          const x = q ? p.x + ((q.x - p.x) * k) / 24 : p.x;
          const y = q ? p.y + ((q.y - p.y) * k) / 24 : p.y;
          if (x >= x0 - 0.01 && x <= x1 + 0.01 && y >= y0 - 0.01 && y <= y1 + 0.01) hits++;
        }
      });
    }
    return hits;
  };
  const best = order.reduce((a, b) => (cover(b) < cover(a) ? b : a));
  const chosen = order.find((c) => cover(c) === 0) ?? best;
  const leftValue = frame.x.reverse ? frame.x.domain[1] : frame.x.domain[0];
  const rightValue = frame.x.reverse ? frame.x.domain[0] : frame.x.domain[1];
  return {
    ...chosen,
    x: chosen.side === 'left' ? leftValue : rightValue,
    textAnchor: chosen.side === 'left' ? 'start' : 'end',
    lineAnchor: chosen.above ? 'bottom' : 'top',
    dx: chosen.side === 'left' ? 4 : -4,
    dy: chosen.above ? -3 : 3,
    box: boxOf(chosen),
    clear: cover(chosen) === 0,
  };
}

/**
 * The ticks of `values` (ascending) to label when each needs `gap` pixels: the first, then each next one
 * at least `gap` past the last kept, given its position `px(v)` in pixels. For explicit tick lists (the
 * sizes a sweep was run at) on a narrow figure.
 */
export function spacedTicks(values: number[], px: (v: number) => number, gap: number): number[] {
  const kept: number[] = [];
  for (const v of values) if (kept.length === 0 || px(v) - px(kept[kept.length - 1]!) >= gap) kept.push(v);
  return kept;
}
