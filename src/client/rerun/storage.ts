import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** A finished run: what the panel keeps, draws again and exports. */
export interface RunRecord {
  config: Record<string, unknown>;
  backend: string;
  tfjsVersion: string;
  wallTimeMs: number;
  createdAt: string;
  result: unknown;
}

/** A finished run of the reader's, kept in IndexedDB so that it survives a reload. */
export interface StoredRun extends RunRecord {
  id: string;
  experiment: string;
  siteVersion: string;
  /** Reproduced the published run within tolerance (null: parameters differ, nothing to compare). */
  reproduced: boolean | null;
}

interface RunsDb extends DBSchema {
  runs: { key: string; value: StoredRun; indexes: { experiment: string } };
}

let database: Promise<IDBPDatabase<RunsDb>> | undefined;
function db(): Promise<IDBPDatabase<RunsDb>> {
  database ??= openDB<RunsDb>('trajectories-runs', 1, {
    upgrade(store) {
      store.createObjectStore('runs', { keyPath: 'id' }).createIndex('experiment', 'experiment');
    },
  });
  return database;
}

export async function saveRun(run: StoredRun): Promise<void> {
  await (await db()).put('runs', run);
}

/** An experiment's stored runs, newest first. */
export async function listRuns(experiment: string): Promise<StoredRun[]> {
  const runs = await (await db()).getAllFromIndex('runs', 'experiment', experiment);
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function deleteRun(id: string): Promise<void> {
  await (await db()).delete('runs', id);
}
