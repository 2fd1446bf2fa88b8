import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/** A copy of content/data in a temporary project root, with one file optionally changed by hand. */
async function loaderOver(tamper: boolean) {
  const root = mkdtempSync(path.join(tmpdir(), 'trajectories-data-'));
  mkdirSync(path.join(root, 'content', 'data'), { recursive: true });
  for (const file of ['manifest.json', 'mc-image.reduced.json']) copyFileSync(path.join('content', 'data', file), path.join(root, 'content', 'data', file));
  if (tamper) {
    const file = path.join(root, 'content', 'data', 'mc-image.reduced.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"seed":1', '"seed":2'));
  }
  vi.resetModules();
  vi.stubEnv('TRAJECTORIES_ROOT', root);
  const module = await import('../../../src/build/published-data.ts');
  vi.unstubAllEnvs();
  return module;
}

describe('loadPublished', () => {
  it('reads a published file whose hash matches the manifest', async () => {
    const { loadPublished } = await loaderOver(false);
    expect(loadPublished('mc-image', 'reduced')?.data.experiment).toBe('mc-image');
  });

  it('refuses a file edited by hand: its hash no longer matches the manifest', async () => {
    const { loadPublished } = await loaderOver(true);
    expect(() => loadPublished('mc-image', 'reduced')).toThrow(/does not match its manifest hash/);
  });
});
