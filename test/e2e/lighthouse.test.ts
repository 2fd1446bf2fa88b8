// Lighthouse gate (issue 7): the article and one experiment page, mobile and desktop presets, against
// the build under test ($DIST_DIR) served like a static host. Scores must stay at or above
// Performance 0.95, Accessibility 1, Best Practices 1, SEO 1. `npm run lighthouse` records them in
// bench/lighthouse.json; this test fails when a score drops.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLighthouse, THRESHOLDS } from '../../scripts/qa/lighthouse-run.mjs';

describe('Lighthouse', () => {
  it('scores at least Performance 0.95, Accessibility 1, Best Practices 1, SEO 1 (mobile and desktop)', { timeout: 300_000 }, async () => {
    const dir = path.resolve(import.meta.dirname, '../..', process.env.DIST_DIR ?? 'dist');
    const report = await runLighthouse({ dir, log: (line: string) => console.log(line) });
    const below: string[] = [];
    for (const result of report.results as { page: string; preset: string; scores: Record<string, number>; failing: { id: string; title: string }[] }[]) {
      for (const [category, min] of Object.entries(THRESHOLDS as Record<string, number>)) {
        if (result.scores[category]! < min) below.push(`${result.preset} ${result.page}: ${category} ${result.scores[category]} < ${min} (${result.failing.map((f) => f.id).join(', ')})`);
      }
    }
    expect(report.results.length).toBe(4);
    expect(below).toEqual([]);
  });
});
