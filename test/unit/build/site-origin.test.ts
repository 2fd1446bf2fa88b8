import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_SITE, placeholderNotice, siteOrigin } from '../../../src/build/site-origin.ts';

describe('the canonical origin', () => {
  it('is SITE when set, and a placeholder otherwise', () => {
    expect(siteOrigin({ SITE: 'https://example.net' })).toBe('https://example.net');
    expect(siteOrigin({})).toBe(PLACEHOLDER_SITE);
    expect(siteOrigin({ SITE: '  ' })).toBe(PLACEHOLDER_SITE);
  });

  it('makes a production build without SITE say so', () => {
    expect(placeholderNotice({})).toMatch(/SITE is not set.*trajectories\.example\.org/);
    expect(placeholderNotice({ SITE: 'https://example.net' })).toBeNull();
  });
});
