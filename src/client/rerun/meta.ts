import { findSpec, type ExperimentId } from '../../experiments/registry.ts';

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
  };
}
