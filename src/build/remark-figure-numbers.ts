import type { Root, Link, Text } from 'mdast';
import { visit } from 'unist-util-visit';

interface JsxAttribute {
  type: 'mdxJsxAttribute';
  name: string;
  value: unknown;
}
interface JsxElement {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: JsxAttribute[];
}

/**
 * Numbers `<Figure id="fig-…" />` elements in document order (passing `number` to the component) and
 * turns empty links to them, `[](#fig-…)`, into "Figure N" cross-references.
 */
export default function remarkFigureNumbers() {
  return (tree: Root) => {
    const numbers = new Map<string, number>();
    visit(tree, (node) => {
      const element = node as unknown as JsxElement;
      if (element.type !== 'mdxJsxFlowElement' || element.name !== 'Figure') return;
      const id = element.attributes.find((a) => a.name === 'id')?.value;
      if (typeof id !== 'string') throw new Error('<Figure> needs a literal id="fig-…" attribute.');
      if (numbers.has(id)) throw new Error(`Figure id "${id}" is used twice.`);
      numbers.set(id, numbers.size + 1);
      element.attributes.push({ type: 'mdxJsxAttribute', name: 'number', value: String(numbers.size) });
    });
    visit(tree, 'link', (link: Link) => {
      if (!link.url.startsWith('#fig-') || link.children.length > 0) return;
      const number = numbers.get(link.url.slice(1));
      if (!number) throw new Error(`Cross-reference to unknown figure "${link.url}".`);
      link.children = [{ type: 'text', value: `Figure ${number}` } satisfies Text];
      link.data = { ...link.data, hProperties: { className: ['figure-ref'] } };
    });
  };
}
