import type * as Plot from '@observablehq/plot';

/** Options every figure spec receives, at build time and in the browser. */
export interface FigureOptions<Result> {
  /** Width in CSS pixels of the column the figure sits in. */
  width: number;
  /** The published result, drawn underneath when `result` is a reader's rerun. */
  published?: Result | undefined;
}

/**
 * A figure of the article: a pure function from an experiment's result to Observable Plot options
 * (one or several panels), plus a text alternative and a data table built from the same result.
 */
export interface FigureDefinition<Result = any> {
  /** Public anchor id in the article, e.g. "fig-mc-observations". Never rename. */
  id: string;
  /** The experiment whose result the figure draws. */
  experiment: string;
  title: string;
  /** Caption in plain text (may contain $...$ TeX, rendered at build time). */
  caption: string;
  /** One or more Plot option objects (panels), drawn side by side. */
  spec(result: Result, options: FigureOptions<Result>): Plot.PlotOptions[];
  /** A sentence or two describing what the data shows, for screen readers. */
  describe(result: Result): string;
  /** The data behind the figure as a table (column names, rows), for the "data table" view. */
  table(result: Result): { columns: string[]; rows: (string | number)[][] };
}
