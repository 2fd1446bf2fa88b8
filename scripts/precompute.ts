/**
 * Regenerates every published data file with the same engines the browser runs, and records each
 * file's SHA-256 and provenance in content/data/manifest.json.
 *
 *   npm run precompute                       all experiments, published presets
 *   npm run precompute -- --only a,b         some experiments
 *   npm run precompute -- --check [--only]   rerun and compare with the committed data
 *   npm run precompute -- --backend cpu      choose the Node backend (wasm by default: 10-30x faster)
 *   npm run precompute -- --preset reduced   only one preset (default: both; the reduced run is what
 *                                            a reader's browser repeats and compares against)
 *   npm run precompute -- --workers N        worker threads for experiments split into independent runs
 *                                            (default: the number of cores; 1 = in this process). Every
 *                                            run keeps its own seed: the data are the same for every N.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadEngines, specs } from '../src/experiments/registry.ts';
import { presetConfig } from '../src/experiments/runtime/spec.ts';
import { selectNodeBackend } from '../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../src/experiments/runtime/consume.ts';
import { canPool, defaultWorkers, runPooled } from '../src/experiments/runtime/pool-node.ts';
import { manifestSchema, publishedFileName, readPublishedData, type Manifest, type Preset, type PublishedData } from '../src/experiments/runtime/data-file.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, 'content', 'data');
const manifestPath = path.join(dataDir, 'manifest.json');

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    check: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'wasm' },
    preset: { type: 'string', default: 'all' },
    workers: { type: 'string' },
  },
});

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'scripts'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return 'unknown';
  }
}

async function readManifest(): Promise<Manifest> {
  if (!existsSync(manifestPath)) return { format: 'trajectories/manifest@1', files: [] };
  return manifestSchema.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
}

const only = values.only ? new Set(values.only.split(',')) : null;
const selectedSpecs = specs.filter((e) => !only || only.has(e.id));
if (only && selectedSpecs.length !== only.size) {
  throw new Error(`Unknown experiment in --only: ${[...only].filter((id) => !specs.some((e) => e.id === id)).join(', ')}`);
}
const selected = await loadEngines(selectedSpecs);
const presets: Preset[] = values.preset === 'all' ? ['published', 'reduced'] : [values.preset === 'reduced' ? 'reduced' : 'published'];
const { backend } = await selectNodeBackend(values.backend === 'cpu' ? 'cpu' : 'wasm');
const engineVersion = gitCommit();
const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a whole number from 1 up, not "${values.workers}"`);
let failures = 0;

for (const experiment of selected) for (const preset of presets) {
  const config = presetConfig(experiment, preset);
  const started = performance.now();
  let lastLog = 0;
  const log = (progress: { done: number; total: number }) => {
    const now = performance.now();
    if (now - lastLog > 5000) {
      lastLog = now;
      process.stdout.write(`  ${experiment.id} (${preset}): ${Math.floor(progress.done)}/${progress.total}\n`);
    }
  };
  const pooled = workers > 1 && canPool(experiment);
  const result = pooled
    ? await runPooled(experiment, config, { workers, backend: backend === 'cpu' ? 'cpu' : 'wasm', onProgress: log })
    : await runToEnd(experiment, config, {}, (snapshot) => log(snapshot.progress));
  const wallTimeMs = Math.round(performance.now() - started);
  const relative = path.join('content', 'data', publishedFileName(experiment.id, preset));
  const file = path.join(root, relative);

  if (values.check) {
    const published = readPublishedData(await readFile(file, 'utf8'), experiment.id, relative);
    const deviation = experiment.compare(published.result, result);
    const tolerance = published.backend === backend ? experiment.tolerance.sameBackend : experiment.tolerance.crossBackend;
    const ok = deviation <= tolerance;
    if (!ok) failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${experiment.id} (${preset}): ${experiment.tolerance.metric} = ${deviation.toExponential(3)} (tolerance ${tolerance}, ${wallTimeMs} ms)`);
    continue;
  }

  const data: PublishedData = { format: 'trajectories/published-data@1', experiment: experiment.id, preset, config, backend, result };
  const text = `${JSON.stringify(data)}\n`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, text);
  const entry = {
    path: relative,
    experiment: experiment.id,
    preset,
    sha256: createHash('sha256').update(text).digest('hex'),
    bytes: Buffer.byteLength(text),
    config,
    seed: (config as Record<string, unknown>).seed ?? (config as Record<string, unknown>).seeds ?? null,
    engineVersion,
    tfjsVersion: tf.version_core,
    backend,
    node: process.version,
    wallTimeMs,
    workers: pooled ? Math.min(workers, experiment.plan!(config).length) : 1,
    createdAt: new Date().toISOString(),
  };
  // Re-read the manifest just before writing it: another precompute may have added entries since
  // this one started (a stale copy would drop them).
  const current = await readManifest();
  current.files = [...current.files.filter((f) => f.path !== relative), entry].sort((a, b) => a.path.localeCompare(b.path));
  await writeFile(manifestPath, `${JSON.stringify(current, null, 2)}\n`);
  console.log(`wrote ${relative} (${entry.bytes} bytes, ${wallTimeMs} ms, ${backend})`);
}

if (failures > 0) {
  console.error(`${failures} experiment(s) differ from the published data.`);
  process.exitCode = 1;
}
