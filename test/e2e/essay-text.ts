import { readFileSync } from 'node:fs';
import path from 'node:path';

const sourceDir = path.resolve(import.meta.dirname, '../../content/essay/source');

/** The draft essay with the edition's typo fixes applied, front matter removed. */
export function draftText(): string {
  const raw = readFileSync(path.join(sourceDir, 'draft-2019-03-11.md'), 'utf8').replace(/^---[\s\S]*?---\n/, '');
  const fixes = JSON.parse(readFileSync(path.join(sourceDir, 'typo-fixes.json'), 'utf8')) as Record<string, string>;
  return Object.entries(fixes).reduce((text, [from, to]) => text.split(from).join(to), raw);
}

export const draftHeadings = (text = draftText()) => [...text.matchAll(/^##\s+(.+?)\s*$/gm)].map((m) => m[1]!);
export const draftQuotes = (text = draftText()) => [...text.matchAll(/^\s*>\s*(.+?)\s*$/gm)].map((m) => m[1]!);
/** Every `$…$` and `$$…$$` formula of the draft. */
export const draftFormulas = (text = draftText()) => [...text.matchAll(/\$\$([\s\S]+?)\$\$|\$([^$\n]+?)\$/g)].map((m) => (m[1] ?? m[2])!.trim());

/**
 * Compares prose loosely: Markdown emphasis, dashes, quote styles and spacing differ between the
 * draft and the typeset page, the words do not. Math is compared by its TeX source.
 */
export function normaliseProse(text: string): string {
  return text
    .replace(/\*+/g, '')
    .replace(/\$([^$]+)\$/g, '$1')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s*(---|--|—|–)\s*/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
