import * as tf from '@tensorflow/tfjs-core';
import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { createRng } from '../../src/experiments/runtime/rng.ts';
const rng = createRng(1);
let t = performance.now();
const w = rng.normalArray(4096*1024);
console.log('normals/s', (4096*1024)/((performance.now()-t)/1000)/1e6, 'M');
for (const b of ['cpu','wasm'] as const) {
  await selectNodeBackend(b);
  const A = tf.tensor2d(rng.normalArray(64*1024), [64,1024]);
  const B = tf.tensor2d(w, [1024,4096]);
  for (let r=0;r<2;r++){ t = performance.now();
  const C = tf.matMul(A,B); await C.data(); const dt=(performance.now()-t)/1000;
  console.log(b, 'matmul GFLOP/s', 2*64*1024*4096/dt/1e9); C.dispose(); }
  const X = tf.tensor1d(rng.normalArray(4e6)); const Y = tf.tensor1d(rng.normalArray(4e6));
  t = performance.now(); const Z = tf.atan2(X,Y); await Z.data(); console.log(b,'atan2 M/s', 4/((performance.now()-t)/1000));
  t = performance.now(); const Z2 = tf.add(X,Y); await Z2.data(); console.log(b,'add M/s', 4/((performance.now()-t)/1000));
}
const x = new Float32Array(4e6), y=new Float32Array(4e6), z=new Float32Array(4e6);
for (let i=0;i<4e6;i++){x[i]=Math.random()-.5;y[i]=Math.random();}
t = performance.now(); for (let i=0;i<4e6;i++) z[i]=Math.atan2(x[i]!,y[i]!); console.log('js atan2 M/s', 4/((performance.now()-t)/1000));
t = performance.now(); for (let i=0;i<4e6;i++) z[i]=Math.acos(x[i]!); console.log('js acos M/s', 4/((performance.now()-t)/1000));
