import { describe, expect, it } from 'vitest';
import { loadBibliography, parseBibliography } from '../../../src/build/bibliography.ts';

describe('bibliography', () => {
  const references = loadBibliography();

  it('parses every entry of content/references.bib with a title, authors, year and a link', () => {
    expect(references.size).toBeGreaterThanOrEqual(20);
    for (const reference of references.values()) {
      expect(reference.title.length, reference.key).toBeGreaterThan(5);
      expect(reference.authors.length, reference.key).toBeGreaterThan(2);
      expect(reference.year, reference.key).toMatch(/^(19|20)\d\d[a-z]?$/);
      expect(reference.href, reference.key).toMatch(/^https?:\/\//);
    }
  });

  it('includes every reference the issue lists, with DOI or arXiv links for the papers', () => {
    const required = ['zhang2017rethinking', 'jacot2018ntk', 'arora2019exact', 'du2019provably', 'du2019global', 'allenzhu2019convergence', 'lee2018gp', 'matthews2018gp', 'daniely2016deeper', 'gunasekar2017implicit', 'arora2019implicit', 'arora2018acceleration', 'candes2009exact', 'soudry2018implicit', 'neyshabur2015search', 'belkin2018understand', 'harper2015movielens'];
    for (const key of required) {
      const reference = references.get(key);
      expect(reference, key).toBeDefined();
      expect(reference!.href, key).toMatch(/doi\.org|arxiv\.org/);
    }
  });

  it('disambiguates equal author-year labels with letters', () => {
    const arora2019 = ['arora2019exact', 'arora2019implicit'].map((k) => references.get(k)!.label);
    expect(new Set(arora2019).size).toBe(2);
    for (const label of arora2019) expect(label).toMatch(/^Arora et al\., 2019[a-c]$/);
    expect(references.get('jacot2018ntk')!.label).toBe('Jacot et al., 2018');
    expect(references.get('candes2009exact')!.label).toBe('Candès and Recht, 2009');
  });

  it('refuses an entry without a year', () => {
    expect(() => parseBibliography('@article{x, title={T}, author={A, B}, journal={J}, url={https://x.org}}')).toThrow(/year/);
  });
});
