import type { BackendName } from '../../experiments/runtime/backend-names.ts';
import type { HostMessage, WorkerMessage } from '../../experiments/runtime/protocol.ts';

export type RunRequest = Omit<Extract<HostMessage, { type: 'run' }>, 'type' | 'runId'>;

export interface RunHandle {
  runId: string;
  /** Stops the run: asks the worker, then terminates it if it has not stopped within `graceMs`. */
  cancel(graceMs?: number): void;
  /** Settles when the run ends (done, cancelled or error). */
  finished: Promise<void>;
}

/** Auto order, from the benchmarks: WASM (SIMD) beats WebGL on these small matrices; never WebGPU. */
export const AUTO_BACKENDS: BackendName[] = ['wasm', 'webgl', 'cpu'];

/** Starts a run in a fresh module worker; every message of the run goes to `onMessage`. */
export function startRun(request: RunRequest, onMessage: (message: WorkerMessage) => void): RunHandle {
  const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `rerun-${request.experiment}` });
  let settle: () => void = () => {};
  const finished = new Promise<void>((resolve) => (settle = resolve));
  let over = false;
  const end = (message: WorkerMessage) => {
    if (over) return;
    over = true;
    onMessage(message);
    worker.terminate();
    settle();
  };
  worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message.runId !== runId || over) return;
    if (message.type === 'done' || message.type === 'cancelled' || message.type === 'error') end(message);
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
      window.setTimeout(() => end({ type: 'cancelled', runId }), graceMs);
    },
  };
}
