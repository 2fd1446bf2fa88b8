import { createHeartbeat, createThrottle, throwIfCancelled, yieldToEventLoop } from '../runtime/cancel.ts';
import type { RunContext } from '../runtime/types.ts';
import { roundTo } from '../runtime/stats.ts';

/** Cancellation check + yield + snapshot throttling shared by the NTK experiments. */
export function chunker(context: RunContext | undefined) {
  const throttle = createThrottle(context?.snapshotIntervalMs ?? 250);
  const heart = createHeartbeat(context);
  return {
    /**
     * A pause for inside unit `done` of `total` (an empirical NTK, a block of kernel rows): called with
     * the fraction of the unit done, it checks for cancellation, yields now and then, and reports
     * fractional progress.
     */
    within: (done: number, total: number) => (fraction: number) => heart.beat(done + Math.min(1, Math.max(0, fraction)), total),
    /** Call between chunks: throws if cancelled, yields to the event loop. */
    async pause(): Promise<void> {
      throwIfCancelled(context?.signal);
      await yieldToEventLoop();
      throwIfCancelled(context?.signal);
    },
    /** Whether a snapshot is due now. */
    due: (force = false) => throttle(force),
  };
}

export { maxAbsDiff, meanSd } from '../runtime/stats.ts';

/** Rounds for compact published data (significant digits). */
export const round = (x: number, digits = 6): number => roundTo(x, digits);
