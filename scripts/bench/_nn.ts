import { syntheticProblem } from '../../src/experiments/matrix-completion/problem.ts';
import { solveNuclearNorm } from '../../src/experiments/matrix-completion/nuclear-norm.ts';
import { reconstructionMetrics } from '../../src/experiments/matrix-completion/metrics.ts';
for (const k of [1000, 2000, 4000]) {
  const p = syntheticProblem(100, 5, k, 1);
  const t0 = performance.now();
  const r = solveNuclearNorm(p, { tolerance: Number(process.argv[2] ?? 1e-6) });
  console.log(k, (performance.now() - t0).toFixed(0), 'ms', r.iterations, r.converged, r.relativeGap.toExponential(2), reconstructionMetrics(p, r.x).paperError!.toExponential(4));
}
