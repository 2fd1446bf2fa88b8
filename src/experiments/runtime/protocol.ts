/**
 * The messages between a page and its run worker, typed end to end. The page validates a config once
 * (URL parameters or the form) and sends it as its experiment's typed config: the worker does not
 * parse it again.
 */
import type { z } from 'zod';
import type { specs } from '../registry.ts';
import type { ExperimentSpec } from './spec.ts';
import type { movieLensSchema, MovieLensResult } from '../matrix-completion/movielens.spec.ts';
import type { ProbeResult } from './probe.ts';
import type { BackendName } from './backend-names.ts';
import type { Progress } from './types.ts';

type Registered = (typeof specs)[number];

/** A registered experiment with a config of its own schema, already validated. */
export type RegisteredRun = {
  [Spec in Registered as Spec['id']]: { experiment: Spec['id']; config: z.output<Spec['schema']> };
}[Registered['id']];

/** MovieLens with the reader's own `u.data`: its text, parsed in the worker, never uploaded. */
export interface MovieLensRun {
  experiment: 'mc-movielens';
  config: z.output<typeof movieLensSchema>;
  localFile: string;
}

/** What a worker runs: an experiment and its validated config. */
export type ExperimentRun = RegisteredRun | MovieLensRun;

/** The result type a run ends with (and its snapshots carry, partly computed). */
export type ResultOf<Run extends ExperimentRun> = Run extends MovieLensRun
  ? MovieLensResult
  : Extract<Registered, { id: Run['experiment'] }> extends ExperimentSpec<any, infer Result>
    ? Result
    : unknown;

/** How to run, whatever the experiment. */
export interface RunSettings {
  /** Backends to try, in order; the first that starts runs the experiment. */
  backends: BackendName[];
  /** Site base URL (absolute), for data sets. */
  baseUrl: string;
  /** Published result to compare with at the end (a file under data/), if any. */
  compareUrl?: string | undefined;
  snapshotIntervalMs: number;
  /** Test hook: lose the WebGL context after this many snapshots. */
  loseContextAfterSnapshots?: number | undefined;
}

/** What a page asks for; the host adds the message type and a run id. */
export type RunRequest = RunSettings & ExperimentRun;

export type RunMessage = { type: 'run'; runId: string } & RunRequest & PoolLimit;

/** Test hook and reader's limit: at most this many pool workers (1: run whole, in the run worker). */
export interface PoolLimit {
  maxWorkers?: number | undefined;
}

/** Messages from the page to the run worker. `probe`: time the speed probe (probe.ts) and reply. */
export type HostMessage = RunMessage | { type: 'cancel'; runId: string } | { type: 'probe'; backends: BackendName[] };

/**
 * A run worker started by another as one of its pool's workers (pool-core.ts) gets `pool-init`
 * (what to load), then the pool's `task` and `close` messages; it answers with PoolWorkerMessage.
 */
export interface PoolInitMessage {
  type: 'pool-init';
  experiment: RegisteredRun['experiment'];
  config: unknown;
  backend: BackendName;
  baseUrl: string;
}

/** The run worker's answer to `probe` (apart from the messages of runs). */
export type ProbeReply = { type: 'probe-result'; result: ProbeResult } | { type: 'probe-error'; message: string };

export interface Comparison {
  /** Whether the run's config equals the published one. */
  sameConfig: boolean;
  /** Maximum deviation under the experiment's compare() (NaN when the configs differ). */
  deviation: number;
  tolerance: number;
  metric: string;
  publishedBackend: string;
  reproduced: boolean;
  /** Config keys whose values differ from the published run. */
  differences: string[];
}

/** Messages from the run worker to the page; `Result` is the experiment's result type. */
export type WorkerMessage<Result = unknown> =
  | { type: 'backend'; runId: string; backend: BackendName; failures: { backend: BackendName; reason: string }[] }
  | { type: 'notice'; runId: string; message: string }
  | { type: 'snapshot'; runId: string; progress: Progress; partial: Result; elapsedMs: number }
  /** The run is split over a pool of this many workers (no partial results until it ends). */
  | { type: 'pool'; runId: string; workers: number }
  /** Progress from inside a long unit of work (no partial result; `done` may be fractional). */
  | { type: 'progress'; runId: string; progress: Progress; elapsedMs: number }
  | {
      type: 'done';
      runId: string;
      result: Result;
      backend: BackendName;
      wallTimeMs: number;
      tfjsVersion: string;
      comparison: Comparison | null;
    }
  /** `forced`: the worker did not acknowledge the cancel in time and was terminated by the page. */
  | { type: 'cancelled'; runId: string; forced?: boolean }
  | { type: 'error'; runId: string; message: string };

/** The messages that end a run. */
export type EndMessage<Result = unknown> = Extract<WorkerMessage<Result>, { type: 'done' | 'cancelled' | 'error' }>;

export const isEndMessage = <Result>(message: WorkerMessage<Result>): message is EndMessage<Result> =>
  message.type === 'done' || message.type === 'cancelled' || message.type === 'error';
