import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentDir } from './paths.ts';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';

/** One entry of content/references.bib, ready for in-text citations and the bibliography. */
export interface Reference {
  key: string;
  /** In-text label, e.g. "Arora et al., 2019a". */
  label: string;
  /** Authors part of the label, e.g. "Arora et al.". */
  authorsShort: string;
  /** Year with its disambiguation letter, e.g. "2019a". */
  year: string;
  title: string;
  /** Every author, "Given Family" joined by commas. */
  authors: string;
  venue: string;
  /** The link a reader follows: DOI, else arXiv, else the URL. */
  href: string;
  /** Formatted bibliography entry (APA, HTML from citeproc). */
  html: string;
  /** Plain-text bibliography entry. */
  text: string;
  /** BibTeX-like CSL fields, kept for meta tags. */
  csl: CslItem;
}

interface CslName {
  given?: string;
  family?: string;
  literal?: string;
}
interface CslItem {
  id: string;
  title?: string;
  author?: CslName[];
  issued?: { 'date-parts'?: number[][] };
  'container-title'?: string;
  publisher?: string;
  DOI?: string;
  URL?: string;
  type?: string;
  [field: string]: unknown;
}

const familyOf = (name: CslName) => name.family ?? name.literal ?? '';
const fullName = (name: CslName) => [name.given, name.family ?? name.literal].filter(Boolean).join(' ');

function authorsShortOf(item: CslItem): string {
  const authors = item.author ?? [];
  if (authors.length === 0) return item.publisher ?? 'Anonymous';
  if (authors.length === 1) return familyOf(authors[0]!);
  if (authors.length === 2) return `${familyOf(authors[0]!)} and ${familyOf(authors[1]!)}`;
  return `${familyOf(authors[0]!)} et al.`;
}

function hrefOf(item: CslItem): string {
  if (item.DOI) return `https://doi.org/${item.DOI}`;
  if (typeof item.URL === 'string') return item.URL;
  throw new Error(`Reference "${item.id}" has neither a DOI nor a URL.`);
}

/** Parses a BibTeX file with citation-js and formats every entry (APA). Throws on a bad entry. */
export function parseBibliography(bibtex: string): Map<string, Reference> {
  const cite = new Cite(bibtex);
  const items = cite.data as CslItem[];
  const drafts = items.map((item) => {
    const single = new Cite(item);
    const html = (single.format('bibliography', { format: 'html', template: 'apa', lang: 'en-US' }) as string)
      .replace(/^\s*<div class="csl-bib-body">\s*<div[^>]*>/, '')
      .replace(/<\/div>\s*<\/div>\s*$/, '')
      .trim();
    const text = (single.format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }) as string).trim();
    const year = item.issued?.['date-parts']?.[0]?.[0];
    if (!item.title || !year) throw new Error(`Reference "${item.id}" lacks a title or a year.`);
    return { item, html, text, baseYear: String(year), authorsShort: authorsShortOf(item) };
  });
  // Same authors label and year (Arora et al., 2019 three times): add a, b, c in bibliography order.
  const sorted = [...drafts].sort((a, b) => a.text.localeCompare(b.text));
  const groups = new Map<string, typeof drafts>();
  for (const draft of sorted) {
    const id = `${draft.authorsShort}|${draft.baseYear}`;
    groups.set(id, [...(groups.get(id) ?? []), draft]);
  }
  const references = new Map<string, Reference>();
  for (const draft of sorted) {
    const group = groups.get(`${draft.authorsShort}|${draft.baseYear}`)!;
    const suffix = group.length > 1 ? String.fromCharCode(97 + group.indexOf(draft)) : '';
    const year = `${draft.baseYear}${suffix}`;
    const { item } = draft;
    references.set(item.id, {
      key: item.id,
      label: `${draft.authorsShort}, ${year}`,
      authorsShort: draft.authorsShort,
      year,
      title: item.title!,
      authors: (item.author ?? []).map(fullName).join(', '),
      venue: item['container-title'] ?? item.publisher ?? (typeof item.genre === 'string' ? item.genre : ''),
      href: hrefOf(item),
      html: draft.html,
      text: draft.text,
      csl: item,
    });
  }
  return references;
}

let cached: Map<string, Reference> | undefined;
/** The project's bibliography, content/references.bib, parsed once per build. */
export function loadBibliography(file = path.join(contentDir, 'references.bib')): Map<string, Reference> {
  cached ??= parseBibliography(readFileSync(file, 'utf8'));
  return cached;
}
