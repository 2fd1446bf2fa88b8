import { findFigure } from '../figures/catalog.ts';
import { renderPlotToString } from '../figures/render-static.ts';
import { loadPublished } from './published-data.ts';
import { extractFigureImages, type FigureImage } from './figure-images.ts';

export interface RenderedFigure {
  panels: string[];
  images: FigureImage[];
}

const cache = new Map<string, Promise<RenderedFigure | null>>();

/** Static SVG panels of an article figure from its published data (null before the first precompute). */
export function renderFigure(id: string, width: number, urlFor: (file: string) => string): Promise<RenderedFigure | null> {
  const key = `${id}@${width}`;
  if (!cache.has(key)) cache.set(key, render(id, width, urlFor));
  return cache.get(key)!;
}

async function render(id: string, width: number, urlFor: (file: string) => string): Promise<RenderedFigure | null> {
  const definition = await findFigure(id);
  const published = definition ? loadPublished(definition.experiment) : null;
  if (!definition || !published) return null;
  const result = published.data.result;
  const description = definition.describe(result);
  const images: FigureImage[] = [];
  const panels = definition.spec(result, { width }).map((options, index, all) => {
    const svg = renderPlotToString({
      ...options,
      ariaLabel: options.ariaLabel ?? `${definition.title}${all.length > 1 ? `, panel ${index + 1} of ${all.length}` : ''}`,
      ariaDescription: options.ariaDescription ?? description,
    });
    const extracted = extractFigureImages(svg, urlFor);
    images.push(...extracted.images);
    return extracted.svg;
  });
  return { panels, images };
}
