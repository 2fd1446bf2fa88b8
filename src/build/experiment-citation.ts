/** "Cite this experiment": BibTeX and plain text naming the experiment, its URL and its data hash. */
export interface ExperimentCitationInput {
  id: string;
  title: string;
  url: string;
  /** SHA-256 of the published data file, when there is one. */
  sha256?: string | undefined;
  /** Engine version (git commit) that produced the data. */
  engineVersion?: string | undefined;
  date: Date;
}

export function experimentBibtex({ id, title, url, sha256, engineVersion, date }: ExperimentCitationInput): string {
  const key = `trajectories-${id.replace(/[^a-z0-9]+/gi, '-')}`;
  const notes = [sha256 && `data SHA-256 ${sha256}`, engineVersion && `engine ${engineVersion.slice(0, 12)}`].filter(Boolean).join('; ');
  return [
    `@misc{${key},`,
    `  author       = {{The Trajectories project}},`,
    `  title        = {{${title}}: a reproducible experiment (\\texttt{${id}})},`,
    `  howpublished = {Trajectories: a reproducible edition of Arora, "Is Optimization the Right Language for Deep Learning?"},`,
    `  year         = {${date.getUTCFullYear()}},`,
    `  url          = {${url}},`,
    ...(notes ? [`  note         = {${notes}}`] : []),
    `}`,
  ].join('\n');
}

export function experimentPlain({ id, title, url, sha256, date }: ExperimentCitationInput): string {
  return `The Trajectories project (${date.getUTCFullYear()}). ${title} [experiment ${id}]. ${url}${sha256 ? ` (data SHA-256 ${sha256.slice(0, 16)}…)` : ''}`;
}
