import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { trainRuns, type TrainOptions } from '../../src/experiments/matrix-completion/engine.ts';
import { syntheticProblem } from '../../src/experiments/matrix-completion/problem.ts';
const [be, depthS, kS, stepsS, mode] = process.argv.slice(2);
await selectNodeBackend(be as 'cpu' | 'wasm');
const depth = Number(depthS);
const runs = [1, 2, 3].map((seed) => ({ problem: syntheticProblem(100, 5, Number(kS), seed), initSeed: seed }));
const opts: TrainOptions = { depth, init: 'identity', initScale: 1e-3, optimizer: 'gd', learningRate: 'auto', maxSteps: Number(stepsS), targetLoss: 1e-6, readEvery: 50, batchMode: (mode ?? 'auto') as 'auto', trackSpectrum: false, topSingularValues: 10 };
const t0 = performance.now();
const it = trainRuns(runs, opts);
let r; let last = 0;
while (!(r = await it.next()).done) { const now = performance.now(); if (now - last > 3000) { last = now; console.log(r.value.runs.map((s) => `${s.step} ${s.points.at(-1)!.trainLoss.toExponential(2)} ${s.points.at(-1)!.paperError!.toExponential(2)}`).join(' | ')); } }
const dt = (performance.now() - t0) / 1000;
for (const s of r.value) console.log(s.status, s.step, 'lr', s.learningRate.toFixed(3), 'loss', s.final!.metrics.trainLoss.toExponential(2), 'paper', s.final!.metrics.paperError!.toExponential(3), 'erank', s.final!.spectrum.effectiveRank.toFixed(2), 'sv', s.final!.spectrum.singularValues.slice(0, 7).map((x) => x.toFixed(3)).join(','));
const steps = r.value.reduce((a, s) => a + s.step, 0);
console.log('time', dt.toFixed(1), 's; steps/s (sum over runs)', (steps / dt).toFixed(0));
