/** How to cite the article and the edition, built from the essay's front matter. */
export interface ArticleCitationInput {
  title: string;
  authors: { name: string; role: 'author' | 'reproduction' }[];
  date: Date;
  version: string;
  url: string;
}

const bibtexName = (name: string) => {
  const parts = name.trim().split(/\s+/);
  return parts.length > 1 && !name.startsWith('The ') ? `${parts.at(-1)}, ${parts.slice(0, -1).join(' ')}` : `{${name}}`;
};

export function articleBibtex({ title, authors, date, version, url }: ArticleCitationInput): string {
  const writers = authors.filter((a) => a.role === 'author').map((a) => bibtexName(a.name));
  const editors = authors.filter((a) => a.role === 'reproduction').map((a) => bibtexName(a.name));
  const year = date.getUTCFullYear();
  return [
    `@misc{arora${year}trajectories,`,
    `  author       = {${writers.join(' and ')}},`,
    `  editor       = {${editors.join(' and ')}},`,
    `  title        = {${title}},`,
    `  howpublished = {Trajectories: a reproducible, interactive edition, version ${version}},`,
    `  year         = {${year}},`,
    `  url          = {${url}},`,
    `  note         = {Essay first published on Off the Convex Path, 2019; figures reproduced by the Trajectories project}`,
    `}`,
  ].join('\n');
}

export function articlePlain({ title, authors, date, version, url }: ArticleCitationInput): string {
  const writers = authors.filter((a) => a.role === 'author').map((a) => a.name).join(', ');
  const editors = authors.filter((a) => a.role === 'reproduction').map((a) => a.name).join(', ');
  return `${writers} (${date.getUTCFullYear()}). ${title} Reproducible edition by ${editors}, version ${version}. ${url}`;
}
