/**
 * Whole precompute wall time, from content/data/manifest.json: `npm run precompute` records each data
 * file's wall time (wallTimeMs), backend and date. Sums over the full-scale (published) files and over
 * the reduced ones, and the list per experiment. Reads the manifest only; runs nothing.
 */
import { existsSync, readFileSync } from 'node:fs';

interface ManifestEntry {
  experiment: string;
  preset: string;
  backend?: string;
  wallTimeMs?: number;
  createdAt?: string;
  workers?: number;
}

export interface PrecomputeTimeRow {
  experiment: string;
  fullScaleMs: number | null;
  reducedMs: number | null;
  /** Backends of its files (one when both used the same). */
  backend: string;
  /** Date of its full-scale file (its reduced one if it has none). */
  createdAt: string | null;
  /** Workers of the full-scale run, where the manifest records them. */
  workers?: number;
}

export interface PrecomputeTime {
  manifest: string;
  fullScale: { files: number; totalMs: number };
  reduced: { files: number; totalMs: number };
  experiments: PrecomputeTimeRow[];
}

export function precomputeWallTime(manifestPath: string, label = 'content/data/manifest.json'): PrecomputeTime | null {
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files?: ManifestEntry[] };
  const files = (manifest.files ?? []).filter((f) => typeof f.wallTimeMs === 'number');
  const isFull = (f: ManifestEntry) => f.preset === 'published';
  const sum = (list: ManifestEntry[]) => ({ files: list.length, totalMs: list.reduce((s, f) => s + (f.wallTimeMs ?? 0), 0) });
  const experiments: PrecomputeTimeRow[] = [];
  for (const experiment of [...new Set(files.map((f) => f.experiment))]) {
    const full = files.find((f) => f.experiment === experiment && isFull(f));
    const reduced = files.find((f) => f.experiment === experiment && f.preset === 'reduced');
    const backends = [...new Set([full?.backend, reduced?.backend].filter((b): b is string => typeof b === 'string'))];
    experiments.push({
      experiment,
      fullScaleMs: full?.wallTimeMs ?? null,
      reducedMs: reduced?.wallTimeMs ?? null,
      backend: backends.join(', ') || 'unknown',
      createdAt: full?.createdAt ?? reduced?.createdAt ?? null,
      ...(typeof full?.workers === 'number' ? { workers: full.workers } : {}),
    });
  }
  experiments.sort((a, b) => (b.fullScaleMs ?? 0) - (a.fullScaleMs ?? 0));
  return { manifest: label, fullScale: sum(files.filter(isFull)), reduced: sum(files.filter((f) => f.preset === 'reduced')), experiments };
}
