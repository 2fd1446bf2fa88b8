import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { gotoSettled } from './browser.ts';

/** Waits for a rerun panel to finish, returning its outcome (done, cancelled or error). */
export async function waitForOutcome(root: Locator, timeoutMs = 120_000): Promise<string> {
  await expect
    .poll(async () => root.getAttribute('data-outcome'), { timeout: timeoutMs, interval: 250 })
    .toBeTruthy();
  return (await root.getAttribute('data-outcome'))!;
}

/** Opens the rerun panel of an article figure. */
export async function openFigurePanel(page: Page, figureId: string): Promise<Locator> {
  const root = page.locator(`#${figureId} [data-rerun]`);
  await root.locator('[data-rerun-open]').click();
  await expect.poll(() => root.getAttribute('data-mounted'), { timeout: 30_000 }).toBe('ready');
  return root;
}

/** Opens an experiment page (with parameters, if any) and returns its rerun panel once it is ready. */
export async function openExperimentPanel(page: Page, url: string): Promise<Locator> {
  await gotoSettled(page, url);
  const root = page.locator('[data-rerun]');
  await root.scrollIntoViewIfNeeded();
  await expect.poll(() => root.getAttribute('data-mounted'), { timeout: 30_000 }).toBe('ready');
  return root;
}

/** Starts a run on a backend and returns when it has finished. */
export async function runOn(root: Locator, backend: string, timeoutMs?: number): Promise<string> {
  await root.locator('select[name=backend]').selectOption(backend);
  await root.locator('button.rerun-run').click();
  return waitForOutcome(root, timeoutMs);
}

/** The JSON the panel's "Download JSON" button saves. */
export async function downloadRunJson(page: Page, root: Locator): Promise<{ config: Record<string, unknown>; result: unknown; backend: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), root.getByRole('button', { name: 'Download JSON' }).click()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
