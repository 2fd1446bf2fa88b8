import type { APIRoute, GetStaticPaths } from 'astro';
import { figures } from '../../figures/catalog.ts';
import { renderFigure } from '../../build/render-figure.ts';
import { withBase } from '../../site.ts';

/** The images of the article's figures, moved out of the HTML at build time (see build/figure-images.ts). */
export const getStaticPaths = (() => {
  const images = figures.flatMap((f) => renderFigure(f.id, 640, (file) => withBase(`figures/${file}`))?.images ?? []);
  return [...new Map(images.map((image) => [image.file, image])).values()].map((image) => ({ params: { file: image.file }, props: { bytes: image.bytes } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(new Uint8Array(props.bytes as Buffer), { headers: { 'content-type': 'image/png' } });
