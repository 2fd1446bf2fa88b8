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
/** Digits images are 8 x 8. */
const DIGITS_D = 64;
const DIGITS_N = 1797;

type Config = Record<string, unknown>;
const num = (config: Config, key: string, fallback: number): number => (typeof config[key] === 'number' ? (config[key] as number) : fallback);
const nums = (config: Config, key: string, fallback: number[]): number[] =>
  Array.isArray(config[key]) && (config[key] as unknown[]).every((v) => typeof v === 'number') ? (config[key] as number[]) : fallback;

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
function mlpTrainingBytes(inputs: number, width: number, depth: number, n: number): number {
  return 4 * (3 * mlpParameters(inputs, width, depth) + Math.max(inputs, width) * width + (depth + 1) * width * 4 * n);
}

/** Memory models per experiment id: bytes of the largest buffers a run holds at once. */
const models: Record<string, (config: Config) => number> = {
  'ntk-concentration': (c) => {
    const points = num(c, 'points', 64) + 1;
    return Math.max(...nums(c, 'widths', [4096]).map((w) => empiricalNtkBytes(2, w, num(c, 'depth', 3), 1, points)));
  },
  'ntk-width-convergence': (c) => {
    const points = num(c, 'points', 32);
    return 8 * 2 * points * points + Math.max(...nums(c, 'widths', [4096]).map((w) => empiricalNtkBytes(DIGITS_D, w, num(c, 'depth', 3), points, points)));
  },
  'ntk-training-trajectory': (c) => {
    const n = num(c, 'trainSize', 32) + num(c, 'testSize', 32);
    return 8 * 4 * n * n + Math.max(...nums(c, 'widths', [1024]).map((w) => mlpTrainingBytes(DIGITS_D, w, num(c, 'depth', 2), n)));
  },
  'ntk-small-data': (c) => 8 * 4 * DIGITS_N * DIGITS_N + mlpTrainingBytes(DIGITS_D, num(c, 'netWidth', 256), num(c, 'depth', 3), 1000),
  'ntk-architectures': (c) => {
    const n = num(c, 'pool', 200) + num(c, 'testSize', 300);
    return 8 * 6 * n * n;
  },
};

/** Matrix completion: a handful of n x n factors and their gradients per run (n <= 200): a flat allowance. */
const MATRIX_COMPLETION_BYTES = 64 * MiB;

/** Estimated peak bytes of a run of experiment `id` with `config` (validated). */
export function estimateMemory(id: string, config: unknown): number {
  const model = models[id];
  const cfg = (typeof config === 'object' && config !== null ? config : {}) as Config;
  return RUNTIME_BYTES + (model ? model(cfg) : MATRIX_COMPLETION_BYTES);
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
export function memoryRefusal(id: string, config: unknown, limit: MemoryLimit = deviceMemoryLimit()): MemoryRefusal | null {
  const estimateBytes = estimateMemory(id, config);
  if (estimateBytes <= limit.bytes) return null;
  return {
    estimateBytes,
    limit,
    text:
      `Not started: this setting needs about ${formatBytes(estimateBytes)} of memory, and a run here may use ${formatBytes(limit.bytes)} ` +
      `(${limit.source}). Lower the largest sizes (widths, depth, points) and run again.`,
  };
}
