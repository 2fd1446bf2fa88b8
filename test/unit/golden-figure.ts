import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { renderPlotToString } from '../../src/figures/render-static.ts';
import type { FigureDefinition } from '../../src/figures/types.ts';

/** Rounds every decimal number in the SVG to 3 significant digits (stable across float noise). */
export const normaliseSvg = (svg: string) => svg.replace(/-?\d+\.\d+(?:e[-+]?\d+)?/g, (s) => String(Number(Number(s).toPrecision(3))));

/**
 * Renders a figure spec (with the result also as the published run beneath) and compares it with
 * its golden SVG in `goldenDir`; `UPDATE_GOLDEN=1` rewrites the goldens. Also checks that the text
 * alternative and the data table are there.
 */
export function expectGoldenFigure(figure: FigureDefinition, result: unknown, goldenDir: URL): void {
  const svg = figure
    .spec(result, { width: 720, published: result })
    .map((panel) => normaliseSvg(renderPlotToString(panel)))
    .join('\n');
  expect(svg).toContain('<svg');
  expect(svg).not.toContain('NaN');
  const path = new URL(`${figure.id}.svg`, goldenDir);
  if (!existsSync(path) || process.env.UPDATE_GOLDEN) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, `${svg}\n`);
  }
  expect(`${svg}\n`).toBe(readFileSync(path, 'utf8'));
  expect(figure.describe(result).length).toBeGreaterThan(20);
  const table = figure.table(result);
  expect(table.rows.length).toBeGreaterThan(0);
  for (const row of table.rows) expect(row.length).toBe(table.columns.length);
}
