import type { Root, Text, Parent } from 'mdast';
import { visit, SKIP } from 'unist-util-visit';
import type { ElementContent } from 'hast';
import { loadBibliography, type Reference } from './bibliography.ts';

/** Pandoc-style citations: `[@key]`, `[@a; @b]`, `[-@key]` (year only), `[e.g., @key]`. */
const CITATION = /\[([^[\]@]*?)((?:-?@[\w:-]+)(?:\s*;\s*-?@[\w:-]+)*)\]/g;

/** Id of the popover card of a reference; cards are rendered once per page by the layout. */
export const cardId = (key: string) => `cite-card-${key}`;
/** Id of the bibliography entry of a reference. */
export const referenceId = (key: string) => `ref-${key}`;

function citationElement(prefix: string, items: string, bibliography: Map<string, Reference>): ElementContent {
  const children: ElementContent[] = [{ type: 'text', value: `(${prefix}` }];
  items.split(';').forEach((raw, index) => {
    const item = raw.trim();
    const suppressAuthor = item.startsWith('-');
    const key = item.replace(/^-?@/, '');
    const reference = bibliography.get(key);
    if (!reference) throw new Error(`Unknown citation key "@${key}": add it to content/references.bib.`);
    if (index > 0) children.push({ type: 'text', value: '; ' });
    children.push({
      type: 'element',
      tagName: 'a',
      properties: {
        href: `#${referenceId(key)}`,
        className: ['citation'],
        dataCite: key,
        dataCard: cardId(key),
      },
      children: [{ type: 'text', value: suppressAuthor ? reference.year : reference.label }],
    });
  });
  children.push({ type: 'text', value: ')' });
  return { type: 'element', tagName: 'span', properties: { className: ['citation-group'] }, children };
}

/** Replaces every citation in the text with author-year links to the bibliography. */
export default function remarkCitations() {
  const bibliography = loadBibliography();
  return (tree: Root) => {
    visit(tree, 'text', (node: Text, index, parent: Parent | undefined) => {
      if (!parent || index === undefined || !node.value.includes('@')) return;
      const parts: Parent['children'] = [];
      let last = 0;
      for (const match of node.value.matchAll(CITATION)) {
        const start = match.index;
        if (start > last) parts.push({ type: 'text', value: node.value.slice(last, start) });
        const element = citationElement(match[1] ?? '', match[2]!, bibliography);
        parts.push({
          type: 'text',
          value: '',
          data: { hName: 'span', hProperties: { className: ['citation-group'] }, hChildren: (element as { children: ElementContent[] }).children },
        } as unknown as Text);
        last = start + match[0].length;
      }
      if (parts.length === 0) return;
      if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
      parent.children.splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });
  };
}
