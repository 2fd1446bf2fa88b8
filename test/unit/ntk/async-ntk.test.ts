import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { createRng } from '../../../src/experiments/runtime/rng.ts';
import { RunCancelledError } from '../../../src/experiments/runtime/cancel.ts';
import { disposeMlp, empiricalNtk, empiricalNtkAsync, initMlp, initMlpAsync, type MlpShape } from '../../../src/experiments/ntk/mlp.ts';

beforeAll(async () => {
  await selectNodeBackend('wasm');
});

// Wide enough that the products are split into blocks (64 x 1024 x 1024 multiply-adds > 2^25).
const shape: MlpShape = { inputs: 3, width: 1024, depth: 2, outputs: 1, sigmaW: Math.SQRT2, sigmaB: 0.1 };
const points = (n: number) => tf.tensor2d(createRng(5).normalArray(n * shape.inputs), [n, shape.inputs]);

describe('empirical NTK in bounded steps', () => {
  it('draws the same net as initMlp, reporting growing fractions', async () => {
    const fractions: number[] = [];
    const a = initMlp(shape, createRng(3));
    const b = await initMlpAsync(shape, createRng(3), async (f) => void fractions.push(f));
    for (let l = 0; l <= shape.depth; l++) {
      expect(Array.from(b.weights[l]!.dataSync())).toEqual(Array.from(a.weights[l]!.dataSync()));
      expect(Array.from(b.biases[l]!.dataSync())).toEqual(Array.from(a.biases[l]!.dataSync()));
    }
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBeCloseTo(1, 12);
    disposeMlp(a);
    disposeMlp(b);
  });

  it('gives the kernel of empiricalNtk (one side and both sides), pausing between blocks', async () => {
    const net = initMlp(shape, createRng(4));
    const x = points(64);
    const x0 = tf.slice(x, [0, 0], [1, shape.inputs]);
    for (const [x1, x2] of [[x, x], [x0, x]] as const) {
      const reference = empiricalNtk(net, x1, x2);
      let pauses = 0;
      let last = 0;
      const before = tf.memory().numTensors;
      const blocked = await empiricalNtkAsync(net, x1, x2, async (f) => {
        expect(f).toBeGreaterThanOrEqual(last - 1e-12);
        last = f;
        pauses++;
      });
      expect(tf.memory().numTensors).toBe(before + 1); // only the kernel is left
      // Each entry is the same dot product in the same order: bit for bit the kernel of one matMul.
      expect(Array.from(blocked.dataSync())).toEqual(Array.from(reference.dataSync()));
      expect(pauses).toBeGreaterThan(10);
      reference.dispose();
      blocked.dispose();
    }
    x0.dispose();
    x.dispose();
    disposeMlp(net);
  });

  it('stops at the next pause when cancelled, leaking no tensors', async () => {
    const net = initMlp(shape, createRng(4));
    const x = points(64);
    const before = tf.memory().numTensors;
    let pauses = 0;
    const stopped = empiricalNtkAsync(net, x, x, async () => {
      if (++pauses === 5) throw new RunCancelledError();
    });
    await expect(stopped).rejects.toBeInstanceOf(RunCancelledError);
    expect(pauses).toBe(5);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    disposeMlp(net);
  });
});
