// Weight budgets (issue 7): what a reader's browser downloads on the first load of the article (and,
// looser, of an experiment page), measured from the responses in Chromium and gzipped as a static
// host serves them. The article's JavaScript stays under 60 KB gzip and never includes TensorFlow.js.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { gotoSettled, launchBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Kind = 'html' | 'css' | 'js' | 'font' | 'other';
interface Load {
  /** gzip bytes per kind (fonts as they are: woff2 is compressed already). */
  bytes: Record<Kind, number>;
  urls: string[];
  scriptText: string;
}

const KB = 1024;
/**
 * Budgets, in gzip bytes, for a first load. Measured 2026-11 with all ten figures: article html 70 KB
 * (without fig-mc-image's BMP rasters, which alone add 53 KB), css 12 KB, js 2 KB, fonts 168 KB
 * (text faces and KaTeX's).
 */
const ARTICLE_BUDGET: Record<Exclude<Kind, 'other'>, number> = { html: 96 * KB, css: 24 * KB, js: 60 * KB, font: 200 * KB };
/** Experiment pages open their rerun panel at once (controls, Plot, zod: 126 KB measured), but never tfjs on load. */
const EXPERIMENT_BUDGET: Record<Exclude<Kind, 'other'>, number> = { html: 40 * KB, css: 24 * KB, js: 160 * KB, font: 200 * KB };

async function firstLoad(path: string): Promise<Load> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const responses: Promise<{ kind: Kind; url: string; gz: number; text: string }>[] = [];
  page.on('response', (response) => {
    const url = response.url();
    const type = response.request().resourceType();
    const kind: Kind = type === 'document' ? 'html' : type === 'stylesheet' ? 'css' : type === 'script' ? 'js' : type === 'font' ? 'font' : 'other';
    responses.push(
      response.body().then(
        (body) => ({ kind, url, gz: kind === 'font' ? body.length : gzipSync(body, { level: 9 }).length, text: kind === 'js' ? body.toString('utf8') : '' }),
        () => ({ kind, url, gz: 0, text: '' }),
      ),
    );
  });
  await gotoSettled(page, `${siteUrl}${path}`);
  await page.waitForTimeout(500);
  const all = await Promise.all(responses);
  await context.close();
  const bytes: Record<Kind, number> = { html: 0, css: 0, js: 0, font: 0, other: 0 };
  for (const r of all) bytes[r.kind] += r.gz;
  return { bytes, urls: all.map((r) => r.url), scriptText: all.map((r) => r.text).join('\n') };
}

const TFJS = /tfjs|tensorflow|\.wasm(\?|$)/i;

describe('weight budgets (gzip, first load)', () => {
  it('the article: at most 60 KB of JavaScript, no tfjs, and within its HTML, CSS and font budgets', async () => {
    const load = await firstLoad('');
    console.log('article first load (gzip bytes):', load.bytes);
    for (const [kind, max] of Object.entries(ARTICLE_BUDGET)) expect(load.bytes[kind as Kind], kind).toBeLessThanOrEqual(max);
    expect(load.urls.filter((u) => TFJS.test(u))).toEqual([]);
    expect(load.scriptText).not.toMatch(/@tensorflow|tfjs-core|registerBackend\(/);
    expect(load.bytes.font).toBeGreaterThan(0); // self-hosted fonts are measured, not missed
  });

  it('an experiment page: within its budgets, and tfjs only once a run is asked for', async () => {
    const load = await firstLoad('experiments/mc-depth2-vs-nuclear/');
    console.log('experiment page first load (gzip bytes):', load.bytes);
    for (const [kind, max] of Object.entries(EXPERIMENT_BUDGET)) expect(load.bytes[kind as Kind], kind).toBeLessThanOrEqual(max);
    expect(load.urls.filter((u) => TFJS.test(u))).toEqual([]);
  });
});
