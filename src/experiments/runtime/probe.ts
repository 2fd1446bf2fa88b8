/**
 * The speed probe: a fixed piece of work, timed for about half a second on the active backend, whose
 * rate against the reference computer's (probe-reference.json) scales the time estimates
 * (estimate.ts). The work is what the experiments spend their time on: products of 100 x 100 factors
 * as in a matrix-completion step, a 256-wide layer as in an NTK net, and elementwise operations.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ProbeResult {
  /** Probe iterations per second. */
  rate: number;
  iterations: number;
  elapsedMs: number;
  backend: string;
}

const now = () => performance.now();

export async function probeSpeed(budgetMs = 500): Promise<ProbeResult> {
  const factors = [0, 1, 2].map((i) => tf.randomNormal([100, 100], 0, 0.1, 'float32', 11 + i) as tf.Tensor2D);
  const inputs = tf.randomNormal([64, 256], 0, 1, 'float32', 21) as tf.Tensor2D;
  const layer = tf.randomNormal([256, 256], 0, 0.06, 'float32', 22) as tf.Tensor2D;
  const once = () =>
    tf.tidy(() => {
      let product = factors[0]!;
      for (const factor of factors.slice(1)) product = tf.matMul(factor, product);
      const gradient = tf.matMul(tf.mul(product, 0.5), factors[0]!, false, true);
      const hidden = tf.relu(tf.matMul(inputs, layer));
      return tf.add(tf.sum(gradient), tf.sum(tf.matMul(hidden, layer, false, true)));
    });
  try {
    for (let i = 0; i < 3; i++) {
      const warm = once();
      await warm.data();
      warm.dispose();
    }
    const started = now();
    let iterations = 0;
    while (now() - started < budgetMs) {
      const value = once();
      await value.data();
      value.dispose();
      iterations += 1;
    }
    const elapsedMs = now() - started;
    return { rate: (iterations * 1000) / elapsedMs, iterations, elapsedMs, backend: tf.getBackend() };
  } finally {
    tf.dispose([...factors, inputs, layer]);
  }
}
