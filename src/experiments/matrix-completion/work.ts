/**
 * The work of matrix-completion runs, for the time estimate (src/experiments/runtime/estimate.ts):
 * proportional to a run's time, not a time. A step multiplies `depth` n x n factors (cubic in n) and
 * pays a fixed dispatch cost per layer; a run takes at most `maxSteps` steps (most stop sooner, at the
 * training tolerance, which the estimate's range allows for).
 */
const DISPATCH_PER_LAYER = 0.25;

/** Work of one run of `maxSteps` steps of a depth-`depth` factorisation of an n x n matrix. */
export function factorisationRunWork(n: number, depth: number, maxSteps: number): number {
  return maxSteps * Math.max(1, depth) * (DISPATCH_PER_LAYER + (n / 100) ** 3);
}
