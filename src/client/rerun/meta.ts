import { findSpec, type ExperimentId } from '../../experiments/registry.ts';
import type { ReferenceTimes } from '../../experiments/runtime/estimate.ts';

/** What the page tells the rerun panel about its experiment (a JSON island written at build time). */
export interface RerunMeta {
  id: ExperimentId;
  /** Published data of the reduced preset (what a rerun is compared with and drawn over). */
  reducedDataUrl: string | null;
  /** This experiment's permanent page. */
  experimentUrl: string;
  siteVersion: string;
  /** Whether this page's URL parameters configure the run (experiment pages). */
  readsUrl: boolean;
  /** The presets' work and measured times, which the time estimates are anchored at (null: none). */
  referenceTimes: ReferenceTimes | null;
}

const isExperimentId = (id: unknown): id is ExperimentId => typeof id === 'string' && findSpec(id) !== undefined;

/** Reads a panel's description from its JSON island; a missing or unknown experiment is an error. */
export function readMeta(root: HTMLElement): RerunMeta {
  const island: unknown = JSON.parse(root.querySelector('[data-rerun-meta]')?.textContent ?? 'null');
  if (typeof island !== 'object' || island === null || !('id' in island)) throw new Error('This figure has no rerun description.');
  if (!isExperimentId(island.id)) throw new Error(`Unknown experiment "${String(island.id)}".`);
  const text = (key: string) => {
    const value: unknown = Reflect.get(island, key);
    return typeof value === 'string' ? value : null;
  };
  return {
    id: island.id,
    reducedDataUrl: text('reducedDataUrl'),
    experimentUrl: text('experimentUrl') ?? '',
    siteVersion: text('siteVersion') ?? '',
    readsUrl: Reflect.get(island, 'readsUrl') === true,
    referenceTimes: readReferenceTimes(Reflect.get(island, 'referenceTimes')),
  };
}

const isPoint = (value: unknown): value is { work: number; ms: number } =>
  typeof value === 'object' && value !== null && 'work' in value && 'ms' in value && typeof value.work === 'number' && value.work > 0 && typeof value.ms === 'number' && value.ms > 0;

function readReferenceTimes(value: unknown): ReferenceTimes | null {
  if (typeof value !== 'object' || value === null || !('reduced' in value) || !('published' in value)) return null;
  const { reduced, published } = value;
  return isPoint(reduced) && isPoint(published) ? { reduced, published } : null;
}
