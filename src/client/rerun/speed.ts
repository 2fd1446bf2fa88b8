/**
 * This computer's speed against the reference computer's, from the probe (run in a run worker), kept in
 * localStorage per backend so that a reader measures once: the factor the time estimates scale by.
 */
import type { BackendName } from '../../experiments/runtime/backend.ts';
import reference from '../../experiments/runtime/probe-reference.json';
import type { HostMessage, ProbeReply } from '../../experiments/runtime/protocol.ts';

const KEY = 'trajectories:probe:v1';
/** The probe worker gets this long (loading TensorFlow.js included) before it is given up. */
const PROBE_TIMEOUT_MS = 15_000;

export interface Slowdown {
  /** Times slower than the reference computer (below 1: faster). */
  factor: number;
  backend: string;
}

function stored(): Record<string, number> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}

/** The measured slowdown on the first of `backends` that has one, or null when none was measured. */
export function knownSlowdown(backends: readonly BackendName[]): Slowdown | null {
  const rates = stored();
  const backend = backends.find((name) => typeof rates[name] === 'number' && rates[name]! > 0);
  return backend ? { factor: reference.rate / rates[backend]!, backend } : null;
}

/** Runs the probe (about a second plus loading) on the first backend that starts, and keeps its rate. */
export function measureSlowdown(backends: readonly BackendName[]): Promise<Slowdown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'speed-probe' });
    const timer = window.setTimeout(() => finish(new Error('the speed probe did not answer')), PROBE_TIMEOUT_MS);
    const finish = (outcome: Slowdown | Error) => {
      window.clearTimeout(timer);
      worker.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    worker.addEventListener('message', (event: MessageEvent<ProbeReply>) => {
      const reply = event.data;
      if (reply.type === 'probe-error') return finish(new Error(reply.message));
      if (reply.type !== 'probe-result') return;
      const { rate, backend } = reply.result;
      try {
        localStorage.setItem(KEY, JSON.stringify({ ...stored(), [backend]: rate }));
      } catch {
        // Storage may be full or disabled: the estimate still uses this measurement now.
      }
      finish({ factor: reference.rate / rate, backend });
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      finish(new Error(event.message || 'the speed probe could not load'));
    });
    worker.postMessage({ type: 'probe', backends: [...backends] } satisfies HostMessage);
  });
}
