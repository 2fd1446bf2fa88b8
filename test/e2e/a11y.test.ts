// Accessibility (issue 7): axe-core finds zero violations on every page of the site (the article,
// the experiments index and every experiment page, and the offline pages), in the light theme and (for the
// rules that depend on colour: the dark theme changes colours only) the dark theme, with and without
// JavaScript, and on an experiment page while a rerun is going. Also: the
// figures have text alternatives and a data table, and keyboard focus is visible.
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { gotoSettled, launchBrowser } from './browser.ts';
import { builtPages, experimentPages } from './site-pages.ts';

const siteUrl = inject('siteUrl');
const pages = builtPages();
/**
 * Without JavaScript, one experiment page stands for all: they share one template, and what differs
 * between them (the configuration table, the static figure, also in the article) is audited with
 * JavaScript on every page and without it in the article.
 */
const pagesWithoutScript = pages.filter((path) => !experimentPages().includes(path) || path === experimentPages()[0]);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * The rules whose outcome depends on the colour theme. The themes change colours only, so the dark
 * passes run these; every other rule sees the same document in both themes and runs in the light passes.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** The violations, one line each, readable in a failing assertion. */
async function axeViolations(page: Page, rules?: string[]): Promise<string[]> {
  // axe-core cannot audit what content-visibility: auto skips (dequelabs/axe-core#2768): lay out every
  // section of the article first, so the audit covers the whole page.
  await page.addStyleTag({ content: '.prose > section { content-visibility: visible !important; }' });
  const builder = new AxeBuilder({ page });
  const results = await (rules ? builder.withRules(rules) : builder).analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 4 ? ` (+${v.nodes.length - 4})` : ''}`,
  );
}

async function settle(page: Page, javaScript: boolean): Promise<void> {
  if (!javaScript) return;
  // Experiment pages open their rerun panel at once: audit it once it is there.
  const panel = page.locator('[data-rerun][data-auto="true"]');
  if ((await panel.count()) > 0) {
    await panel.first().scrollIntoViewIfNeeded();
    await expect.poll(() => panel.first().getAttribute('data-mounted'), { timeout: 30_000 }).toBe('ready');
  }
}

describe('axe-core: zero violations', () => {
  expect(pages.length).toBeGreaterThanOrEqual(3);
  for (const javaScript of [true, false]) {
    it(`on every page, light and dark themes, ${javaScript ? 'with JavaScript' : 'without JavaScript (one experiment page for all)'}`, async () => {
      // Without JavaScript: the page loads with script execution off (so <noscript> renders and no
      // page script runs), then it is switched back on for axe alone. (A context created with
      // javaScriptEnabled: false cannot run axe at all: Playwright's evaluate hangs there.)
      // Each page loads once: every rule in the light theme, then the colour rules in the dark one.
      const context = await browser.newContext({ colorScheme: 'light' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const problems: string[] = [];
      for (const path of javaScript ? pages : pagesWithoutScript) {
        await page.emulateMedia({ colorScheme: 'light' });
        if (!javaScript) await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
        if (javaScript) await gotoSettled(page, `${siteUrl}${path}`);
        else await page.goto(`${siteUrl}${path}`, { waitUntil: 'load' });
        await settle(page, javaScript);
        if (!javaScript) await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
        for (const line of await axeViolations(page)) problems.push(`/${path} (light): ${line}`);
        await page.emulateMedia({ colorScheme: 'dark' });
        for (const line of await axeViolations(page, COLOUR_RULES)) problems.push(`/${path} (dark): ${line}`);
      }
      await context.close();
      expect(problems).toEqual([]);
    });
  }

  it('on an experiment page while a rerun is going, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      // A long run (many widths and seeds) so that it is still going while axe looks at the page.
      await gotoSettled(page, `${siteUrl}experiments/ntk-concentration/?widths=64,256,1024,2048&seeds=20`);
      const root = page.locator('[data-rerun]');
      await root.scrollIntoViewIfNeeded();
      await expect.poll(() => root.getAttribute('data-mounted'), { timeout: 30_000 }).toBe('ready');
      await root.locator('select[name=backend]').selectOption('cpu');
      await root.locator('button.rerun-run').click();
      await expect.poll(() => root.locator('progress').evaluate((p: HTMLProgressElement) => p.value), { timeout: 60_000 }).toBeGreaterThan(0);
      const violations = await axeViolations(page);
      const stillRunning = await root.locator('button.rerun-cancel').isEnabled();
      if (stillRunning) await root.locator('button.rerun-cancel').click();
      await context.close();
      expect(violations, colorScheme).toEqual([]);
      expect(stillRunning, 'the run was still going while axe ran').toBe(true);
    }
  });
});

describe('figures and keyboard', () => {
  it('every figure has a text alternative and a data table, with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(siteUrl);
    // A figure whose data is not computed yet shows a captioned placeholder (text) instead.
    const figures = await page.$$eval('figure.figure:not(:has(.figure-placeholder))', (nodes) =>
      nodes.map((figure) => ({
        id: figure.id,
        caption: figure.querySelector('figcaption')?.textContent?.trim() ?? '',
        charts: Array.from(figure.querySelectorAll('svg[role="img"]')).map((svg) => svg.getAttribute('aria-label') ?? ''),
        unlabelledSvgs: Array.from(figure.querySelectorAll('svg')).filter((svg) => !svg.getAttribute('aria-label') && svg.getAttribute('aria-hidden') !== 'true' && !svg.closest('[aria-hidden="true"]')).length,
        labelledGroups: figure.querySelectorAll('g[aria-label]').length,
        tableRows: figure.querySelectorAll('details.figure-data table tbody tr').length,
        tableSummary: figure.querySelector('details.figure-data summary')?.textContent ?? '',
      })),
    );
    await context.close();
    expect(figures.length).toBeGreaterThanOrEqual(3);
    for (const figure of figures) {
      expect(figure.caption.length, figure.id).toBeGreaterThan(20);
      expect(figure.charts.length, figure.id).toBeGreaterThanOrEqual(1);
      for (const label of figure.charts) expect(label.length, figure.id).toBeGreaterThan(5);
      expect(figure.unlabelledSvgs, figure.id).toBe(0);
      expect(figure.labelledGroups, `${figure.id}: Plot's aria-label on <g>`).toBe(0);
      expect(figure.tableRows, figure.id).toBeGreaterThan(0);
      expect(figure.tableSummary, figure.id).toMatch(/^Data table for Figure \d+/);
    }
  });

  it('shows a visible focus indicator on every control reached by Tab, in both themes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await gotoSettled(page, siteUrl);
      const missing: string[] = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const focus = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
          const ring = style.boxShadow !== 'none';
          return { what: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} “${(el.textContent ?? '').trim().slice(0, 30)}”`, visible: outline || ring, focusVisible: el.matches(':focus-visible') };
        });
        if (!focus) continue;
        if (!focus.visible || !focus.focusVisible) missing.push(focus.what);
      }
      await context.close();
      expect(missing, colorScheme).toEqual([]);
    }
  });
});
