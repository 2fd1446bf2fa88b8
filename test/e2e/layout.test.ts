// Layout on a phone (issue 13, defect 5): at 320 and 360 CSS pixels no page scrolls sideways, and no
// text of a figure lies outside its SVG (where it would be clipped): on every page as built, and after
// a short rerun has redrawn a live figure at the width of a 320 px screen.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { openExperimentPanel, runOn } from './rerun-helpers.ts';
import { builtPages } from './site-pages.ts';

const siteUrl = inject('siteUrl');
const pages = builtPages();
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 320, height: 640 } });
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Lays out the whole page (the article's sections skip layout off screen: content-visibility) once
 * its fonts are in, then lists what does not fit: the page wider than the viewport (with the
 * elements that stick out furthest), and every text of a figure's SVG outside that SVG's box.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  await page.addStyleTag({ content: '.prose > section { content-visibility: visible !important; }' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} “${(el.textContent ?? '').trim().slice(0, 40)}”`;
    const viewport = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > viewport) {
      // The innermost elements that reach past the right edge, outside any box that scrolls or clips: what to fix.
      const clipped = (el: Element) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
        return false;
      };
      const over = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > viewport + 0.5 && !clipped(el));
      const innermost = over.filter((el) => !over.some((other) => other !== el && el.contains(other)));
      problems.push(`scrollWidth ${scrollWidth} > ${viewport}: ${innermost.slice(0, 4).map(describe).join(' | ')}`);
    }
    for (const svg of document.querySelectorAll<SVGSVGElement>('.figure-panels svg')) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0 || svg.parentElement?.closest('svg')) continue;
      const figure = svg.closest('figure.figure')?.id ?? '?';
      for (const text of svg.querySelectorAll('text')) {
        const r = text.getBoundingClientRect();
        if (!(text.textContent ?? '').trim() || r.width === 0) continue;
        const out = [box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom];
        if (out.some((d) => d > 0.5)) {
          problems.push(`${figure}: “${text.textContent}” outside its SVG by ${out.map((d) => Math.max(0, d).toFixed(1)).join('/')} px (left/right/top/bottom)`);
        }
      }
    }
    return problems;
  });
}

describe('layout on a phone', () => {
  it('at 320 and 360 px, no page scrolls sideways and no figure text falls outside its SVG', async () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const page = await context.newPage();
    const problems: string[] = [];
    for (const path of pages) {
      // One load per page, laid out at each width in turn (the static figures do not change with it).
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(`${siteUrl}${path}`, { waitUntil: 'load' });
      for (const width of [320, 360]) {
        await page.setViewportSize({ width, height: 640 });
        for (const line of await layoutProblems(page)) problems.push(`/${path} at ${width} px: ${line}`);
      }
    }
    await page.close();
    expect(problems).toEqual([]);
  });

  // Short runs: the live figure is redrawn at the container's width (280 px here), with its own labels.
  for (const [id, query] of [
    ['mc-image', 'n=20&observations=200&depths=1,2&maxSteps=200&readEvery=50'],
    ['ntk-training-trajectory', 'widths=64,128&seeds=1&trainSize=8&testSize=4&steps=10'],
  ] as const) {
    it(`after a short rerun of ${id} at 320 px, the redrawn figure fits and Plot warns of nothing`, async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width: 320, height: 640 });
      const warnings: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
      });
      const root = await openExperimentPanel(page, `${siteUrl}experiments/${id}/?${query}`);
      expect(await runOn(root, 'wasm', 90_000), await root.locator('.rerun-status').innerText()).toBe('done');
      expect(await page.locator(`#fig-${id} [data-figure-panels] svg`).count()).toBeGreaterThan(0);
      expect(await layoutProblems(page)).toEqual([]);
      expect(warnings.filter((w) => /Warning|high cardinality/.test(w))).toEqual([]);
      await page.close();
    });
  }
});
