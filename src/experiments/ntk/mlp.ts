/**
 * Finite-width fully connected ReLU nets in the NTK parameterisation (the same architecture as
 * `fcKernels`): every weight and bias is N(0, 1) at initialisation, and a Dense layer computes
 * sigmaW / sqrt(fanIn) * x W + sigmaB * b. Float32 tfjs for the matrix work; all random numbers come
 * from the seeded generator, so a seed gives the same net on every backend.
 *
 * Gradients are derived by hand (backpropagation written out), which gives both the empirical NTK,
 *   Theta(x, x') = sum_l (delta_l(x) . delta_l(x')) (sigmaW^2 / fanIn_l  in_l(x) . in_l(x') + sigmaB^2),
 * as a handful of matrix products, and the full-batch gradient-descent step on the squared loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../runtime/rng.ts';

export interface MlpShape {
  inputs: number;
  width: number;
  /** Hidden ReLU layers. */
  depth: number;
  outputs: number;
  sigmaW: number;
  sigmaB: number;
}

export interface Mlp {
  shape: MlpShape;
  /** Weights per Dense layer, [fanIn, fanOut]; depth + 1 layers (the last is the readout). */
  weights: tf.Tensor2D[];
  biases: tf.Tensor1D[];
}

function fanIns(s: MlpShape): number[] {
  return Array.from({ length: s.depth + 1 }, (_, l) => (l === 0 ? s.inputs : s.width));
}
function fanOuts(s: MlpShape): number[] {
  return Array.from({ length: s.depth + 1 }, (_, l) => (l === s.depth ? s.outputs : s.width));
}

/** Number of trainable parameters. */
export function parameterCount(s: MlpShape): number {
  const ins = fanIns(s);
  const outs = fanOuts(s);
  return ins.reduce((sum, fin, l) => sum + fin * outs[l]! + outs[l]!, 0);
}

/** A net at initialisation: all parameters standard normal, drawn from `rng` layer by layer. */
export function initMlp(shape: MlpShape, rng: Rng): Mlp {
  const ins = fanIns(shape);
  const outs = fanOuts(shape);
  const weights: tf.Tensor2D[] = [];
  const biases: tf.Tensor1D[] = [];
  for (let l = 0; l <= shape.depth; l++) {
    weights.push(tf.tensor2d(rng.normalArray(ins[l]! * outs[l]!), [ins[l]!, outs[l]!]));
    biases.push(tf.tensor1d(rng.normalArray(outs[l]!)));
  }
  return { shape, weights, biases };
}

export function disposeMlp(net: Mlp): void {
  for (const t of [...net.weights, ...net.biases]) t.dispose();
}

interface ForwardTape {
  /** Input of each Dense layer (x, then the ReLU outputs). */
  inputs: tf.Tensor2D[];
  /** Pre-activations of the hidden layers. */
  pre: tf.Tensor2D[];
  out: tf.Tensor2D;
}

function forwardTape(net: Mlp, x: tf.Tensor2D): ForwardTape {
  const { shape } = net;
  const ins = fanIns(shape);
  const inputs: tf.Tensor2D[] = [x];
  const pre: tf.Tensor2D[] = [];
  let a = x;
  for (let l = 0; l <= shape.depth; l++) {
    const h = tf.add(tf.mul(tf.matMul(a, net.weights[l]!), shape.sigmaW / Math.sqrt(ins[l]!)), tf.mul(net.biases[l]!, shape.sigmaB)) as tf.Tensor2D;
    if (l === shape.depth) return { inputs, pre, out: h };
    pre.push(h);
    a = tf.relu(h);
    inputs.push(a);
  }
  throw new Error('unreachable');
}

/** Outputs of the net on the rows of x (N x outputs). */
export function forward(net: Mlp, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => forwardTape(net, x).out);
}

/** Backpropagates `delta` (N x outputs, dLoss/dOutput) and returns the per-layer deltas. */
function backward(net: Mlp, tape: ForwardTape, delta: tf.Tensor2D): tf.Tensor2D[] {
  const ins = fanIns(net.shape);
  const deltas: tf.Tensor2D[] = new Array(net.shape.depth + 1);
  deltas[net.shape.depth] = delta;
  for (let l = net.shape.depth; l >= 1; l--) {
    const back = tf.mul(tf.matMul(deltas[l]!, net.weights[l]!, false, true), net.shape.sigmaW / Math.sqrt(ins[l]!));
    deltas[l - 1] = tf.mul(back, tf.step(tape.pre[l - 1]!)) as tf.Tensor2D;
  }
  return deltas;
}

/**
 * Empirical NTK of output `output` between the rows of x1 and x2 (N1 x N2, float32), at the
 * current parameters: the inner products of the parameter gradients.
 */
export function empiricalNtk(net: Mlp, x1: tf.Tensor2D, x2: tf.Tensor2D = x1, output = 0): tf.Tensor2D {
  return tf.tidy(() => {
    const { shape } = net;
    const ins = fanIns(shape);
    const seed = (n: number) => {
      const v = new Float32Array(n * shape.outputs);
      for (let i = 0; i < n; i++) v[i * shape.outputs + output] = 1;
      return tf.tensor2d(v, [n, shape.outputs]);
    };
    const t1 = forwardTape(net, x1);
    const d1 = backward(net, t1, seed(x1.shape[0]));
    const same = x2 === x1;
    const t2 = same ? t1 : forwardTape(net, x2);
    const d2 = same ? d1 : backward(net, t2, seed(x2.shape[0]));
    let theta: tf.Tensor2D = tf.zeros([x1.shape[0], x2.shape[0]]);
    for (let l = 0; l <= shape.depth; l++) {
      const dd = tf.matMul(d1[l]!, d2[l]!, false, true);
      const aa = tf.add(tf.mul(tf.matMul(t1.inputs[l]!, t2.inputs[l]!, false, true), (shape.sigmaW * shape.sigmaW) / ins[l]!), shape.sigmaB * shape.sigmaB);
      theta = tf.add(theta, tf.mul(dd, aa));
    }
    return theta;
  });
}

/**
 * One step of full-batch gradient descent on L = 1/(2N) sum |f(x_i) - offset_i - y_i|^2 (in place:
 * the net's tensors are replaced). `offset` (N x outputs) centres the net: training f - f_0 with
 * f_0 frozen at initialisation starts the outputs at zero without changing the tangent kernel.
 * Returns the outputs f - offset on x before the step (N x outputs); the caller disposes them.
 */
export function gdStep(net: Mlp, x: tf.Tensor2D, y: tf.Tensor2D, learningRate: number, offset?: tf.Tensor2D): tf.Tensor2D {
  const { shape } = net;
  const ins = fanIns(shape);
  const result = tf.tidy(() => {
    const tape = forwardTape(net, x);
    const f = offset ? tf.sub(tape.out, offset) : tape.out;
    const n = x.shape[0];
    const deltas = backward(net, tape, tf.div(tf.sub(f, y), n) as tf.Tensor2D);
    const weights: tf.Tensor2D[] = [];
    const biases: tf.Tensor1D[] = [];
    for (let l = 0; l <= shape.depth; l++) {
      const gw = tf.mul(tf.matMul(tf.transpose(tape.inputs[l]!), deltas[l]!), shape.sigmaW / Math.sqrt(ins[l]!));
      const gb = tf.mul(tf.sum(deltas[l]!, 0), shape.sigmaB);
      weights.push(tf.sub(net.weights[l]!, tf.mul(gw, learningRate)) as tf.Tensor2D);
      biases.push(tf.sub(net.biases[l]!, tf.mul(gb, learningRate)) as tf.Tensor1D);
    }
    return { f: f as tf.Tensor2D, weights, biases };
  });
  disposeMlp(net);
  net.weights = result.weights;
  net.biases = result.biases;
  return result.f;
}

/** A float64 row-major matrix as a float32 tensor. */
export function toTensor(x: Float64Array, rows: number, cols: number): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(x), [rows, cols]);
}

/** Velocities of heavy-ball gradient descent, one per weight and bias tensor (start empty). */
export interface MomentumState {
  weights: tf.Tensor2D[];
  biases: tf.Tensor1D[];
}

/**
 * One step of full-batch heavy-ball gradient descent, v <- momentum v + g, theta <- theta - lr v, on
 * L = 1/(2N) sum |f(x_i) - y_i|^2 + weightDecay / 2 sum_l |W_l|^2 (weight decay on the weights, not
 * the biases, as usual). With momentum 0 and weightDecay 0 it is `gdStep` without an offset. In place
 * (the net's tensors and the velocities are replaced); returns the outputs f on x before the step.
 */
export function momentumStep(
  net: Mlp, x: tf.Tensor2D, y: tf.Tensor2D, state: MomentumState, learningRate: number, momentum: number, weightDecay: number,
): tf.Tensor2D {
  const { shape } = net;
  const ins = fanIns(shape);
  const result = tf.tidy(() => {
    const tape = forwardTape(net, x);
    const deltas = backward(net, tape, tf.div(tf.sub(tape.out, y), x.shape[0]) as tf.Tensor2D);
    const weights: tf.Tensor2D[] = [];
    const biases: tf.Tensor1D[] = [];
    const vw: tf.Tensor2D[] = [];
    const vb: tf.Tensor1D[] = [];
    for (let l = 0; l <= shape.depth; l++) {
      let gw = tf.mul(tf.matMul(tf.transpose(tape.inputs[l]!), deltas[l]!), shape.sigmaW / Math.sqrt(ins[l]!)) as tf.Tensor2D;
      if (weightDecay > 0) gw = tf.add(gw, tf.mul(net.weights[l]!, weightDecay));
      const gb = tf.mul(tf.sum(deltas[l]!, 0), shape.sigmaB) as tf.Tensor1D;
      const w = state.weights[l] ? (tf.add(tf.mul(state.weights[l]!, momentum), gw) as tf.Tensor2D) : gw;
      const b = state.biases[l] ? (tf.add(tf.mul(state.biases[l]!, momentum), gb) as tf.Tensor1D) : gb;
      vw.push(w);
      vb.push(b);
      weights.push(tf.sub(net.weights[l]!, tf.mul(w, learningRate)) as tf.Tensor2D);
      biases.push(tf.sub(net.biases[l]!, tf.mul(b, learningRate)) as tf.Tensor1D);
    }
    return { f: tape.out, weights, biases, vw, vb };
  });
  disposeMlp(net);
  for (const t of [...state.weights, ...state.biases]) t.dispose();
  net.weights = result.weights;
  net.biases = result.biases;
  state.weights = result.vw;
  state.biases = result.vb;
  return result.f;
}

/** Called between chunks of a long computation with the fraction done: checks for cancellation, yields, reports. */
export type Pause = (fraction: number) => Promise<void>;

/** Normals drawn per chunk of `initMlpAsync` (a few ms each). */
const INIT_CHUNK = 1 << 16;
/** Multiply-adds per synchronous matrix product of `empiricalNtkAsync` (some ms on wasm). */
const BLOCK_MACS = 1 << 24;

/**
 * `initMlp` in chunks, pausing between them: the same net from the same generator (the normals are
 * drawn in the same order), but a cancel or a progress report never waits for a whole layer of a
 * wide net. Progress goes from `from` to `to`.
 */
export async function initMlpAsync(shape: MlpShape, rng: Rng, pause: Pause, from = 0, to = 1): Promise<Mlp> {
  const ins = fanIns(shape);
  const outs = fanOuts(shape);
  const total = parameterCount(shape);
  let drawn = 0;
  const draw = async (length: number): Promise<Float32Array> => {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i += INIT_CHUNK) {
      const n = Math.min(INIT_CHUNK, length - i);
      out.set(rng.normalArray(n), i);
      drawn += n;
      await pause(from + ((to - from) * drawn) / total);
    }
    return out;
  };
  const net: Mlp = { shape, weights: [], biases: [] };
  try {
    for (let l = 0; l <= shape.depth; l++) {
      net.weights.push(tf.tensor2d(await draw(ins[l]! * outs[l]!), [ins[l]!, outs[l]!]));
      net.biases.push(tf.tensor1d(await draw(outs[l]!)));
    }
  } catch (error) {
    disposeMlp(net);
    throw error;
  }
  return net;
}

/**
 * a b (or a b^T): in blocks of the output's columns when the product is large, pausing between
 * blocks. Each entry is the same dot product as in one matMul.
 */
async function matMulBlocked(a: tf.Tensor2D, b: tf.Tensor2D, transposeB: boolean, pause: () => Promise<void>): Promise<tf.Tensor2D> {
  const [n, k] = a.shape;
  const m = transposeB ? b.shape[0] : b.shape[1];
  const cols = Math.max(1, Math.floor(BLOCK_MACS / Math.max(1, n * k)));
  if (cols >= m) {
    const out = tf.matMul(a, b, false, transposeB);
    try {
      await pause();
    } catch (error) {
      out.dispose();
      throw error;
    }
    return out as tf.Tensor2D;
  }
  const parts: tf.Tensor2D[] = [];
  try {
    for (let c0 = 0; c0 < m; c0 += cols) {
      const c = Math.min(cols, m - c0);
      // gather, not slice: tfjs-wasm's slice copies the whole of b out of the heap on every call
      // (64 MB for a 4096 x 4096 layer), which made a blocked product 30x slower than one matMul.
      parts.push(tf.tidy(() => tf.matMul(a, tf.gather(b, tf.range(c0, c0 + c, 1, 'int32'), transposeB ? 0 : 1), false, transposeB)));
      await pause();
    }
    return tf.concat(parts, 1);
  } finally {
    for (const part of parts) part.dispose();
  }
}

/**
 * `empiricalNtk` as a sequence of bounded steps (each a few ms on wasm), pausing between them with
 * the fraction done: the same operations on the same values, so the same kernel up to float32
 * rounding of the blocked products.
 */
export async function empiricalNtkAsync(net: Mlp, x1: tf.Tensor2D, x2: tf.Tensor2D, pause: Pause, output = 0): Promise<tf.Tensor2D> {
  const { shape } = net;
  const ins = fanIns(shape);
  const L = shape.depth;
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const same = x2 === x1;
  // Matrix products: forward and backward of each side, then two per layer for the kernel.
  const products = (same ? 1 : 2) * (2 * L + 1) + 2 * (L + 1);
  let done = 0;
  const tick = () => pause(done / products);
  const product = async (a: tf.Tensor2D, b: tf.Tensor2D, transposeB: boolean) => {
    let block = 0;
    const blocks = Math.max(1, Math.ceil((transposeB ? b.shape[0] : b.shape[1]) / Math.max(1, Math.floor(BLOCK_MACS / Math.max(1, a.shape[0] * a.shape[1])))));
    const out = keep(await matMulBlocked(a, b, transposeB, () => pause((done + ++block / blocks) / products)));
    done++;
    return out;
  };
  const seedOf = (n: number) => {
    const v = new Float32Array(n * shape.outputs);
    for (let i = 0; i < n; i++) v[i * shape.outputs + output] = 1;
    return keep(tf.tensor2d(v, [n, shape.outputs]));
  };
  const tape = async (x: tf.Tensor2D): Promise<ForwardTape> => {
    const inputs: tf.Tensor2D[] = [x];
    const pre: tf.Tensor2D[] = [];
    let a = x;
    for (let l = 0; l <= L; l++) {
      const z = await product(a, net.weights[l]!, false);
      const h = keep(tf.tidy(() => tf.add(tf.mul(z, shape.sigmaW / Math.sqrt(ins[l]!)), tf.mul(net.biases[l]!, shape.sigmaB)) as tf.Tensor2D));
      if (l === L) return { inputs, pre, out: h };
      pre.push(h);
      a = keep(tf.relu(h));
      inputs.push(a);
    }
    throw new Error('unreachable');
  };
  const back = async (t: ForwardTape, delta: tf.Tensor2D): Promise<tf.Tensor2D[]> => {
    const deltas: tf.Tensor2D[] = new Array(L + 1);
    deltas[L] = delta;
    for (let l = L; l >= 1; l--) {
      const z = await product(deltas[l]!, net.weights[l]!, true);
      deltas[l - 1] = keep(tf.tidy(() => tf.mul(tf.mul(z, shape.sigmaW / Math.sqrt(ins[l]!)), tf.step(t.pre[l - 1]!)) as tf.Tensor2D));
    }
    return deltas;
  };
  try {
    const t1 = await tape(x1);
    const d1 = await back(t1, seedOf(x1.shape[0]));
    const t2 = same ? t1 : await tape(x2);
    const d2 = same ? d1 : await back(t2, seedOf(x2.shape[0]));
    let theta: tf.Tensor2D = keep(tf.zeros([x1.shape[0], x2.shape[0]]));
    for (let l = 0; l <= L; l++) {
      const dd = await product(d1[l]!, d2[l]!, true);
      const ii = await product(t1.inputs[l]!, t2.inputs[l]!, true);
      const previous = theta;
      theta = keep(tf.tidy(() => tf.add(previous, tf.mul(dd, tf.add(tf.mul(ii, (shape.sigmaW * shape.sigmaW) / ins[l]!), shape.sigmaB * shape.sigmaB))) as tf.Tensor2D));
      await tick();
    }
    owned.splice(owned.indexOf(theta), 1);
    return theta;
  } finally {
    for (const t of owned) if (t !== x1 && t !== x2) t.dispose();
  }
}
