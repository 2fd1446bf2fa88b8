/**
 * Gradient descent on deep matrix factorisation in one WebAssembly call per chunk of steps: the kernel
 * of wasm/deep-factorization.ts (AssemblyScript, SIMD128), used by the engine on the tfjs wasm backend
 * for gradient descent in `loop` mode.
 *
 * Why: through tfjs-backend-wasm a depth-3 step is six 100 x 100 matMuls, and XNNPACK re-packs (and
 * transposes) the right operand of every one because its operator cache is keyed by tensor and every
 * operand is new; that packing is about a third of the step, the ops' dispatch another part. The kernel
 * multiplies row-major operands without packing and runs a chunk of steps without returning to
 * JavaScript. Same formulas as `factorGradients`; its products sum in a different order than XNNPACK's,
 * so results agree with the tfjs path to float32 rounding, not bit for bit (tested).
 */
import { DEEP_FACTORIZATION_WASM_BASE64 } from './deep-factorization-wasm.ts';

interface KernelExports {
  memory: WebAssembly.Memory;
  matmul(a: number, transposeA: number, b: number, c: number, n: number): void;
  transposed(a: number, out: number, n: number): void;
  descend(depth: number, n: number, factors: number, coef: number, target: number, prefixes: number, t: number, u: number, scratch: number, eta: number, steps: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where this host's WebAssembly lacks SIMD128. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  const bytes = Uint8Array.from(atob(DEEP_FACTORIZATION_WASM_BASE64), (c) => c.charCodeAt(0));
  compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  return compiled;
}

export function fusedDescentAvailable(): boolean {
  return kernelModule() !== null;
}

/** Where a run's matrices lie in its instance's memory (byte offsets; each n x n float32). */
interface Layout {
  factors: number;
  coef: number;
  target: number;
  prefixes: number;
  t: number;
  u: number;
  scratch: number;
  end: number;
}

function layout(n: number, depth: number): Layout {
  const bytes = n * n * 4;
  const base = 65536; // above anything the kernel's own data could use
  const factors = base;
  const coef = factors + depth * bytes;
  const target = coef + bytes;
  const prefixes = target + bytes;
  const t = prefixes + Math.max(depth - 1, 0) * bytes;
  const u = t + bytes;
  const scratch = u + bytes;
  return { factors, coef, target, prefixes, t, u, scratch, end: scratch + bytes };
}

function instantiate(end: number): KernelExports {
  const module = kernelModule();
  if (!module) throw new Error('This browser’s WebAssembly has no SIMD128: the fused kernel is unavailable.');
  const exports = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('deep-factorization kernel aborted'); } } }).exports as unknown as KernelExports;
  const pages = Math.ceil(end / 65536) - exports.memory.buffer.byteLength / 65536;
  if (pages > 0) exports.memory.grow(pages);
  return exports;
}

/** One run's factors, observed entries and work space in its own kernel instance. */
export class FusedDescent {
  private readonly kernel: KernelExports;
  private readonly at: Layout;

  constructor(
    readonly n: number,
    readonly depth: number,
    factors: ArrayLike<number>[],
    /** (2/K) times the observation mask, row-major. */
    coef: ArrayLike<number>,
    /** Observed values (zero elsewhere), row-major. */
    target: ArrayLike<number>,
  ) {
    this.at = layout(n, depth);
    this.kernel = instantiate(this.at.end);
    const size = n * n;
    factors.forEach((f, j) => this.view(this.at.factors + j * size * 4).set(f));
    this.view(this.at.coef).set(coef);
    this.view(this.at.target).set(target);
  }

  private view(offset: number): Float32Array {
    return new Float32Array(this.kernel.memory.buffer, offset, this.n * this.n);
  }

  /** `steps` steps of gradient descent with step `eta` (rounded to float32, as a tfjs tensor would be). */
  descend(steps: number, eta: number): void {
    const a = this.at;
    this.kernel.descend(this.depth, this.n, a.factors, a.coef, a.target, a.prefixes, a.t, a.u, a.scratch, eta, steps);
  }

  /** Copies of the current factors, W_1 first. */
  factors(): Float32Array[] {
    return Array.from({ length: this.depth }, (_, j) => this.view(this.at.factors + j * this.n * this.n * 4).slice());
  }
}

/** C = op(A) B for n x n float32 matrices through the kernel (tests and benchmarks). */
export function kernelMatmul(a: ArrayLike<number>, transposeA: boolean, b: ArrayLike<number>, n: number): Float32Array {
  const bytes = n * n * 4;
  const kernel = instantiate(65536 + 3 * bytes);
  const view = (offset: number) => new Float32Array(kernel.memory.buffer, 65536 + offset, n * n);
  view(0).set(a);
  view(bytes).set(b);
  kernel.matmul(65536, transposeA ? 1 : 0, 65536 + bytes, 65536 + 2 * bytes, n);
  return view(2 * bytes).slice();
}

/** A^T for an n x n float32 matrix through the kernel (tests). */
export function kernelTranspose(a: ArrayLike<number>, n: number): Float32Array {
  const bytes = n * n * 4;
  const kernel = instantiate(65536 + 2 * bytes);
  new Float32Array(kernel.memory.buffer, 65536, n * n).set(a);
  kernel.transposed(65536, 65536 + bytes, n);
  return new Float32Array(kernel.memory.buffer, 65536 + bytes, n * n).slice();
}

/** Milliseconds per n x n x n product in one kernel instance, best of three rounds of `reps` (benchmarks). */
export function timeKernelMatmul(n: number, reps: number): number {
  const bytes = n * n * 4;
  const kernel = instantiate(65536 + 3 * bytes);
  const a = new Float32Array(kernel.memory.buffer, 65536, 2 * n * n);
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(i);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (let r = 0; r < reps; r++) kernel.matmul(65536, 0, 65536 + bytes, 65536 + 2 * bytes, n);
    best = Math.min(best, (performance.now() - started) / reps);
  }
  return best;
}
