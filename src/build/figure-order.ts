import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentDir } from './paths.ts';

/** Figure numbers in the essay, from the order of `<Figure id="…">` in its MDX (as the remark plugin numbers them). */
export function essayFigureNumbers(): Map<string, number> {
  const mdx = readFileSync(path.join(contentDir, 'essay', 'optimization-language.mdx'), 'utf8');
  return new Map([...mdx.matchAll(/<Figure id="([^"]+)"/g)].map((m, i) => [m[1]!, i + 1]));
}
