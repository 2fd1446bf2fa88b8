/**
 * How much memory a run needs, from its config alone, and how much a device can give: a run whose
 * estimate is over the limit is refused before it starts, with both numbers. Pure and free of
 * TensorFlow.js (the page reads it before any worker starts).
 *
 * The models count the large buffers (float32 tensors in the backend's heap, float32 arrays drawn in
 * JavaScript) and add a fixed allowance for the runtime; they aim high rather than low.
 */

const MiB = 2 ** 20;
const GiB = 2 ** 30;
/** TensorFlow.js, its wasm module and the engine's own small arrays. */
export const RUNTIME_BYTES = 96 * MiB;
/** Digits images are 8 x 8; the data set has 1,797 of them. */
export const DIGITS_D = 64;
export const DIGITS_N = 1797;

/** Parameters of a fully connected net (`inputs` -> width x depth -> 1). */
export function mlpParameters(inputs: number, width: number, depth: number, outputs = 1): number {
  return inputs * width + width + (depth - 1) * (width * width + width) + width * outputs + outputs;
}

/**
 * Peak bytes of one empirical NTK between `n1` and `n2` points at `width`: the net (float32), one
 * layer drawn in JavaScript, the forward tapes (inputs, pre-activations, ReLU outputs, deltas) and
 * the kernel with its per-layer products.
 */
export function empiricalNtkBytes(inputs: number, width: number, depth: number, n1: number, n2: number): number {
  const params = mlpParameters(inputs, width, depth);
  const layer = Math.max(inputs, width) * width;
  const tapes = (depth + 1) * width * 4 * (n1 + (n1 === n2 ? 0 : n2));
  const kernel = 4 * n1 * n2;
  return 4 * (params + layer + tapes + kernel);
}

/** Peak bytes of training a net by full-batch gradient descent on `n` points: net, gradients, new net, tape. */
export function mlpTrainingBytes(inputs: number, width: number, depth: number, n: number): number {
  return 4 * (3 * mlpParameters(inputs, width, depth) + Math.max(inputs, width) * width + (depth + 1) * width * 4 * n);
}

/** Without a memory model (matrix completion: a handful of n x n factors per run, n <= 300): a flat allowance. */
export const SMALL_RUN_BYTES = 64 * MiB;

/** What the memory estimate reads of a spec: its memory model, if it has one. */
export interface MemoryModel {
  memory?(config: never): number;
}

/** Estimated peak bytes of a run of the experiment of `spec` with `config` (validated). */
export function estimateMemory(spec: MemoryModel, config: unknown): number {
  return RUNTIME_BYTES + (spec.memory ? (spec.memory as (config: unknown) => number)(config) : SMALL_RUN_BYTES);
}

export interface MemoryLimit {
  bytes: number;
  /** Where the number comes from, in words. */
  source: string;
}

/** A 32-bit WebAssembly heap can address 4 GiB; growing it copies, so half of that is what a run can count on. */
export const WASM_HEAP_LIMIT = 2 * GiB;
/** Assumed when the browser does not say how much memory the device has. */
export const DEFAULT_DEVICE_GIB = 4;
/** A tab may use this share of the device's memory for a run. */
const DEVICE_SHARE = 0.25;

/**
 * What a run may use on this device: a quarter of `navigator.deviceMemory` (which browsers round
 * and cap at 8 GiB; 4 GiB assumed when absent), and never more than the WebAssembly heap can hold.
 */
export function deviceMemoryLimit(nav: { deviceMemory?: number | undefined } | undefined = globalThis.navigator as { deviceMemory?: number } | undefined): MemoryLimit {
  const reported = nav?.deviceMemory;
  const gib = typeof reported === 'number' && Number.isFinite(reported) && reported > 0 ? reported : DEFAULT_DEVICE_GIB;
  const share = gib * GiB * DEVICE_SHARE;
  if (share >= WASM_HEAP_LIMIT) return { bytes: WASM_HEAP_LIMIT, source: 'the WebAssembly heap a run can count on' };
  return {
    bytes: share,
    source: reported === gib ? `a quarter of this device's ${gib} GiB` : `a quarter of ${DEFAULT_DEVICE_GIB} GiB (this browser does not report its memory)`,
  };
}

/** "1.9 GB" / "240 MB". */
export const formatBytes = (bytes: number): string => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`);

export interface MemoryRefusal {
  estimateBytes: number;
  limit: MemoryLimit;
  text: string;
}

/** Null when the run fits; otherwise why it is refused, with the numbers. */
export function memoryRefusal(spec: MemoryModel, config: unknown, limit: MemoryLimit = deviceMemoryLimit()): MemoryRefusal | null {
  const estimateBytes = estimateMemory(spec, config);
  if (estimateBytes <= limit.bytes) return null;
  return {
    estimateBytes,
    limit,
    text:
      `Not started: this setting needs about ${formatBytes(estimateBytes)} of memory, and a run here may use ${formatBytes(limit.bytes)} ` +
      `(${limit.source}). Lower the largest sizes (widths, depth, points) and run again.`,
  };
}
