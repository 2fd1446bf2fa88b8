import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { manifestSchema, publishedFileName, readPublishedData, type ManifestEntry, type Preset, type PublishedData } from '../experiments/runtime/data-file.ts';

import type { AnySpec } from '../experiments/registry.ts';
import type { ReferenceTimes } from '../experiments/runtime/estimate.ts';
import { presetConfig } from '../experiments/runtime/spec.ts';
import { contentDir } from './paths.ts';

const dataDir = path.join(contentDir, 'data');

/** The manifest of published data (empty before the first precompute). */
export function loadManifest(): ManifestEntry[] {
  const file = path.join(dataDir, 'manifest.json');
  if (!existsSync(file)) return [];
  return manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).files;
}

export interface PublishedFile {
  data: PublishedData;
  entry: ManifestEntry;
  text: string;
}

/**
 * Reads an experiment's published data at build time and checks its SHA-256 against the manifest:
 * a file edited by hand, or regenerated without updating the manifest, fails the build.
 */
export function loadPublished(experiment: string, preset: Preset = 'published'): PublishedFile | null {
  const name = publishedFileName(experiment, preset);
  const entry = loadManifest().find((e) => e.path === `content/data/${name}`);
  const file = path.join(dataDir, name);
  if (!entry || !existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const sha256 = createHash('sha256').update(text).digest('hex');
  if (sha256 !== entry.sha256) {
    throw new Error(`content/data/${name} does not match its manifest hash (${sha256} ≠ ${entry.sha256}). Published data comes only from \`npm run precompute\`.`);
  }
  return { data: readPublishedData(text, experiment, `content/data/${name}`), entry, text };
}

/**
 * The work and measured wall time of an experiment's two presets (what its time estimates are anchored
 * at, src/experiments/runtime/estimate.ts), or null without `work` or without both manifest entries.
 */
export function referenceTimes(spec: AnySpec): ReferenceTimes | null {
  if (!spec.work) return null;
  const work = spec.work as (config: unknown) => number;
  const entry = (preset: Preset) => loadManifest().find((e) => e.experiment === spec.id && e.preset === preset);
  const published = entry('published');
  const reduced = entry('reduced');
  if (!published || !reduced) return null;
  // One worker's time: a run shared by a pool of precompute workers took about that many times longer alone.
  return {
    reduced: { work: work(presetConfig(spec, 'reduced')), ms: reduced.wallTimeMs * (reduced.workers ?? 1) },
    published: { work: work(presetConfig(spec, 'published')), ms: published.wallTimeMs * (published.workers ?? 1) },
  };
}
