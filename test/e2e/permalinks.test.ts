import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { parseHTML } from 'linkedom';
import type { Permalinks } from '../../scripts/permalinks.ts';
import { findSpec, parameterAliases } from '../../src/experiments/registry.ts';

/** Every URL ever published (test/permalinks.json only grows). Citations depend on them. */
const pinned = JSON.parse(readFileSync('test/permalinks.json', 'utf8')) as Permalinks;

describe('published URLs keep working', () => {
  const siteUrl = inject('siteUrl');

  it('every pinned article anchor is still on the article', async () => {
    const { document } = parseHTML(await (await fetch(siteUrl)).text());
    for (const anchor of pinned.articleAnchors) expect(document.getElementById(anchor), `#${anchor}`).not.toBeNull();
  });

  it('every pinned experiment page exists and still accepts every pinned parameter name', async () => {
    for (const [id, params] of Object.entries(pinned.experiments)) {
      const response = await fetch(`${siteUrl}experiments/${id}/`);
      expect(response.status, id).toBe(200);
      const experiment = findSpec(id);
      expect(experiment, id).toBeDefined();
      const accepted = new Set([...Object.keys(experiment!.schema.shape), ...Object.keys(parameterAliases[id] ?? {})]);
      for (const param of params) expect(accepted.has(param), `${id}?${param}`).toBe(true);
    }
  });

  it('every pinned data file is still published', async () => {
    for (const file of pinned.dataFiles) expect((await fetch(`${siteUrl}data/${file}`)).status, file).toBe(200);
  });
});
