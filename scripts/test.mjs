// `npm test`: unit tests, then a production build at / and under a sub-path, then the end-to-end
// tests in Debian's Chromium against both builds. Installs Debian's chromium when it is missing and we are root;
// otherwise fails with a message (it never skips).
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';

const e2eOnly = process.argv.includes('--e2e-only');
const vitestArgs = process.argv.slice(2).filter((a) => a !== '--e2e-only');

function run(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${label} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${label} (${seconds} s)`);
}

try {
  process.env.CHROME_PATH = ensureChromium();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

// astro sync writes .astro/types.d.ts (astro:content, import.meta.env), which a clean clone lacks.
if (!e2eOnly) run('astro sync', 'npx', ['astro', 'sync']);
if (!e2eOnly) run('type check (TypeScript strict)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
if (!e2eOnly) run('unit tests', 'npx', ['vitest', 'run', '--project', 'unit', ...vitestArgs]);
// DIST_DIR lets several checkouts or agents test side by side without sharing build output.
const dist = process.env.DIST_DIR ?? 'dist';
process.env.DIST_DIR = dist;
run('build at /', 'npx', ['astro', 'build', '--outDir', dist], { BASE: '/' });
run('build at /trajectories/', 'npx', ['astro', 'build', '--outDir', `${dist}-subpath`], { BASE: '/trajectories/' });
run('end-to-end tests', 'npx', ['vitest', 'run', '--project', 'e2e', ...vitestArgs]);
