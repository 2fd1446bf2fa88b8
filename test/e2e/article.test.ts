import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { specs } from '../../src/experiments/registry.ts';
import { figureIdOf } from '../../src/experiments/runtime/spec.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { gotoSettled, launchBrowser, watchedPage, type PageWatch } from './browser.ts';
import { draftFormulas, draftHeadings, draftQuotes, normaliseProse } from './essay-text.ts';

const siteUrl = inject('siteUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;

/** The article's text with each formula replaced by its TeX source (from KaTeX's MathML annotation). */
async function proseWithTex(p: Page, selector: string): Promise<string[]> {
  return p.$$eval(selector, (nodes) =>
    nodes.map((node) => {
      const clone = node.cloneNode(true) as HTMLElement;
      for (const math of clone.querySelectorAll('.katex')) {
        const tex = math.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? '';
        math.replaceWith(`$${tex.trim()}$`);
      }
      for (const anchor of clone.querySelectorAll('.heading-anchor, .citation-group, sup')) anchor.remove();
      return clone.textContent ?? '';
    }),
  );
}

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
  ({ page, watch } = await watchedPage(context, new URL(siteUrl).origin));
  await gotoSettled(page, siteUrl);
});
afterAll(async () => {
  await browser?.close();
});

describe('the article', () => {
  it('has every section heading of the essay', async () => {
    const headings = (await proseWithTex(page, 'article.prose h2')).map(normaliseProse);
    for (const heading of draftHeadings()) expect(headings).toContain(normaliseProse(heading));
  });

  it('has every quotation of the essay, as a blockquote', async () => {
    const quotes = (await proseWithTex(page, 'article.prose blockquote')).map(normaliseProse);
    const expected = draftQuotes();
    expect(expected.length).toBeGreaterThanOrEqual(6);
    for (const quote of expected) expect(quotes).toContain(normaliseProse(quote));
  });

  it('typesets every formula with KaTeX at build time and leaves no raw TeX', async () => {
    const tex = await page.$$eval('article.prose .katex annotation[encoding="application/x-tex"]', (n) => n.map((a) => a.textContent?.trim() ?? ''));
    for (const formula of draftFormulas()) {
      const compact = (s: string) => s.replace(/\\left|\\right|\s+/g, '');
      expect(tex.map(compact).some((t) => t.includes(compact(formula).replace(/,$/, '')))).toBe(true);
    }
    const text = (await proseWithTex(page, 'article.prose')).join(' ').replace(/\$[^$]*\$/g, '');
    expect(text).not.toContain('$');
    expect(await page.locator('script[src*="katex"]').count()).toBe(0);
  });

  it('replaces every citation placeholder by a link that resolves to a bibliography entry', async () => {
    const body = await page.locator('article.prose').innerText();
    for (const placeholder of ['(cite)', '(Cite)', 'CITE', 'eg Simon Du', 'Allen-Zhou', '[@']) expect(body).not.toContain(placeholder);
    const targets = await page.$$eval('a.citation', (links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(targets.length).toBeGreaterThanOrEqual(20);
    for (const href of new Set(targets)) {
      expect(href).toMatch(/^#ref-/);
      expect(await page.locator(`.bibliography li${href}`).count(), href).toBe(1);
    }
    const entries = await page.$$eval('.bibliography li', (items) => items.map((li) => li.querySelector('a[href^="http"]')?.getAttribute('href') ?? ''));
    for (const link of entries) expect(link).toMatch(/^https?:\/\/(doi\.org|arxiv\.org|www\.offconvex\.org|archive\.ics\.uci\.edu|www\.cs\.toronto\.edu)(\/|$)/);
  });

  it('opens a citation card by keyboard, with focus inside, and closes it with Escape', async () => {
    const citation = page.locator('a.citation').first();
    await citation.focus();
    await page.keyboard.press('Enter');
    const cardId = await citation.getAttribute('data-card');
    const card = page.locator(`#${cardId}`);
    await expect.poll(() => card.evaluate((el) => el.matches(':popover-open'))).toBe(true);
    expect(await card.innerText()).toMatch(/arxiv|doi|link/i);
    expect(await card.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => card.evaluate((el) => el.matches(':popover-open'))).toBe(false);
    expect(await citation.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('shows a citation card on hover', async () => {
    const citation = page.locator('a.citation').nth(3);
    await citation.hover();
    const card = page.locator(`#${await citation.getAttribute('data-card')}`);
    await expect.poll(() => card.evaluate((el) => el.matches(':popover-open'))).toBe(true);
    await page.mouse.move(0, 0);
  });

  it('has footnotes, numbered figures with captions, a table of contents and a cite block', async () => {
    expect(await page.locator('section[data-footnotes] li').count()).toBeGreaterThanOrEqual(3);
    const numbers = await page.$$eval('figure.figure .figure-number', (n) => n.map((x) => x.textContent));
    expect(numbers).toEqual(numbers.map((_, i) => `Figure ${i + 1}.`));
    // Every experiment with a figure has it in the article, once.
    const ids = await page.$$eval('figure.figure', (n) => n.map((x) => x.id));
    expect([...ids].sort()).toEqual(specs.filter((s) => s.figure).map((s) => figureIdOf(s.id)).sort());
    const tocTargets = await page.$$eval('.toc a', (links) => links.map((a) => a.getAttribute('href')));
    for (const target of tocTargets) expect(await page.locator(target!).count(), target!).toBe(1);
    expect(await page.locator('#cite + h3 + p.plain').textContent()).toContain('Sanjeev Arora');
    expect(await page.locator('.cite-block pre').textContent()).toMatch(/@misc\{[\s\S]*title\s*=\s*\{Is Optimization/);
  });

  it('carries scholarly and social metadata', async () => {
    const meta = async (selector: string) => page.locator(selector).getAttribute('content');
    expect(await meta('meta[name="citation_title"]')).toBe('Is Optimization the Right Language for Deep Learning?');
    expect(await meta('meta[name="citation_author"]')).toBe('Sanjeev Arora');
    expect(await meta('meta[name="citation_publication_date"]')).toBe('2019/03/11');
    expect(await meta('meta[property="og:title"]')).toBeTruthy();
    expect(await meta('meta[name="description"]')).toBeTruthy();
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toMatch(/^https?:\/\//);
  });

  it('made no request off its origin and logged no console error', async () => {
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});

describe('the article without JavaScript', () => {
  it('reads completely: text, math, figures and references', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const { page: p, watch: w } = await watchedPage(noJs, new URL(siteUrl).origin);
    await p.goto(siteUrl, { waitUntil: 'load' });
    expect(await p.locator('article.prose h2:not(#footnote-label)').count()).toBe(draftHeadings().length);
    expect(await p.locator('article.prose blockquote').count()).toBe(draftQuotes().length);
    expect(await p.locator('article.prose .katex').count()).toBeGreaterThan(10);
    expect(await p.locator('.bibliography li').count()).toBeGreaterThanOrEqual(20);
    // A citation is a plain link that jumps to its entry.
    const first = p.locator('a.citation').first();
    const href = await first.getAttribute('href');
    await first.click();
    expect(new URL(p.url()).hash).toBe(href);
    expect(w.foreignRequests).toEqual([]);
    await noJs.close();
  });
});

describe('the article renders lazily, section by section', () => {
  // content-visibility: auto on each top-level section (src/styles/base.css): off-screen sections skip
  // style, layout and paint. Checked here: they are skipped at first, rendered when reached, reached by
  // links, not clipped, and always rendered in print.
  const deepFigure = '#fig-mc-image';
  const isRendered = (p: Page, selector: string) =>
    p.locator(selector).evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true }));

  it('skips off-screen sections on load and renders one when the reader scrolls to it', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const p = await phone.newPage();
    await gotoSettled(p, siteUrl);
    expect(await p.locator('article.prose > section').count()).toBeGreaterThanOrEqual(3);
    // Math below the first screen is not laid out, so its fonts wait too. (Counted first: asking
    // whether an element is rendered lays it out.)
    const katexFonts = await p.evaluate(() => performance.getEntriesByType('resource').filter((e) => /KaTeX_/.test(e.name)).length);
    expect(katexFonts).toBe(0);
    expect(await isRendered(p, deepFigure)).toBe(false);
    await p.locator(deepFigure).evaluate((el) => el.scrollIntoView());
    await expect.poll(() => isRendered(p, deepFigure)).toBe(true);
    await phone.close();
  });

  it('lands a link to a figure deep in the article at the top of the screen', async () => {
    const desktop = await browser.newContext({ viewport: { width: 1350, height: 800 } });
    const p = await desktop.newPage();
    await gotoSettled(p, `${siteUrl}${deepFigure}`);
    await expect.poll(() => isRendered(p, deepFigure)).toBe(true);
    const top = await p.locator(deepFigure).evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThanOrEqual(2);
    // The sections clip what they paint: the figures' breakout into the margins stays inside them.
    const clipped = await p.$$eval('.prose > section .figure', (figures) =>
      figures.filter((figure) => {
        const box = figure.getBoundingClientRect();
        const section = figure.closest('.prose > section')!.getBoundingClientRect();
        return box.left < section.left - 0.5 || box.right > section.right + 0.5;
      }).map((figure) => figure.id),
    );
    expect(clipped).toEqual([]);
    await desktop.close();
  });

  it('holds a place for each skipped section close to its rendered height, on a phone and on a wide screen', async () => {
    for (const width of [412, 1350]) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const p = await context.newPage();
      await gotoSettled(p, siteUrl);
      const placeholders = await p.$$eval('article.prose > section[style]', (sections) => sections.map((s) => Number.parseFloat(getComputedStyle(s).containIntrinsicHeight.replace('auto ', ''))));
      await p.addStyleTag({ content: 'article.prose > section { content-visibility: visible !important; }' });
      const heights = await p.$$eval('article.prose > section[style]', (sections) => sections.map((s) => s.getBoundingClientRect().height));
      expect(placeholders.length).toBeGreaterThanOrEqual(3);
      placeholders.forEach((placeholder, i) => {
        expect(Math.abs(placeholder - heights[i]!) / heights[i]!, `section ${i + 1} at ${width} px: ${placeholder} px held for ${Math.round(heights[i]!)} px`).toBeLessThan(0.3);
      });
      await context.close();
    }
  });

  it('renders every section in print', async () => {
    const printing = await browser.newContext();
    const p = await printing.newPage();
    await gotoSettled(p, siteUrl);
    await p.emulateMedia({ media: 'print' });
    const lazy = await p.$$eval('article.prose > section', (sections) => sections.filter((s) => getComputedStyle(s).contentVisibility !== 'visible').length);
    expect(lazy).toBe(0);
    expect(await isRendered(p, deepFigure)).toBe(true);
    await printing.close();
  });
});

describe('the article on a phone', () => {
  it('fits a 360 px screen without horizontal scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await gotoSettled(p, siteUrl);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // A tap on a citation opens its card.
    const citation = p.locator('a.citation').first();
    await citation.scrollIntoViewIfNeeded();
    await citation.tap();
    const card = p.locator(`#${await citation.getAttribute('data-card')}`);
    await expect.poll(() => card.evaluate((el) => el.matches(':popover-open'))).toBe(true);
    await phone.close();
  });

  it('prints as a paper: no site chrome, the references kept', async () => {
    const printing = await browser.newContext();
    const p = await printing.newPage();
    await gotoSettled(p, siteUrl);
    await p.emulateMedia({ media: 'print' });
    expect(await p.locator('.site-header').isVisible()).toBe(false);
    expect(await p.locator('.toc').isVisible()).toBe(false);
    expect(await p.locator('.bibliography').isVisible()).toBe(true);
    const pdf = await p.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(50_000);
    await printing.close();
  });
});
