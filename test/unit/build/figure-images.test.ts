import { describe, expect, it } from 'vitest';
import { extractFigureImages } from '../../../src/build/figure-images.ts';
import { grayPngDataUrl } from '../../../src/figures/matrix-completion/shared.ts';

describe('extractFigureImages', () => {
  it('moves PNG data URIs out of an SVG into files named by content hash', () => {
    const a = grayPngDataUrl(Uint8Array.from([1, 2, 3, 4]), 2, 2);
    const b = grayPngDataUrl(Uint8Array.from([9, 9, 9, 9]), 2, 2);
    const svg = `<svg><image href="${a}"/><image href="${b}"/><image href="${a}"/></svg>`;
    const { svg: out, images } = extractFigureImages(svg, (file) => `/base/figures/${file}`);
    expect(out).not.toContain('data:');
    expect(images).toHaveLength(3);
    expect(images[0]!.file).toBe(images[2]!.file);
    expect(images[0]!.file).not.toBe(images[1]!.file);
    expect(out).toContain(`href="/base/figures/${images[1]!.file}"`);
    expect(images[0]!.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
