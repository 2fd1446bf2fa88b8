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
