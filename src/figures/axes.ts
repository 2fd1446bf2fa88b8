/**
 * The one axis style of every figure (pure: used at build time and in the browser). Dimensionless
 * values never carry SI prefixes; log axes label powers of ten as 10 with a superscript exponent.
 */
import type * as Plot from '@observablehq/plot';

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** The exponent e when x = 10^e exactly (within float noise), else null. */
export function decadeOf(x: number): number | null {
  if (!(x > 0) || !Number.isFinite(x)) return null;
  const e = Math.round(Math.log10(x));
  return Math.abs(x / 10 ** e - 1) < 1e-9 ? e : null;
}

/** 10 with a superscript exponent (10⁻³); 1 and 10 as themselves. */
export function powerOfTen(exponent: number): string {
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  return `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/** A plain decimal with at most `digits` significant digits: 0.5, 400, 1200 (never 500m or 1.2k). */
export function decimal(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '';
  if (x === 0) return '0';
  return String(Number(x.toPrecision(digits)));
}

/** Tick label of a log axis: decades as powers of ten, every other tick unlabelled. */
export function logTickLabel(x: number): string {
  const e = decadeOf(x);
  return e === null ? '' : powerOfTen(e);
}

/** Options of a log-scaled axis in the shared style. */
export function logAxis(options: Plot.ScaleOptions = {}): Plot.ScaleOptions {
  return { type: 'log', tickFormat: logTickLabel, ...options };
}

/** Options of a linear axis of dimensionless numbers in the shared style. */
export function linearAxis(options: Plot.ScaleOptions = {}): Plot.ScaleOptions {
  return { tickFormat: (x: number) => decimal(x), ...options };
}
