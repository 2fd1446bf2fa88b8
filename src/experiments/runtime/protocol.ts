import type { BackendName } from './backend-names.ts';
import type { Progress } from './types.ts';

/** Messages from the page to the run worker. */
export type HostMessage =
  | {
      type: 'run';
      runId: string;
      experiment: string;
      /** A config already validated against the experiment's schema. */
      config: Record<string, unknown>;
      /** Backends to try, in order; the first that starts runs the experiment. */
      backends: BackendName[];
      /** Site base URL (absolute), for data sets and published data. */
      baseUrl: string;
      /** Published result to compare with at the end (a file under data/), if any. */
      compareWith?: { url: string; config: Record<string, unknown> } | undefined;
      snapshotIntervalMs: number;
      /** The text of a reader's own data file (MovieLens `u.data`), parsed in the worker, never uploaded. */
      localFile?: string | undefined;
      /** Test hook: lose the WebGL context after this many snapshots. */
      loseContextAfterSnapshots?: number | undefined;
    }
  | { type: 'cancel'; runId: string };

export interface Comparison {
  /** Whether the run's config equals the published one. */
  sameConfig: boolean;
  /** Maximum deviation under the experiment's compare(). */
  deviation: number;
  tolerance: number;
  metric: string;
  publishedBackend: string;
  reproduced: boolean;
  /** Config keys whose values differ from the published run. */
  differences: string[];
}

/** Messages from the run worker to the page. */
export type WorkerMessage =
  | { type: 'backend'; runId: string; backend: BackendName; failures: { backend: BackendName; reason: string }[] }
  | { type: 'notice'; runId: string; message: string }
  | { type: 'snapshot'; runId: string; progress: Progress; partial: unknown; elapsedMs: number }
  | {
      type: 'done';
      runId: string;
      result: unknown;
      backend: BackendName;
      wallTimeMs: number;
      tfjsVersion: string;
      comparison: Comparison | null;
    }
  | { type: 'cancelled'; runId: string }
  | { type: 'error'; runId: string; message: string };
