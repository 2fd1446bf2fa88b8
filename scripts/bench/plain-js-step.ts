import { observedDense, syntheticProblem } from '../../src/experiments/matrix-completion/problem.ts';
import { referenceStep } from '../../src/experiments/matrix-completion/reference.ts';

/**
 * Gradient steps per second of the plain-JavaScript Float64Array reference step (no tfjs), on the
 * benchmark's problem: n x n, rank 5, `observations` entries. Runs in Node and in the browser.
 */
export function plainJsStepsPerSecond(n: number, observations: number, depth: number, steps = 10): number {
  const problem = syntheticProblem(n, 5, observations, 1);
  const { values, mask } = observedDense(problem);
  const data = { n, mask, values, count: observations };
  let factors: Float64Array[] = Array.from({ length: depth }, () => {
    const f = new Float64Array(n * n);
    for (let i = 0; i < n; i++) f[i * n + i] = 0.1;
    return f;
  });
  factors = referenceStep(factors, data, 0.1); // warm-up
  const started = performance.now();
  for (let s = 0; s < steps; s++) factors = referenceStep(factors, data, 0.1);
  return Math.round((steps * 1000) / (performance.now() - started));
}
