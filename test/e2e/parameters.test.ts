// What a reader meets when an address or the form holds bad parameters (issue 13: defects 1, 2, 6).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, watchedPage } from './browser.ts';
import { openExperimentPanel, waitForOutcome } from './rerun-helpers.ts';

const siteUrl = inject('siteUrl');
const origin = new URL(siteUrl).origin;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
});

describe('parameters in the address', () => {
  it('a cross-field error keeps every valid parameter; only the field the rule names falls back', async () => {
    const { page, watch } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/matrix-completion/?observations=5000&seed=7`);
    expect(await root.locator('input[name=seed]').inputValue()).toBe('7');
    const issues = await root.locator('.rerun-issues').innerText();
    expect(issues).toMatch(/observations \(5000\) cannot exceed n\^2 = 1600/);
    expect(issues).toMatch(/observations = \d+ used instead/);
    expect(await root.locator('input[name=observations]').inputValue()).not.toBe('5000');
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('lists hex numbers, repeated keys and floods of unknown keys instead of using them silently', async () => {
    const { page } = await watchedPage(context, origin);
    const junk = Array.from({ length: 300 }, (_, i) => `junk${i}=1`).join('&');
    const root = await openExperimentPanel(page, `${siteUrl}experiments/matrix-completion/?seed=0x10&depth=2&depth=4&${junk}`);
    expect(await root.locator('input[name=seed]').inputValue()).toBe('1');
    expect(await root.locator('input[name=depth]').inputValue()).toBe('4');
    const list = root.locator('.rerun-issues li');
    const text = await root.locator('.rerun-issues').innerText();
    expect(text).toMatch(/seed[\s\S]*0x10[\s\S]*must be an integer/);
    expect(text).toMatch(/depth[\s\S]*more than once/);
    expect(text).toMatch(/295 more unknown parameters were ignored/);
    expect(await list.count()).toBeLessThan(12);
    const box = await root.locator('.rerun-issues').boundingBox();
    expect(box!.height).toBeLessThan(800);
    await page.close();
  });
});

describe('the form', () => {
  it('marks the fields a cross-field rule names, keeps its message, and announces it', async () => {
    const { page } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/matrix-completion/?seed=2`);
    const observations = root.locator('input[name=observations]');
    await observations.fill('5000');
    await observations.press('Enter');
    await expect.poll(() => observations.getAttribute('aria-invalid')).toBe('true');
    const message = await root.locator(`#${await observations.getAttribute('id')}-message`).innerText();
    expect(message).toMatch(/cannot exceed n\^2 = 1600/);
    const status = root.locator('.rerun-status');
    expect(await status.innerText()).toMatch(/cannot exceed n\^2 = 1600/);
    expect(await status.innerText()).not.toMatch(/Fix the parameters marked above/);
    const announced = await root.locator('[role=alert], [aria-live]').filter({ hasText: /cannot exceed n\^2/ }).count();
    expect(announced).toBeGreaterThan(0);
    expect(await root.getAttribute('data-state')).not.toBe('running');
    await page.close();
  });

  it('keeps focus on a control after Run, Cancel and the end of a run', async () => {
    const { page } = await watchedPage(context, origin);
    const root = await openExperimentPanel(page, `${siteUrl}experiments/ntk-concentration/?widths=64,256,1024,2048&seeds=20`);
    await root.locator('select[name=backend]').selectOption('wasm');
    await root.locator('button.rerun-run').click();
    await expect.poll(() => root.getAttribute('data-state')).toBe('running');
    const focusedTag = () => page.evaluate(() => (document.activeElement === document.body || !document.activeElement ? 'body' : document.activeElement.className));
    expect(await focusedTag()).toMatch(/rerun-cancel/);
    await root.locator('button.rerun-cancel').click();
    expect(await waitForOutcome(root, 10_000)).toBe('cancelled');
    expect(await focusedTag()).toMatch(/rerun-run/);
    await page.close();
  });
});
