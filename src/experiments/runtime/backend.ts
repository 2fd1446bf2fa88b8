import * as tf from '@tensorflow/tfjs-core';

import type { BackendName } from './backend-names.ts';

export { BACKENDS, type BackendName } from './backend-names.ts';

export interface BackendChoice {
  /** The backend that is now active. */
  backend: BackendName;
  /** Backends tried before it, with the reason each failed. */
  failures: { backend: BackendName; reason: string }[];
}

/**
 * Activates the first backend in `order` that initialises. The backends themselves must have been
 * registered (imported) by the host: `./backends-node` in Node, the worker in the browser.
 */
export async function selectBackend(
  order: readonly BackendName[],
  /** Registers a backend on demand (loads its code) just before it is tried. */
  prepare?: (backend: BackendName) => Promise<void>,
): Promise<BackendChoice> {
  const failures: BackendChoice['failures'] = [];
  for (const backend of order) {
    if (prepare) {
      try {
        await prepare(backend);
      } catch (error) {
        failures.push({ backend, reason: `could not load: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
    }
    if (!tf.findBackendFactory(backend)) {
      failures.push({ backend, reason: 'not registered in this environment' });
      continue;
    }
    try {
      const ok = await tf.setBackend(backend);
      await tf.ready();
      if (ok && tf.getBackend() === backend) return { backend, failures };
      failures.push({ backend, reason: 'failed to initialise' });
    } catch (error) {
      failures.push({ backend, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(
    `No tfjs backend could start: ${failures.map((f) => `${f.backend} (${f.reason})`).join('; ')}`,
  );
}
