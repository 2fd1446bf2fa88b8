import { createThrottle, throwIfCancelled, yieldToEventLoop } from '../runtime/cancel.ts';
import type { RunContext } from '../runtime/types.ts';

/** Cancellation check + yield + snapshot throttling shared by the NTK experiments. */
export function chunker(context: RunContext | undefined) {
  const throttle = createThrottle(context?.snapshotIntervalMs ?? 250);
  return {
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

/** Mean and sample standard deviation. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}

/** Largest absolute difference between two equally long number lists (Infinity if lengths differ). */
export function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Rounds for compact published data (significant digits). */
export function round(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}
