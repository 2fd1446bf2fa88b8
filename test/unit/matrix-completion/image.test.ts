import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHINA_GRAY_SHA256, CHINA_GRAY_SIZE } from '../../../src/experiments/matrix-completion/data/china-gray-100.ts';
import { decodeGray, encodeGray, imageProblem, photo, photoPixels } from '../../../src/experiments/matrix-completion/photo.ts';
import { frobenius } from '../../../src/experiments/matrix-completion/linalg.ts';

describe('the shipped photograph', () => {
  it('matches its SHA-256 and the PGM file in content/datasets/image', () => {
    const pixels = photoPixels();
    expect(createHash('sha256').update(pixels).digest('hex')).toBe(CHINA_GRAY_SHA256);
    const pgm = readFileSync(new URL('../../../content/datasets/image/china-gray-100.pgm', import.meta.url), 'utf8');
    const numbers = pgm.split('\n').filter((l) => !l.startsWith('#')).join(' ').split(/\s+/).filter(Boolean);
    expect(numbers.slice(0, 4)).toEqual(['P2', '100', '100', '255']);
    expect(Uint8Array.from(numbers.slice(4).map(Number))).toEqual(pixels);
    const readme = readFileSync(new URL('../../../content/datasets/image/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(CHINA_GRAY_SHA256);
    expect(readme).toMatch(/CC BY 2\.0/);
  });

  it('downscales by area averaging and keeps the mean gray level', () => {
    const full = photo(CHINA_GRAY_SIZE);
    const small = photo(40);
    const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
    expect(small.length).toBe(1600);
    expect(mean(small)).toBeCloseTo(mean(full), 6);
    expect(Math.min(...small)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...small)).toBeLessThanOrEqual(1);
  });

  it('becomes a problem of unit-RMS entries, and round-trips through 8-bit encoding', () => {
    const { problem, scale } = imageProblem(40, 480, 1);
    expect(frobenius(problem.truth!)).toBeCloseTo(40, 8);
    const decoded = decodeGray(encodeGray(problem.truth!, scale));
    const original = photo(40);
    decoded.forEach((v, k) => expect(Math.abs(v - original[k]! * 255)).toBeLessThanOrEqual(0.5 + 1e-9));
  });
});

describe('the best point along a trajectory', () => {
  it('is the lowest test error, the first on ties, skipping non-finite values', async () => {
    const { bestPoint } = await import('../../../src/experiments/matrix-completion/image.ts');
    const points = [
      { step: 0, testError: 1 },
      { step: 50, testError: NaN },
      { step: 100, testError: 0.2 },
      { step: 150, testError: 0.15 },
      { step: 200, testError: 0.15 },
      { step: 250, testError: 0.3 },
    ];
    expect(bestPoint(points)).toEqual({ step: 150, testError: 0.15 });
    expect(bestPoint([])).toBeNull();
  });
});
