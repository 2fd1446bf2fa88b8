import type { APIRoute, GetStaticPaths } from 'astro';
import { loadFigures } from '../../figures/catalog.ts';
import { renderFigure } from '../../build/render-figure.ts';
import { withBase } from '../../site.ts';

/** The images of the article's figures, moved out of the HTML at build time (see build/figure-images.ts). */
export const getStaticPaths = (async () => {
  const rendered = await Promise.all((await loadFigures()).map((f) => renderFigure(f.id, 640, (file) => withBase(`figures/${file}`))));
  const images = rendered.flatMap((r) => r?.images ?? []);
  return [...new Map(images.map((image) => [image.file, image])).values()].map((image) => ({ params: { file: image.file }, props: { bytes: image.bytes } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(new Uint8Array(props.bytes as Buffer), { headers: { 'content-type': 'image/png' } });
