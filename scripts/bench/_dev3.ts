import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../../src/experiments/runtime/consume.ts';
import { mcObservations } from '../../src/experiments/matrix-completion/index.ts';
await selectNodeBackend('wasm');
const t0 = performance.now();
const r = await runToEnd(mcObservations, { depths: [2, 3], observations: [462], n: 40, rank: 3, seeds: [1, 2, 3, 4], maxSteps: 8000 });
console.log(((performance.now() - t0) / 1000).toFixed(1));
for (const x of r.runs) console.log(x.depth, x.seed, x.status, x.steps, x.paperError, x.learningRate);
for (const x of r.nuclear) console.log('nn', x.seed, x.paperError);
