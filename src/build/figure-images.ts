import { createHash } from 'node:crypto';

/** A `data:image/png` URI inside a rendered figure. */
const DATA_PNG = /data:image\/png;base64,([A-Za-z0-9+/=]+)/g;

export interface FigureImage {
  /** File name under figures/, named by content hash: `<sha256 prefix>.png`. */
  file: string;
  bytes: Buffer;
}

/**
 * Images in a figure (the photographs of the image-completion figure) would weigh down the article's
 * HTML as base64: at build time they become files named by their content hash, and the SVG links to them.
 */
export function extractFigureImages(svg: string, urlFor: (file: string) => string): { svg: string; images: FigureImage[] } {
  const images: FigureImage[] = [];
  const rewritten = svg.replace(DATA_PNG, (_, base64: string) => {
    const bytes = Buffer.from(base64, 'base64');
    const file = `${createHash('sha256').update(bytes).digest('hex').slice(0, 20)}.png`;
    images.push({ file, bytes });
    return urlFor(file);
  });
  return { svg: rewritten, images };
}
