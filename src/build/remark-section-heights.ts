import type { Nodes, Root } from 'mdast';
import type { Node } from 'unist';
import { visit } from 'unist-util-visit';

/**
 * A rough linear model of a section's rendered height, fitted to the article as rendered in Chromium:
 * pixels per character of running text, per block (paragraph, list item, quote, display formula) and per
 * figure, on a phone (one narrow column) and on a wide screen. test/e2e/article.test.ts holds the
 * estimates to within 30% of the measured heights.
 */
export const SECTION_HEIGHT_MODEL = {
  narrow: { perCharacter: 0.95, perBlock: 22, perFigure: 950 },
  wide: { perCharacter: 0.55, perBlock: 22, perFigure: 720 },
} as const;

/** The blocks and figures of a section, as the height model counts them. */
export interface SectionContent {
  characters: number;
  blocks: number;
  figures: number;
}

const BLOCKS = new Set(['paragraph', 'listItem', 'blockquote', 'heading', 'math', 'code', 'table']);
const FIGURES = new Set(['Figure', 'MovieLens']);

/** Counts a section's running text, blocks and figures (a figure's own text is in its height). */
export function measureSection(section: Nodes): SectionContent {
  const content: SectionContent = { characters: 0, blocks: 0, figures: 0 };
  visit(section as Node, (node: Node & { name?: string | null; value?: unknown }) => {
    if (node.type === 'mdxJsxFlowElement' && FIGURES.has(node.name ?? '')) {
      content.figures += 1;
      return 'skip';
    }
    // Footnote definitions render in the footnotes section, not where they are written.
    if (node.type === 'footnoteDefinition') return 'skip';
    if (BLOCKS.has(node.type)) content.blocks += 1;
    const text = typeof node.value === 'string' ? node.value : '';
    if (node.type === 'text' || node.type === 'inlineCode') content.characters += text.length;
    // A formula's TeX is longer than what it draws: count it at about half.
    if (node.type === 'inlineMath') content.characters += Math.ceil(text.length / 2);
    return undefined;
  });
  return content;
}

/** Estimated rendered height in pixels, on a phone (`narrow`) and on a wide screen. */
export function estimateSectionHeight(content: SectionContent): { narrow: number; wide: number } {
  const estimate = (model: (typeof SECTION_HEIGHT_MODEL)[keyof typeof SECTION_HEIGHT_MODEL]) =>
    Math.round(content.characters * model.perCharacter + content.blocks * model.perBlock + content.figures * model.perFigure);
  return { narrow: estimate(SECTION_HEIGHT_MODEL.narrow), wide: estimate(SECTION_HEIGHT_MODEL.wide) };
}

/**
 * Runs after remark-sectionize. Gives each top-level section its estimated height as CSS custom
 * properties, the placeholder size while content-visibility skips the section (src/styles/base.css):
 * with one fixed placeholder, a phone's scrollbar and deep links jump by thousands of pixels as
 * sections first render.
 */
export default function remarkSectionHeights() {
  return (tree: Root) => {
    for (const node of tree.children as Nodes[]) {
      if ((node.type as string) !== 'section') continue;
      const { narrow, wide } = estimateSectionHeight(measureSection(node));
      const data = (node.data ??= {}) as { hProperties?: Record<string, unknown> };
      data.hProperties = { ...data.hProperties, style: `--estimated-height-narrow:${narrow}px;--estimated-height-wide:${wide}px` };
    }
  };
}
