import { describe, expect, it } from 'vitest';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import remarkGfm from 'remark-gfm';
import remarkSectionize from 'remark-sectionize';
import type { Root } from 'mdast';
import remarkSectionHeights, { estimateSectionHeight, measureSection, SECTION_HEIGHT_MODEL } from '../../../src/build/remark-section-heights.ts';

/** The mdast sections of an MDX source, as the site's pipeline makes them. */
async function sectionsOf(source: string): Promise<Root['children']> {
  let sections: Root['children'] = [];
  await compile(source, {
    remarkPlugins: [remarkMath, remarkGfm, remarkSectionize, () => (tree: Root) => { sections = tree.children.filter((n) => (n.type as string) === 'section'); }],
  });
  return sections;
}

describe('remark-section-heights', () => {
  it('counts running text, blocks and figures, and leaves footnote definitions and figure contents out', async () => {
    const [first, second] = await sectionsOf(
      [
        '## One',
        '',
        'Twelve chars[^n] and $ab$.',
        '',
        '<Figure id="fig-a">ignored text inside</Figure>',
        '',
        '- item',
        '',
        '$$',
        'x',
        '$$',
        '',
        '## Two',
        '',
        '<MovieLens />',
        '',
        '[^n]: A footnote that renders elsewhere.',
      ].join('\n'),
    );
    // "Twelve chars", " and ", "." and half of the TeX "ab"; "One" and "item".
    expect(measureSection(first!)).toEqual({ characters: 'Twelve chars'.length + ' and '.length + '.'.length + 1 + 'One'.length + 'item'.length, blocks: 5, figures: 1 });
    expect(measureSection(second!)).toEqual({ characters: 'Two'.length, blocks: 1, figures: 1 });
  });

  it('estimates a narrow column as taller than a wide one, from the model', () => {
    const content = { characters: 1000, blocks: 10, figures: 2 };
    const { narrow, wide } = estimateSectionHeight(content);
    const { narrow: n, wide: w } = SECTION_HEIGHT_MODEL;
    expect(narrow).toBe(Math.round(1000 * n.perCharacter + 10 * n.perBlock + 2 * n.perFigure));
    expect(wide).toBe(Math.round(1000 * w.perCharacter + 10 * w.perBlock + 2 * w.perFigure));
    expect(narrow).toBeGreaterThan(wide);
  });

  it('writes the estimates on each top-level section as CSS custom properties', async () => {
    const code = String(await compile('## A\n\nText.\n\n## B\n\n<Figure id="fig-a" />\n', { remarkPlugins: [remarkSectionize, remarkSectionHeights] }));
    // MDX compiles the style attribute to an object.
    const styles = [...code.matchAll(/"--estimated-height-narrow": "(\d+)px",\s*"--estimated-height-wide": "(\d+)px"/g)];
    expect(styles).toHaveLength(2);
    expect(Number(styles[1]![1])).toBeGreaterThan(Number(styles[0]![1]));
  });
});
