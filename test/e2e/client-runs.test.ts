// Issue 13, item 6: two tabs on one experiment keep their "Your runs" lists in step, and deleting a
// stored run keeps the focus on a control of the list (not the page body).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, watchedPage } from './browser.ts';
import { openExperimentPanel, runOn } from './rerun-helpers.ts';

const siteUrl = inject('siteUrl');
const origin = new URL(siteUrl).origin;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('"Your runs" with two tabs open', () => {
  it('lists a run stored or deleted in one tab in the other too, and keeps the focus in the list after a delete', async () => {
    const context = await browser.newContext(); // a fresh IndexedDB
    try {
      const url = `${siteUrl}experiments/ntk-concentration/?widths=64&seeds=1&points=8`;
      const first = await watchedPage(context, origin);
      const second = await watchedPage(context, origin);
      const a = await openExperimentPanel(first.page, url);
      const b = await openExperimentPanel(second.page, url);
      const runsOf = (root: typeof a) => root.locator('.rerun-runs li[data-run-id]');
      expect(await runsOf(b).count()).toBe(0);

      expect(await runOn(a, 'wasm')).toBe('done');
      await expect.poll(() => runsOf(a).count()).toBe(1);
      await expect.poll(() => runsOf(b).count(), { timeout: 5_000 }).toBe(1);
      expect(await runOn(b, 'wasm')).toBe('done');
      await expect.poll(() => runsOf(a).count(), { timeout: 5_000 }).toBe(2);

      // Delete in one tab: the focus moves to the Delete button now in its place, and the other tab follows.
      await runsOf(b).first().getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => runsOf(b).count()).toBe(1);
      await expect.poll(() => second.page.evaluate(() => document.activeElement?.closest('li[data-run-id]') !== null && document.activeElement?.textContent === 'Delete')).toBe(true);
      await expect.poll(() => runsOf(a).count(), { timeout: 5_000 }).toBe(1);
      // The last one: the focus goes to the list's heading.
      await second.page.keyboard.press('Enter');
      await expect.poll(() => runsOf(b).count()).toBe(0);
      await expect.poll(() => second.page.evaluate(() => document.activeElement?.textContent)).toBe('Your runs');
      await expect.poll(() => runsOf(a).count(), { timeout: 5_000 }).toBe(0);
      expect([...first.watch.consoleErrors, ...second.watch.consoleErrors]).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
