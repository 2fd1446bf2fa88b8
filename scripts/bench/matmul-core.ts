/**
 * Dense float32 kernels timed on the active tfjs backend, without any Node-only import, so the same code
 * runs in Node (scripts/bench/ceilings.ts) and in the bench page in headless Chromium
 * (scripts/bench/browser-entry.ts): an n x n tf.matMul and a 3x3 conv2d.
 *
 * Operands are fresh tensors on every call (uploaded from preallocated arrays, disposed after), so no
 * backend cache keyed by tensor (the wasm backend caches an XNNPACK operator per weight tensor) helps;
 * the time of the uploads alone is measured in a loop of its own and subtracted. Loops run for a time
 * budget (not a count), which keeps a browser's coarse clock (100 µs without cross-origin isolation)
 * out of the figures; the best of a few repetitions is kept.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface KernelTiming {
  /** What was timed, e.g. "matMul 100x100" or "conv2d 3x3 [1,64,64,32] x 32". */
  op: string;
  backend: string;
  /** Floating-point operations of one call. */
  flop: number;
  /** Calls in the best repetition. */
  calls: number;
  repetitions: number;
  /** Microseconds per call, operand uploads subtracted (best repetition). */
  us: number;
  /** Microseconds per call with the uploads (best repetition). */
  usWithUpload: number;
  gflops: number;
}

/** Deterministic values in [-1, 1) (no tfjs random op in the timed loop). */
function filled(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/**
 * Runs `call(i)` (which returns the result tensor) in a loop for about `budgetMs` and returns
 * milliseconds per call; the last result is read back before the clock stops (async backends).
 */
async function loop(call: (i: number) => tf.Tensor | null, budgetMs: number, minCalls: number): Promise<{ ms: number; calls: number }> {
  const started = performance.now();
  let calls = 0;
  let last: tf.Tensor | null = null;
  while (calls < minCalls || performance.now() - started < budgetMs) {
    last?.dispose();
    last = call(calls++);
  }
  if (last) {
    await last.data();
    last.dispose();
  }
  return { ms: (performance.now() - started) / calls, calls };
}

interface TimeOptions {
  /** Time budget of one repetition (ms). */
  budgetMs?: number;
  /** Repetitions; the best is kept. */
  repetitions?: number;
  /** At least this many calls per repetition. */
  minCalls?: number;
}

async function timeKernel(
  op: string,
  flop: number,
  upload: (i: number) => tf.Tensor[],
  kernel: (inputs: tf.Tensor[]) => tf.Tensor,
  { budgetMs = 400, repetitions = 3, minCalls = 3 }: TimeOptions,
): Promise<KernelTiming> {
  // Warm-up: the backend's first call compiles or allocates.
  for (let i = 0; i < 2; i++) {
    const inputs = upload(i);
    kernel(inputs).dispose();
    for (const t of inputs) t.dispose();
  }
  let best = { us: Infinity, usWithUpload: Infinity, calls: 0 };
  for (let rep = 0; rep < repetitions; rep++) {
    const full = await loop((i) => {
      const inputs = upload(i);
      const out = kernel(inputs);
      for (const t of inputs) t.dispose();
      return out;
    }, budgetMs, minCalls);
    const uploads = await loop((i) => {
      for (const t of upload(i)) t.dispose();
      return null;
    }, Math.min(budgetMs, 100), minCalls);
    const us = Math.max(1e-3, full.ms - uploads.ms) * 1000;
    if (us < best.us) best = { us, usWithUpload: full.ms * 1000, calls: full.calls };
  }
  return {
    op,
    backend: tf.getBackend(),
    flop,
    calls: best.calls,
    repetitions,
    us: Number(best.us.toFixed(1)),
    usWithUpload: Number(best.usWithUpload.toFixed(1)),
    gflops: Number((flop / best.us / 1000).toFixed(2)),
  };
}

/** An n x n by n x n float32 tf.matMul with fresh operands on every call (2 n^3 flop). */
export function timeMatMul(n: number, options: TimeOptions = {}): Promise<KernelTiming> {
  const pairs = 4;
  const a = Array.from({ length: pairs }, (_, i) => filled(n * n, 2 * i + 1));
  const b = Array.from({ length: pairs }, (_, i) => filled(n * n, 2 * i + 2));
  return timeKernel(
    `matMul ${n}x${n}`,
    2 * n ** 3,
    (i) => [tf.tensor2d(a[i % pairs]!, [n, n]), tf.tensor2d(b[i % pairs]!, [n, n])],
    ([x, y]) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D),
    options,
  );
}

/**
 * A 3x3 conv2d, stride 1, same padding, on a [1, size, size, channels] input with `filters` filters:
 * a fresh input on every call, one filter tensor throughout (a layer's weights).
 */
export async function timeConv2d(size = 64, channels = 32, filters = 32, options: TimeOptions = {}): Promise<KernelTiming> {
  const inputs = Array.from({ length: 4 }, (_, i) => filled(size * size * channels, 100 + i));
  const filter = tf.tensor4d(filled(9 * channels * filters, 99), [3, 3, channels, filters]);
  try {
    return await timeKernel(
      `conv2d 3x3 [1,${size},${size},${channels}] x ${filters}`,
      2 * size * size * channels * filters * 9,
      (i) => [tf.tensor4d(inputs[i % inputs.length]!, [1, size, size, channels])],
      ([x]) => tf.conv2d(x as tf.Tensor4D, filter, 1, 'same'),
      options,
    );
  } finally {
    filter.dispose();
  }
}
