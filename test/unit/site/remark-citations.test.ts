import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import remarkCitations from '../../../src/build/remark-citations.ts';

const render = async (markdown: string) =>
  String(await unified().use(remarkParse).use(remarkCitations).use(remarkRehype).use(rehypeStringify).process(markdown));

describe('remark-citations', () => {
  it('turns [@key] into an author-year link to the bibliography with its card', async () => {
    const html = await render('Kernels [@jacot2018ntk].');
    expect(html).toContain('<a href="#ref-jacot2018ntk" class="citation" data-cite="jacot2018ntk" data-card="cite-card-jacot2018ntk">Jacot et al., 2018</a>');
    expect(html).toMatch(/\(<a [^>]+>Jacot et al\., 2018<\/a>\)/);
  });

  it('handles several keys, a prefix and the year-only form', async () => {
    const html = await render('See [e.g., @lee2018gp; @matthews2018gp] and Zhang et al. [-@zhang2017rethinking].');
    expect(html).toContain('(e.g., <a');
    expect(html).toContain('Lee et al., 2018</a>; <a');
    expect(html).toMatch(/>2017<\/a>\)/);
  });

  it('leaves e-mail-like text and plain brackets alone', async () => {
    const html = await render('Write to a@b.org [not a citation].');
    expect(html).toBe('<p>Write to a@b.org [not a citation].</p>');
  });

  it('fails the build on an unknown key', async () => {
    await expect(render('[@nobody2020]')).rejects.toThrow(/Unknown citation key "@nobody2020"/);
  });
});
