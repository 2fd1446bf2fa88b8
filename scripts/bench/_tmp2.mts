import * as tf from '@tensorflow/tfjs-core';
import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { createRng } from '../../src/experiments/runtime/rng.ts';
import { fcKernels } from '../../src/experiments/ntk/kernels.ts';
import { cntkFull, cntkVanilla, cntkSelfVariances } from '../../src/experiments/ntk/cntk.ts';
import { initMlp, empiricalNtk, toTensor } from '../../src/experiments/ntk/mlp.ts';
import { loadDataset, standardiseRows } from '../../src/experiments/ntk/datasets.ts';
await selectNodeBackend('wasm');
const rng = createRng(3);
const n = 6, d = 2;
const x = new Float64Array(n*d); for (let i=0;i<n;i++){const g = -Math.PI + i*2*Math.PI/n; x[2*i]=Math.cos(g); x[2*i+1]=Math.sin(g);} 
const p = { depth: 3, sigmaW: 1, sigmaB: 0.1 };
const an = fcKernels(x, n, null, n, d, p);
console.log('analytic row0', Array.from(an.ntk.slice(0,n)).map(v=>v.toFixed(4)).join(' '));
for (const width of [256, 4096]) {
  const net = initMlp({ inputs: d, width, depth: 3, outputs: 1, sigmaW: 1, sigmaB: 0.1 }, rng);
  const t0 = performance.now();
  const th = await empiricalNtk(net, toTensor(x, n, d)).data();
  console.log(width, 'emp row0', Array.from(th.slice(0,n)).map(v=>v.toFixed(4)).join(' '), (performance.now()-t0).toFixed(0),'ms');
}
const ds = await loadDataset('digits');
const xs = standardiseRows(ds.x, ds.n, 64);
const cp = { depth: 4, sigmaW: Math.SQRT2, sigmaB: 0.1, height: 8, width: 8 };
const q0 = cntkSelfVariances(xs, 0, cp), q1 = cntkSelfVariances(xs, 64, cp);
console.log('full', cntkFull(xs, 0, q0, xs, 64, q1, cp), 'vanilla', cntkVanilla(xs, 0, q0, xs, 64, q1, cp));
let t = performance.now(); for (let i=0;i<200;i++) cntkFull(xs, 0, q0, xs, 64*i, q1, cp); console.log('full ms/pair', (performance.now()-t)/200);
t = performance.now(); for (let i=0;i<2000;i++) cntkVanilla(xs, 0, q0, xs, 64*(i%1000), q1, cp); console.log('vanilla ms/pair', (performance.now()-t)/2000);
t = performance.now(); const fk = fcKernels(xs, 1797, null, 1797, 64, {depth:3, sigmaW:Math.SQRT2, sigmaB:0.1}); console.log('fc 1797^2 ms', performance.now()-t, fk.ntk[0], fk.ntk[1], fk.nngp[0], fk.nngp[1]);
