import { describe, expect, it } from 'vitest';
import { compile } from '@mdx-js/mdx';
import remarkFigureNumbers from '../../../src/build/remark-figure-numbers.ts';

const compileMdx = async (source: string) => String(await compile(source, { remarkPlugins: [remarkFigureNumbers] }));

describe('remark-figure-numbers', () => {
  it('numbers figures in document order and resolves empty links to them', async () => {
    const code = await compileMdx('<Figure id="fig-a" />\n\nSee [](#fig-b) and [](#fig-a).\n\n<Figure id="fig-b" />\n');
    expect(code).toMatch(/id: "fig-a",\s*number: "1"/);
    expect(code).toMatch(/id: "fig-b",\s*number: "2"/);
    expect(code).toContain('"Figure 2"');
    expect(code).toContain('"Figure 1"');
  });

  it('refuses duplicate ids and references to missing figures', async () => {
    await expect(compileMdx('<Figure id="fig-a" />\n\n<Figure id="fig-a" />')).rejects.toThrow(/used twice/);
    await expect(compileMdx('See [](#fig-z).')).rejects.toThrow(/unknown figure/);
  });
});
