import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { renderPlotToString } from '../../src/figures/render-static.ts';
import type { FigureDefinition } from '../../src/figures/types.ts';

/** Rounds every decimal number in the SVG to 3 significant digits (stable across float noise). */
export const normaliseSvg = (svg: string) => svg.replace(/-?\d+\.\d+(?:e[-+]?\d+)?/g, (s) => String(Number(Number(s).toPrecision(3))));

/**
 * Whether a missing golden may be written. As observablehq/plot's snapshot tests do: never in CI
 * (`CI` set), and locally only when asked for with `UPDATE_GOLDEN=1`.
 */
export function mayWriteGolden(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return !ci && env.UPDATE_GOLDEN !== undefined && env.UPDATE_GOLDEN !== '';
}

/** Compares `actual` with the golden file, which is (re)written only when `mayWriteGolden`. */
export function expectGolden(actual: string, path: URL, env: NodeJS.ProcessEnv = process.env): void {
  if (mayWriteGolden(env)) {
    mkdirSync(new URL('.', path), { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path)) {
    throw new Error(`Golden ${fileURLToPath(path)} is missing. Look at the figure, then write it with UPDATE_GOLDEN=1 (never in CI).`);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** The SVG panels a figure spec renders for a result (with the result also as the published run beneath). */
export function renderGoldenSvg(figure: FigureDefinition, result: unknown): string {
  return `${figure
    .spec(result, { width: 720, published: result })
    .map((panel) => normaliseSvg(renderPlotToString(panel)))
    .join('\n')}\n`;
}

/**
 * Renders a figure spec and compares it with its golden SVG in `goldenDir`. Also checks that the
 * text alternative and the data table are there.
 */
export function expectGoldenFigure(figure: FigureDefinition, result: unknown, goldenDir: URL): void {
  const svg = renderGoldenSvg(figure, result);
  expect(svg).toContain('<svg');
  expect(svg).not.toContain('NaN');
  expectGolden(svg, new URL(`${figure.id}.svg`, goldenDir));
  expect(figure.describe(result).length).toBeGreaterThan(20);
  const table = figure.table(result);
  expect(table.rows.length).toBeGreaterThan(0);
  for (const row of table.rows) expect(row.length).toBe(table.columns.length);
}
