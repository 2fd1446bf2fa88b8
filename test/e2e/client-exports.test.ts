// Issue 13, item 4: every download of a rerun (JSON, CSV, SVG, PNG) carries its provenance, the SVG
// and PNG keep the figure's colour legend, and an experiment without a figure offers all four.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decode } from 'fast-png';
import { DOMParser } from 'linkedom';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, watchedPage } from './browser.ts';
import { openExperimentPanel, runOn } from './rerun-helpers.ts';

const siteUrl = inject('siteUrl');
const origin = new URL(siteUrl).origin;
let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
});

async function save(page: Page, root: Locator, name: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), root.getByRole('button', { name }).click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Downloads {
  json: { provenance: Record<string, unknown>; config: Record<string, unknown>; backend: string; tfjsVersion: string; createdAt: string };
  csv: string;
  svg: Document;
  png: ReturnType<typeof decode>;
}

async function downloadAll(page: Page, root: Locator): Promise<Downloads> {
  const json = JSON.parse((await save(page, root, 'Download JSON')).toString('utf8')) as Downloads['json'];
  const csv = (await save(page, root, 'Download CSV')).toString('utf8');
  const svg = new DOMParser().parseFromString((await save(page, root, 'Download SVG')).toString('utf8'), 'image/svg+xml') as unknown as Document;
  const png = decode(await save(page, root, 'Download PNG'));
  return { json, csv, svg, png };
}

/** The provenance of each format, parsed back, as text values; all four must agree. */
function expectSameProvenance({ json, csv, svg, png }: Downloads, expected: { experiment: string; query: RegExp; seed: unknown; seeds: unknown }) {
  const p = json.provenance;
  expect(p).toMatchObject({ experiment: expected.experiment, backend: 'wasm', tfjsVersion: json.tfjsVersion, date: json.createdAt, seed: expected.seed, seeds: expected.seeds });
  expect(String(p.permalink)).toMatch(new RegExp(`^${origin}/experiments/${expected.experiment}/\\?`));
  expect(String(p.permalink)).toMatch(expected.query);
  // The site's build commit: a git sha (the e2e builds run in git), maybe marked +dirty.
  expect(String(p.engineCommit)).toMatch(/^[0-9a-f]{40}(\+dirty)?$/);
  const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const keys = ['permalink', 'experiment', 'engineCommit', 'tfjsVersion', 'backend', 'seed', 'seeds', 'date'];
  const text = Object.fromEntries(keys.map((k) => [k, asText(p[k])]));

  const comments = Object.fromEntries(csv.split('\n').filter((l) => l.startsWith('# ')).map((l) => [l.slice(2, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
  expect(comments).toEqual(text);
  expect(csv.split('\n').find((l) => !l.startsWith('#'))).toMatch(/^[^#].*,/); // then the header row

  const metadata = svg.querySelector('metadata')?.firstElementChild?.textContent ?? '';
  expect(JSON.parse(metadata)).toMatchObject(p);

  expect(Object.fromEntries(keys.map((k) => [k, png.text[k]]))).toEqual(text);
}

describe('downloads of a rerun', () => {
  it('carry the provenance in every format, and the SVG and PNG keep the colour legend', async () => {
    const { page, watch } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/ntk-concentration/?widths=64,256&seeds=1&points=8&seed=5`);
    expect(await runOn(root, 'wasm')).toBe('done');
    const downloads = await downloadAll(page, root);
    // Every legend label shown next to the chart is in the exported SVG, beside a swatch of its colour.
    const legend = await page.locator('#fig-ntk-concentration [class$="-swatch"]').evaluateAll((swatches) =>
      swatches.map((s) => ({ label: s.textContent?.trim() ?? '', fill: s.querySelector('svg')?.getAttribute('fill') ?? '' })),
    );
    expect(legend.length).toBeGreaterThanOrEqual(2);
    const texts = [...downloads.svg.querySelectorAll('text')].map((t) => t.textContent?.trim());
    const fills = [...downloads.svg.querySelectorAll('svg svg')].map((s) => s.getAttribute('fill'));
    for (const { label, fill } of legend) {
      expect(texts).toContain(label);
      expect(fills).toContain(fill);
    }
    expect(downloads.png.width).toBeGreaterThan(200);
    expectSameProvenance(downloads, { experiment: 'ntk-concentration', query: /widths=64(%2C|,)256/, seed: 5, seeds: 1 });
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('an experiment without a figure (matrix-completion) offers all four formats, each with its provenance', async () => {
    const { page, watch } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/matrix-completion/?n=20&rank=2&observations=150&maxSteps=300&seed=4`);
    expect(await runOn(root, 'wasm')).toBe('done');
    const downloads = await downloadAll(page, root);
    expectSameProvenance(downloads, { experiment: 'matrix-completion', query: /maxSteps=300/, seed: 4, seeds: null });
    // The SVG draws the result's numbers as a table; the CSV holds its trajectory.
    const texts = [...downloads.svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('run.testError');
    expect(downloads.csv).toMatch(/^step,/m);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('the mc-image SVG (and the PNG drawn from it) has no overlapping labels', async () => {
    const { page } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/mc-image/`);
    expect(await runOn(root, 'wasm')).toBe('done');
    const svg = (await save(page, root, 'Download SVG')).toString('utf8');
    // Laid out by the browser as the PNG export draws it: the SVG alone, with no page stylesheet or web font.
    const blank = await context.newPage();
    await blank.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    const overlaps = await blank.evaluate(() => {
      const boxes = [...document.querySelectorAll('svg text')].map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() })).filter((b) => b.box.width > 0);
      const found: string[] = [];
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => {
          const w = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
          const h = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
          if (w > 0.5 && h > 0.5) found.push(`${a.text} / ${b.text}`);
        }),
      );
      return { count: boxes.length, found };
    });
    expect(overlaps.count).toBeGreaterThanOrEqual(5);
    expect(overlaps.found).toEqual([]);
    await blank.close();
    await page.close();
  });
});
