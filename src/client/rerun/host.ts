import { BACKENDS, type BackendName } from '../../experiments/runtime/backend-names.ts';
import { isEndMessage, type HostMessage, type PoolLimit, type ResultOf, type RunRequest, type WorkerMessage } from '../../experiments/runtime/protocol.ts';

export interface RunHandle {
  runId: string;
  /** Stops the run: asks the worker, then terminates it if it has not stopped within `graceMs`. */
  cancel(graceMs?: number): void;
  /** Settles when the run ends (done, cancelled or error). */
  finished: Promise<void>;
}

/** Auto order, from the benchmarks: WASM (SIMD) beats WebGL on these small matrices; never WebGPU. */
export const AUTO_BACKENDS: BackendName[] = ['wasm', 'webgl', 'cpu'];

export type BackendChoice = BackendName | 'auto';

/** Reads a backend control's value ('auto' or a backend name); anything else is 'auto'. */
export const readBackendChoice = (value: string): BackendChoice => BACKENDS.find((name) => name === value) ?? 'auto';

/** The backends to try, in order: the chosen one first, then the automatic order. */
export const backendOrder = (choice: BackendChoice): BackendName[] =>
  choice === 'auto' ? [...AUTO_BACKENDS] : [choice, ...AUTO_BACKENDS.filter((name) => name !== choice)];

/** The site's base URL, absolute (the worker fetches data sets below it). */
export const siteBaseUrl = (): string => new URL(import.meta.env.BASE_URL, location.href).href;

/** Starts a run in a fresh module worker; every message of the run goes to `onMessage`. */
export function startRun<Request extends RunRequest>(request: Request & PoolLimit, onMessage: (message: WorkerMessage<ResultOf<Request>>) => void): RunHandle {
  const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `rerun-${request.experiment}` });
  let settle: () => void = () => {};
  const finished = new Promise<void>((resolve) => (settle = resolve));
  let over = false;
  const end = (message: WorkerMessage<ResultOf<Request>>) => {
    if (over) return;
    over = true;
    onMessage(message);
    worker.terminate();
    settle();
  };
  worker.addEventListener('message', (event: MessageEvent<WorkerMessage<ResultOf<Request>>>) => {
    const message = event.data;
    if (message.runId !== runId || over) return;
    if (isEndMessage(message)) end(message);
    else onMessage(message);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    end({ type: 'error', runId, message: `The run worker failed: ${event.message || 'could not load'}` });
  });
  worker.postMessage({ type: 'run', runId, ...request } satisfies HostMessage);
  return {
    runId,
    finished,
    cancel(graceMs = 400) {
      if (over) return;
      worker.postMessage({ type: 'cancel', runId } satisfies HostMessage);
      window.setTimeout(() => end({ type: 'cancelled', runId, forced: true }), graceMs);
    },
  };
}
