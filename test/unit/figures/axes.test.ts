// The shared axis style of every figure (src/figures/axes.ts, issue 13): numbers as plain decimals or
// powers of ten, one style per axis, labels spaced for their size, annotations off the data, and no
// Plot warning. Checked on the helpers, and on every figure spec drawn from its published full and
// reduced data at the widths it is laid out at (280 px live on a phone, 640 static, 720 live).
import { readFileSync } from 'node:fs';
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadFigure, specs } from '../../../src/experiments/registry.ts';
import { readPublishedData } from '../../../src/experiments/runtime/data-file.ts';
import { decadeOf, decimal, linearAxis, logAxis, logTicks, placeLabel, powerOfTen, scientific, spacedTicks } from '../../../src/figures/axes.ts';
import { renderPlotToString } from '../../../src/figures/render-static.ts';

const DECIMAL = /^−?\d+(\.\d+)?$/;
const POWER = /^10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/;
/** A tick label line: a number in one of the two styles, with at most a unit after it (1.5× dof, 80%). */
const LINE = /^(?<number>[^ ×%]+)(×|× dof|%)?$/;

function styleOf(label: string): 'decimal' | 'power' | null {
  if (DECIMAL.test(label)) return 'decimal';
  if (POWER.test(label)) return 'power';
  return null;
}

/** The tick labels of each axis of a rendered panel: axis name, then each tick's position and lines of text. */
function axesOf(svg: string) {
  const { document } = parseHTML(`<html><body>${svg}</body></html>`);
  return [...document.querySelectorAll('g[data-label$="tick label"]')].map((g) => ({
    axis: g.getAttribute('data-label')!,
    ticks: [...g.querySelectorAll('text')].map((t) => {
      const [, x = '0', y = '0'] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(t.getAttribute('transform') ?? '') ?? [];
      const tspans = [...t.querySelectorAll('tspan')].map((s) => s.textContent ?? '');
      return { x: Number(x), y: Number(y), lines: tspans.length > 0 ? tspans : [t.textContent ?? ''] };
    }),
  }));
}

const dataOf = (id: string, kind: 'json' | 'reduced.json') => {
  const file = `content/data/${id}.${kind}`;
  return readPublishedData(readFileSync(file, 'utf8'), id, file).result;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('numbers', () => {
  it('writes powers of ten with superscript exponents, including 10⁰ and 10¹', () => {
    expect([-10, -3, 0, 1, 2].map(powerOfTen)).toEqual(['10⁻¹⁰', '10⁻³', '10⁰', '10¹', '10²']);
    expect([1e-3, 1, 100, 0.1 * 3].map(decadeOf)).toEqual([-3, 0, 2, null]);
  });

  it('writes plain decimals without SI prefixes, e-notation or a hyphen for minus', () => {
    expect([0.5, 0.4, 1200, 1e-7, -0.25, 1234567, 0.000123456, 0].map((x) => decimal(x))).toEqual(['0.5', '0.4', '1200', '0.0000001', '−0.25', '1230000', '0.000123', '0']);
  });

  it('writes small and large numbers in annotations as a mantissa times a power of ten', () => {
    expect([2.22e-5, 0.0405, 1e-7, -3.5e6, 12].map((x) => scientific(x))).toEqual(['2.2 × 10⁻⁵', '0.041', '10⁻⁷', '−3.5 × 10⁶', '12']);
  });
});

describe('log ticks', () => {
  it('labels an axis of 2.5 decades or more with decades only, as powers of ten', () => {
    const t = logTicks(1e-6, 1, 250);
    expect(t.style).toBe('power');
    expect(t.ticks).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect([...t.labels.values()]).toEqual(['10⁻⁶', '10⁻⁵', '10⁻⁴', '10⁻³', '10⁻²', '10⁻¹', '10⁰']);
  });

  it('labels every other decade when decades are too close to label each, and draws no minor ticks', () => {
    const t = logTicks(1e-10, 10, 150);
    const labelled = t.ticks.filter((v) => t.labels.get(v));
    expect(labelled.map((v) => decadeOf(v))).toEqual([-10, -8, -6, -4, -2, 0]);
    expect(t.ticks.every((v) => decadeOf(v) !== null)).toBe(true);
  });

  it('labels a shorter axis with 1-2-5 steps as plain decimals, denser when there is room', () => {
    expect([...logTicks(0.03, 0.55, 230).labels.values()]).toEqual(['0.03', '0.05', '0.1', '0.2', '0.3', '0.5']);
    expect([...logTicks(64, 4096, 250, 'x').labels.values()]).toEqual(['100', '200', '500', '1000', '2000']);
    expect([...logTicks(64, 4096, 120, 'x').labels.values()]).toEqual(['100', '1000']);
    expect([...logTicks(0.061, 0.069, 200).labels.values()]).toHaveLength(9);
    expect(logTicks(64, 64, 200).ticks).toEqual([64]);
  });

  it('draws through Plot exactly the labels it computed (none blanked by d3), and ticks only within the domain', () => {
    for (const [lo, hi] of [
      [0.03, 0.55],
      [0.012, 0.9],
      [1e-9, 3],
      [20, 1000],
    ] as const) {
      const svg = renderPlotToString({ height: 300, y: logAxis({ pixels: 250 }), marks: [Plot.dot([lo, hi], { y: (d: number) => d })] });
      const expected = logTicks(lo, hi, 250);
      const drawn = axesOf(svg).find((a) => a.axis === 'y-axis tick label')!.ticks.map((t) => t.lines.join(''));
      expect(drawn).toEqual(expected.ticks.map((v) => expected.labels.get(v)));
      expect(expected.ticks.every((v) => v >= lo && v <= hi)).toBe(true);
    }
  });

  it('formats linear axes at the precision of their step, with a true minus and no thousands comma', () => {
    const svg = renderPlotToString({ x: linearAxis(), y: linearAxis(), marks: [Plot.dot([[-1.2, 0], [0.4, 4000]])] });
    const [y, x] = ['y-axis tick label', 'x-axis tick label'].map((name) => axesOf(svg).find((a) => a.axis === name)!.ticks.map((t) => t.lines[0]));
    expect(x).toContain('−1.0');
    expect(x).toContain('0.0');
    expect(y).toContain('4000');
  });
});

describe('annotation placement', () => {
  const frame = { x: { domain: [0, 1] as [number, number] }, y: { domain: [0, 1] as [number, number] }, width: 300, height: 200 };

  it('puts a reference line’s label where no line or point is: left above it, else right above, ...', () => {
    expect(placeLabel([[{ x: 0, y: 1 }, { x: 1, y: 0 }]], 0.5, frame, 12)).toMatchObject({ side: 'left', above: true, clear: true, textAnchor: 'start' });
    // Just above the line on the left, far below it on the right.
    const step = [[{ x: 0, y: 0.53 }, { x: 0.5, y: 0.53 }, { x: 0.6, y: 0.2 }, { x: 1, y: 0.2 }]];
    expect(placeLabel(step, 0.5, frame, 12)).toMatchObject({ side: 'right', above: true, clear: true, textAnchor: 'end' });
    const points = [[{ x: 0.05, y: 0.55 }], [{ x: 0.95, y: 0.55 }]];
    expect(placeLabel(points, 0.5, frame, 12)).toMatchObject({ above: false, clear: true, lineAnchor: 'top' });
  });

  it('spaces out explicit ticks that are too close to label each', () => {
    expect(spacedTicks([1000, 1500, 2000, 2500, 3000, 4000], (k) => (k - 1000) / 15, 60)).toEqual([1000, 2000, 3000, 4000]);
    expect(spacedTicks([1, 2, 3], (k) => k * 100, 60)).toEqual([1, 2, 3]);
  });

  it('avoids labels placed before, and says when no place is clear', () => {
    const first = placeLabel([], 0.5, frame, 12);
    const second = placeLabel([], 0.52, frame, 12, [first.box]);
    expect(second.clear).toBe(true);
    expect(second.box.x0 >= first.box.x1 || second.box.x1 <= first.box.x0 || second.box.y0 >= first.box.y1 || second.box.y1 <= first.box.y0).toBe(true);
    const everywhere = [0, 0.25, 0.5, 0.75, 1].map((y) => [{ x: 0, y }, { x: 1, y }]);
    expect(placeLabel(everywhere, 0.5, frame, 12).clear).toBe(false);
  });

  it('keeps a label inside the frame', () => {
    const place = placeLabel([[{ x: 0, y: 0.5 }, { x: 1, y: 0.6 }]], 1, frame, 8);
    expect(place.above).toBe(false);
  });
});

describe('every figure, from its published full and reduced data', () => {
  for (const spec of specs.filter((s) => s.figure)) {
    it(`${spec.id}: each numeric axis has labels in one style, at least two, apart; Plot warns of nothing`, async () => {
      const figure = (await loadFigure(spec))!;
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      for (const kind of ['json', 'reduced.json'] as const) {
        const result = dataOf(spec.id, kind);
        for (const width of [280, 640, 720]) {
          for (const [p, panel] of figure.spec(result, { width, published: result }).entries()) {
            for (const { axis, ticks } of axesOf(renderPlotToString(panel))) {
              const where = `${kind} at ${width} px, panel ${p + 1}, ${axis}`;
              const labelled = ticks.filter((t) => t.lines.join('') !== '');
              if (labelled.every((t) => !/\d/.test(t.lines[0]!))) continue; // categories (data-set names)
              const styles = new Set<string>();
              for (const t of labelled) {
                for (const line of t.lines) {
                  const number = LINE.exec(line)?.groups?.number ?? line;
                  const style = styleOf(number);
                  expect(style, `${where}: “${line}” is neither a plain decimal nor a power of ten`).not.toBeNull();
                  if (line === t.lines[0]) styles.add(style === 'decimal' && /^(1|10)$/.test(number) ? 'either' : style!);
                }
              }
              styles.delete('either');
              expect(styles.size, `${where}: mixed styles ${labelled.map((t) => t.lines[0]).join(' ')}`).toBeLessThanOrEqual(1);
              expect(labelled.length, `${where}: fewer than two labels`).toBeGreaterThanOrEqual(2);
              // Neighbouring labels apart: 11 px on a y axis (10 px type), their half widths on an x axis.
              const along = axis.startsWith('y') ? 'y' : 'x';
              const sorted = [...labelled].sort((a, b) => a[along] - b[along]);
              for (let i = 1; i < sorted.length; i++) {
                const [a, b] = [sorted[i - 1]!, sorted[i]!];
                const need = along === 'y' ? 11 : (Math.max(...a.lines.map((l) => l.length)) + Math.max(...b.lines.map((l) => l.length))) * 2.8 + 2;
                expect(b[along] - a[along], `${where}: “${a.lines[0]}” and “${b.lines[0]}” overlap`).toBeGreaterThanOrEqual(need);
              }
            }
          }
        }
      }
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([]);
    });
  }

  it('sets z where lines are grouped, so a rerun’s first snapshots (one point per group) draw without a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const id of ['ntk-small-data', 'ntk-architectures', 'ntk-training-trajectory', 'mc-observations']) {
      const figure = (await loadFigure(specs.find((s) => s.id === id)!))!;
      const result = dataOf(id, 'reduced.json') as Record<string, unknown>;
      // The first snapshot: one training size, one width, one number of observations.
      const first = (list: Record<string, number>[], key: string) => list.filter((r) => r[key] === Math.min(...list.map((s) => s[key]!)));
      const partial = { ...result };
      if ('summary' in result && id !== 'ntk-training-trajectory') partial.summary = first(result.summary as Record<string, number>[], 'trainSize');
      if (id === 'ntk-training-trajectory') partial.summary = first(result.summary as Record<string, number>[], 'width');
      if (id === 'mc-observations') {
        partial.runs = first(result.runs as Record<string, number>[], 'observations');
        partial.nuclear = first(result.nuclear as Record<string, number>[], 'observations');
      }
      for (const panel of figure.spec(partial, { width: 640 })) renderPlotToString(panel);
    }
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([]);
  });
});
