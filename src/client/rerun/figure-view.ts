/**
 * The article figure a rerun redraws, live: its definition and Observable Plot load with the panel
 * (never on the page's first load), and only where the page shows the experiment's figure.
 */
import { loadFigure, type AnySpec } from '../../experiments/registry.ts';
import { readPublishedData } from '../../experiments/runtime/data-file.ts';
import { figureIdOf } from '../../experiments/runtime/spec.ts';
import { normaliseForStaticHtml } from '../../figures/normalise.ts';
import type { FigureDefinition } from '../../figures/types.ts';
import { h } from './dom.ts';

export interface FigureView {
  /** The figure's definition, if this page shows the experiment's figure. */
  figure: FigureDefinition | undefined;
  /** Draws a result now. */
  show(result: unknown): void;
  /** Draws a partial result at the next animation frame (the latest one wins). */
  schedule(partial: unknown): void;
  /** The chart SVGs as drawn now (not the legends' swatches inside them). */
  svgs(): SVGSVGElement[];
  /** The figure's panels as drawn now (title, legend and chart of each). */
  panels(): Element[];
}

/** The published reduced run, drawn beneath the reader's curves (undefined if it cannot be read). */
async function loadPublishedResult(url: string | null, experiment: string): Promise<unknown> {
  if (!url) return undefined;
  try {
    const response = await fetch(url);
    return response.ok ? readPublishedData(await response.text(), experiment, 'published reduced run').result : undefined;
  } catch {
    return undefined; // shown without the overlay
  }
}

/** The figure of `spec` if this page shows it (`fig-<id>`), with the published run at `publishedUrl` beneath. */
export async function loadFigureView(spec: AnySpec, publishedUrl: string | null): Promise<FigureView> {
  const element = document.getElementById(figureIdOf(spec.id));
  const container = element?.querySelector('[data-figure-panels]') ?? null;
  const [figure, Plot, published] = element
    ? await Promise.all([loadFigure(spec), import('../../figures/plot-live.ts'), loadPublishedResult(publishedUrl, spec.id)])
    : [undefined, undefined, undefined];

  const show = (result: unknown) => {
    if (!figure || !Plot || !container) return;
    const width = Math.max(280, Math.min(720, container.clientWidth - 32));
    const panels = figure.spec(result, { width, published }).map((options, index, all) => {
      const ariaLabel = options.ariaLabel ?? `${figure.title}${all.length > 1 ? `, panel ${index + 1} of ${all.length}` : ''}`;
      const node = Plot.plot({ ...options, ariaLabel });
      normaliseForStaticHtml(node);
      return h('div', { class: 'figure-panel' }, node);
    });
    container.replaceChildren(...panels);
  };

  let frame = 0;
  let pending: unknown;
  return {
    figure,
    show(result) {
      cancelAnimationFrame(frame);
      frame = 0;
      show(result);
    },
    schedule(partial) {
      pending = partial;
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        show(pending);
      });
    },
    panels: () => [...(container?.querySelectorAll('.figure-panel') ?? [])],
    svgs: () => [...(container?.querySelectorAll<SVGSVGElement>('svg[role="img"]') ?? [])].filter((svg) => !svg.closest('svg[role="img"] svg')),
  };
}
