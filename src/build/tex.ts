import katex from 'katex';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Renders plain text with inline `$…$` TeX to HTML at build time (captions, descriptions). */
export function renderInlineTex(text: string): string {
  return text
    .split(/(\$[^$]+\$)/g)
    .map((part) =>
      part.startsWith('$') && part.endsWith('$') && part.length > 2
        ? katex.renderToString(part.slice(1, -1), { throwOnError: true, output: 'htmlAndMathml' })
        : escapeHtml(part),
    )
    .join('');
}

/** Plain text for attributes and meta tags: TeX delimiters dropped. */
export function stripTex(text: string): string {
  return text.replace(/\$([^$]+)\$/g, '$1');
}
