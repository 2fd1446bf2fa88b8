// AssemblyScript source of the fused gradient-descent step of deep matrix factorisation (compiled by
// scripts/build-wasm.mjs into src/experiments/matrix-completion/deep-factorization-wasm.ts).
//
// All matrices are n x n, float32, row-major, at byte offsets in this module's memory chosen by the
// caller. One call advances one run by `steps` steps of gradient descent on
//   L = (1/K) sum_{(i,j) observed} ((W_N ... W_1)_ij - b_ij)^2
// with the same formulas as the tfjs engine (factorGradients): forward prefixes P_j = W_{j+1} P_{j-1},
// g = coef * (E - target) with coef = (2/K) mask, then from the top factor down
// grad_j = t P_{j-1}^T, t <- W_j^T t, W_j <- W_j - eta grad_j (grad_0 = t). Every product is summed
// over the inner index in increasing order, so a run gives the same bits on every host.

// @ts-nocheck: AssemblyScript, not TypeScript.

const STORE: i32 = 0;
const DESCEND: i32 = 1;

// A 4 x 8 block of C = A B, where A(i, p) lies at a + i * ars + p * aps (bytes) and row p of B at b + p * bs.
@inline function block4x8(a: usize, ars: usize, aps: usize, b: usize, bs: usize, k: i32, c: usize, cs: usize, mode: i32, eta: v128): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = f32x4.splat(load<f32>(pa));
    const a1 = f32x4.splat(load<f32>(pa + ars));
    const a2 = f32x4.splat(load<f32>(pa + 2 * ars));
    const a3 = f32x4.splat(load<f32>(pa + 3 * ars));
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    pa += aps;
    pb += bs;
  }
  put(c, 0, c00, mode, eta);
  put(c, 16, c01, mode, eta);
  put(c + cs, 0, c10, mode, eta);
  put(c + cs, 16, c11, mode, eta);
  put(c + 2 * cs, 0, c20, mode, eta);
  put(c + 2 * cs, 16, c21, mode, eta);
  put(c + 3 * cs, 0, c30, mode, eta);
  put(c + 3 * cs, 16, c31, mode, eta);
}

// A 4 x 4 block (the columns left over by the 8-wide blocks).
@inline function block4x4(a: usize, ars: usize, aps: usize, b: usize, bs: usize, k: i32, c: usize, cs: usize, mode: i32, eta: v128): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(pa)), b0));
    c1 = f32x4.add(c1, f32x4.mul(f32x4.splat(load<f32>(pa + ars)), b0));
    c2 = f32x4.add(c2, f32x4.mul(f32x4.splat(load<f32>(pa + 2 * ars)), b0));
    c3 = f32x4.add(c3, f32x4.mul(f32x4.splat(load<f32>(pa + 3 * ars)), b0));
    pa += aps;
    pb += bs;
  }
  put(c, 0, c0, mode, eta);
  put(c + cs, 0, c1, mode, eta);
  put(c + 2 * cs, 0, c2, mode, eta);
  put(c + 3 * cs, 0, c3, mode, eta);
}

// A 1 x 4 block (rows left over by the 4-row blocks).
@inline function block1x4(a: usize, aps: usize, b: usize, bs: usize, k: i32, c: usize, mode: i32, eta: v128): void {
  let c0 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(pa)), v128.load(pb)));
    pa += aps;
    pb += bs;
  }
  put(c, 0, c0, mode, eta);
}

@inline function put(c: usize, offset: usize, value: v128, mode: i32, eta: v128): void {
  if (mode == STORE) v128.store(c + offset, value);
  else v128.store(c + offset, f32x4.sub(v128.load(c + offset), f32x4.mul(eta, value)));
}

// One entry of C = A B, summed in the same order as the blocks (columns beyond the last multiple of 4).
@inline function entry(a: usize, aps: usize, b: usize, bs: usize, k: i32, c: usize, mode: i32, eta: f32): void {
  let s: f32 = 0;
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    s += load<f32>(pa) * load<f32>(pb);
    pa += aps;
    pb += bs;
  }
  if (mode == STORE) store<f32>(c, s);
  else store<f32>(c, load<f32>(c) - eta * s);
}

// C = op(A) B for n x n matrices; op(A) = A (transposeA 0) or A^T (1). mode STORE writes C, DESCEND
// does C <- C - eta * op(A) B.
function product(a: usize, transposeA: i32, b: usize, c: usize, n: i32, mode: i32, eta: f32): void {
  const row = (<usize>n) << 2;
  const ars: usize = transposeA ? 4 : row;
  const aps: usize = transposeA ? row : 4;
  const etaV = f32x4.splat(eta);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const ai = a + <usize>i * ars;
    const ci = c + <usize>i * row;
    let j = 0;
    for (; j + 8 <= n4; j += 8) block4x8(ai, ars, aps, b + ((<usize>j) << 2), row, n, ci + ((<usize>j) << 2), row, mode, etaV);
    for (; j < n4; j += 4) block4x4(ai, ars, aps, b + ((<usize>j) << 2), row, n, ci + ((<usize>j) << 2), row, mode, etaV);
    for (; j < n; j++) for (let r = 0; r < 4; r++) entry(ai + <usize>r * ars, aps, b + ((<usize>j) << 2), row, n, ci + <usize>r * row + ((<usize>j) << 2), mode, eta);
  }
  for (; i < n; i++) {
    const ai = a + <usize>i * ars;
    const ci = c + <usize>i * row;
    let j = 0;
    for (; j < n4; j += 4) block1x4(ai, aps, b + ((<usize>j) << 2), row, n, ci + ((<usize>j) << 2), mode, etaV);
    for (; j < n; j++) entry(ai, aps, b + ((<usize>j) << 2), row, n, ci + ((<usize>j) << 2), mode, eta);
  }
}

function transpose(a: usize, out: usize, n: i32): void {
  const row = (<usize>n) << 2;
  const n4 = n & ~3;
  // 4 x 4 blocks by lane shuffles, then the leftover rows and columns one entry at a time.
  for (let i = 0; i < n4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      const src = a + <usize>i * row + ((<usize>j) << 2);
      const r0 = v128.load(src);
      const r1 = v128.load(src + row);
      const r2 = v128.load(src + 2 * row);
      const r3 = v128.load(src + 3 * row);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const dst = out + <usize>j * row + ((<usize>i) << 2);
      v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(dst + row, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(dst + 2 * row, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(dst + 3 * row, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = i < n4 ? n4 : 0; j < n; j++) store<f32>(out + ((<usize>(j * n + i)) << 2), load<f32>(a + ((<usize>(i * n + j)) << 2)));
}

/** out = A^T (exported for tests). */
export function transposed(a: usize, out: usize, n: i32): void {
  transpose(a, out, n);
}

/** C = op(A) B (exported for tests and benchmarks). */
export function matmul(a: usize, transposeA: i32, b: usize, c: usize, n: i32): void {
  product(a, transposeA, b, c, n, STORE, 0);
}

/**
 * `steps` steps of gradient descent with step `eta` on `depth` factors at `factors` (consecutive n x n
 * matrices, W_1 first). Work space: `prefixes` (depth - 1 matrices), `t`, `u` and `scratch` (one each).
 */
export function descend(depth: i32, n: i32, factors: usize, coef: usize, target: usize, prefixes: usize, t: usize, u: usize, scratch: usize, eta: f32, steps: i32): void {
  const size = <usize>(n * n);
  const bytes = size << 2;
  const etaV = f32x4.splat(eta);
  const size4 = size & ~3;
  for (let s = 0; s < steps; s++) {
    // Forward: P_0 = W_1 (not copied), P_j = W_{j+1} P_{j-1}.
    for (let j = 1; j < depth; j++) {
      const previous = j == 1 ? factors : prefixes + <usize>(j - 2) * bytes;
      product(factors + <usize>j * bytes, 0, previous, prefixes + <usize>(j - 1) * bytes, n, STORE, 0);
    }
    const e = depth == 1 ? factors : prefixes + <usize>(depth - 2) * bytes;
    // g = coef (E - target), into t.
    let q: usize = 0;
    for (; q < size4; q += 4) {
      const o = q << 2;
      v128.store(t + o, f32x4.mul(v128.load(coef + o), f32x4.sub(v128.load(e + o), v128.load(target + o))));
    }
    for (; q < size; q++) {
      const o = q << 2;
      store<f32>(t + o, load<f32>(coef + o) * (load<f32>(e + o) - load<f32>(target + o)));
    }
    // Backward, from the top factor down; each factor is used (for t) before it is updated.
    let cur = t;
    let next = u;
    for (let j = depth - 1; j > 0; j--) {
      const w = factors + <usize>j * bytes;
      const p = j == 1 ? factors : prefixes + <usize>(j - 2) * bytes;
      product(w, 1, cur, next, n, STORE, 0);
      transpose(p, scratch, n);
      product(cur, 0, scratch, w, n, DESCEND, eta);
      const swap = cur;
      cur = next;
      next = swap;
    }
    // W_1 <- W_1 - eta t.
    q = 0;
    for (; q < size4; q += 4) {
      const o = q << 2;
      v128.store(factors + o, f32x4.sub(v128.load(factors + o), f32x4.mul(etaV, v128.load(cur + o))));
    }
    for (; q < size; q++) {
      const o = q << 2;
      store<f32>(factors + o, load<f32>(factors + o) - eta * load<f32>(cur + o));
    }
  }
}
