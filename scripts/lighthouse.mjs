// `npm run lighthouse`: builds the site (into $DIST_DIR, default dist/; pass --no-build to reuse a
// build), runs Lighthouse on the article and one experiment page with the mobile and desktop presets,
// and writes the scores to bench/lighthouse.json (committed). Exits non-zero when a score is under the
// gate (Performance 0.95; Accessibility, Best Practices and SEO 1).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runLighthouse, THRESHOLDS } from './qa/lighthouse-run.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = process.env.DIST_DIR ?? 'dist';
if (!process.argv.includes('--no-build')) {
  console.log(`▶ astro build --outDir ${dist}`);
  const build = spawnSync('npx', ['astro', 'build', '--outDir', dist], { cwd: root, stdio: 'inherit', env: { ...process.env, BASE: '/' } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const report = await runLighthouse({ dir: path.join(root, dist), log: (line) => console.log(line) });
const output = {
  generatedAt: new Date().toISOString(),
  lighthouse: report.lighthouse,
  chromium: report.chromium,
  thresholds: THRESHOLDS,
  results: report.results,
};
mkdirSync(path.join(root, 'bench'), { recursive: true });
writeFileSync(path.join(root, 'bench/lighthouse.json'), `${JSON.stringify(output, null, 2)}\n`);
console.log('wrote bench/lighthouse.json');

let failed = false;
for (const r of report.results) {
  for (const [category, min] of Object.entries(THRESHOLDS)) {
    if (r.scores[category] < min) {
      failed = true;
      console.error(`✖ ${r.preset} ${r.page}: ${category} ${r.scores[category]} < ${min}`);
    }
  }
  for (const f of r.failing) console.error(`  ${r.preset} ${r.page}: ${f.id} (${f.score}) ${f.title}${f.details?.length ? `\n      ${f.details.join('\n      ')}` : ''}`);
}
process.exit(failed ? 1 : 0);
