/**
 * Analytic kernels of infinitely wide fully connected ReLU nets, in the NTK parameterisation with the
 * conventions of google/neural-tangents (stax.Dense / stax.Relu):
 *
 *   net = Dense(n) -> Relu -> [Dense(n) -> Relu] x (depth - 1) -> Dense(1)
 *   layer 1:   K = sigmaW^2 x.x'/d_in + sigmaB^2,   Theta = K
 *   each Relu: Kr = sqrt(q q') (sin t + (pi - t) cos t) / (2 pi),  Theta_r = Theta (pi - t) / (2 pi)
 *              with cos t = K / sqrt(q q') clamped to [-1, 1], q and q' the self-variances
 *   each Dense: K = sigmaW^2 Kr + sigmaB^2,   Theta = K + sigmaW^2 Theta_r
 *
 * The self-variances come from the same recursion applied to (x, x), so the diagonal of a Gram
 * matrix has cos t = 1 exactly. Float64 plain JS: these kernels are cheap next to a solve.
 */

export interface FcKernelParams {
  /** Hidden ReLU layers (Jacot et al.'s L is depth + 1). */
  depth: number;
  sigmaW: number;
  sigmaB: number;
}

export interface KernelPair {
  nngp: Float64Array;
  ntk: Float64Array;
}

const TWO_PI = 2 * Math.PI;

/** Row-major n1 x n2 matrix of inner products of the rows of a (n1 x d) and b (n2 x d). */
export function gram(a: Float64Array, n1: number, b: Float64Array, n2: number, d: number): Float64Array {
  const out = new Float64Array(n1 * n2);
  for (let i = 0; i < n1; i++) {
    const ai = i * d;
    for (let j = 0; j < n2; j++) {
      const bj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += a[ai + k]! * b[bj + k]!;
      out[i * n2 + j] = s;
    }
  }
  return out;
}

/** Squared norms of the rows. */
export function rowNorms2(a: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += a[i * d + k]! ** 2;
    out[i] = s;
  }
  return out;
}

/**
 * The ReLU arc-cosine step on one entry (neural-tangents' Relu): returns [Kr, Theta factor].
 * `s` = sqrt(q q'); the cosine is clamped, so rounding never takes acos outside its domain.
 */
export function reluStep(k: number, s: number): [number, number] {
  if (s <= 0) return [0, 0.5];
  let rho = k / s;
  if (rho > 1) rho = 1;
  else if (rho < -1) rho = -1;
  const t = Math.acos(rho);
  return [(s * (Math.sqrt(1 - rho * rho) + (Math.PI - t) * rho)) / TWO_PI, (Math.PI - t) / TWO_PI];
}

/** Per-layer pre-activation self-variances of inputs with squared norms `norms2` (n x depth). */
export function fcSelfVariances(norms2: Float64Array, d: number, p: FcKernelParams): Float64Array {
  const n = norms2.length;
  const out = new Float64Array(n * p.depth);
  const w2 = p.sigmaW * p.sigmaW;
  const b2 = p.sigmaB * p.sigmaB;
  for (let i = 0; i < n; i++) {
    let q = (w2 * norms2[i]!) / d + b2;
    for (let l = 0; l < p.depth; l++) {
      out[i * p.depth + l] = q;
      const [kr] = reluStep(q, q);
      q = w2 * kr + b2;
    }
  }
  return out;
}

/** NNGP and NTK of one pair, from the input inner product and the two points' self-variances. */
export function fcEntry(dot: number, d: number, q1: Float64Array, o1: number, q2: Float64Array, o2: number, p: FcKernelParams): [number, number] {
  const w2 = p.sigmaW * p.sigmaW;
  const b2 = p.sigmaB * p.sigmaB;
  let k = (w2 * dot) / d + b2;
  let theta = k;
  for (let l = 0; l < p.depth; l++) {
    const [kr, dot_] = reluStep(k, Math.sqrt(q1[o1 + l]! * q2[o2 + l]!));
    k = w2 * kr + b2;
    theta = k + w2 * theta * dot_;
  }
  return [k, theta];
}

/**
 * NNGP and NTK between the rows of x1 (n1 x d) and x2 (n2 x d), row-major n1 x n2.
 * Pass x2 = null for the symmetric Gram matrix of x1 (computed on one triangle and mirrored).
 */
export function fcKernels(x1: Float64Array, n1: number, x2: Float64Array | null, n2: number, d: number, p: FcKernelParams): KernelPair {
  const symmetric = x2 === null;
  const b = x2 ?? x1;
  const m = symmetric ? n1 : n2;
  const dots = gram(x1, n1, b, m, d);
  const q1 = fcSelfVariances(rowNorms2(x1, n1, d), d, p);
  const q2 = symmetric ? q1 : fcSelfVariances(rowNorms2(b, m, d), d, p);
  const nngp = new Float64Array(n1 * m);
  const ntk = new Float64Array(n1 * m);
  for (let i = 0; i < n1; i++) {
    for (let j = symmetric ? i : 0; j < m; j++) {
      const [k, t] = fcEntry(dots[i * m + j]!, d, q1, i * p.depth, q2, j * p.depth, p);
      nngp[i * m + j] = k;
      ntk[i * m + j] = t;
      if (symmetric) {
        nngp[j * m + i] = k;
        ntk[j * m + i] = t;
      }
    }
  }
  return { nngp, ntk };
}

/** Gaussian (RBF) kernel exp(-|x - x'|^2 / (2 l^2)). */
export function rbfKernel(x1: Float64Array, n1: number, x2: Float64Array, n2: number, d: number, lengthScale: number): Float64Array {
  const dots = gram(x1, n1, x2, n2, d);
  const a = rowNorms2(x1, n1, d);
  const b = rowNorms2(x2, n2, d);
  const out = new Float64Array(n1 * n2);
  const c = 1 / (2 * lengthScale * lengthScale);
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n2; j++) out[i * n2 + j] = Math.exp(-Math.max(0, a[i]! + b[j]! - 2 * dots[i * n2 + j]!) * c);
  }
  return out;
}

/** Median pairwise distance of the rows (the usual bandwidth heuristic for the RBF kernel). */
export function medianDistance(x: Float64Array, n: number, d: number): number {
  const dists: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (x[i * d + k]! - x[j * d + k]!) ** 2;
      dists.push(Math.sqrt(s));
    }
  }
  if (dists.length === 0) return 1;
  dists.sort((u, v) => u - v);
  return dists[Math.floor(dists.length / 2)]! || 1;
}
