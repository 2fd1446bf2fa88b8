/** Thrown when a run is cancelled through its AbortSignal. */
export class RunCancelledError extends Error {
  override name = 'AbortError';
  constructor(message = 'The run was cancelled.') {
    super(message);
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunCancelledError();
}

/** Yields to the event loop so that messages (a cancel, a progress read) can be handled. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Lets a generator yield snapshots no more often than `intervalMs`; the final one always passes.
 */
export function createThrottle(intervalMs: number, now: () => number = () => performance.now()) {
  let last = -Infinity;
  return (force = false): boolean => {
    const t = now();
    if (force || t - last >= intervalMs) {
      last = t;
      return true;
    }
    return false;
  };
}

/** How often a long computation gives the event loop a turn (a cancel is noticed within this). */
export const YIELD_INTERVAL_MS = 25;

/**
 * A heartbeat for long loops: `beat(done, total)` checks for cancellation, yields to the event loop
 * at most every `YIELD_INTERVAL_MS` and reports progress (fractional `done`) at most every
 * `progressIntervalMs`. Cheap to call often: between calls it only reads the clock.
 */
export function createHeartbeat(
  context: { signal?: AbortSignal | undefined; onProgress?: ((progress: { done: number; total: number }) => void) | undefined; snapshotIntervalMs?: number | undefined } | undefined,
  now: () => number = () => performance.now(),
) {
  let lastYield = now();
  let lastProgress = -Infinity;
  const progressIntervalMs = Math.max(50, context?.snapshotIntervalMs ?? 250);
  return {
    async beat(done?: number, total?: number): Promise<void> {
      throwIfCancelled(context?.signal);
      const t = now();
      if (done !== undefined && total !== undefined && context?.onProgress && t - lastProgress >= progressIntervalMs) {
        lastProgress = t;
        context.onProgress({ done, total });
      }
      if (t - lastYield >= YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = now();
        throwIfCancelled(context?.signal);
      }
    },
  };
}
