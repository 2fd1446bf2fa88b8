/**
 * Convolutional NTK (Arora et al. 2019, "On Exact Computation with an Infinitely Wide Neural Net")
 * for single-channel H x W images, in the neural-tangents conventions (stax.Conv with 3 x 3 filters,
 * SAME zero padding, NTK parameterisation; fan-in = 9 x channels):
 *
 *   net = Conv -> Relu -> [Conv -> Relu] x (depth - 1) -> readout
 *   readout "vanilla": Flatten -> Dense(1)   (sums the same-pixel entries, divided by H W)
 *   readout "gap":     global average pooling -> Dense(1)   (averages over all pixel pairs)
 *
 * A kernel between two images is a (HW) x (HW) array over pixel pairs (p, p'). A 3 x 3 convolution
 * sums entries at (p + delta, p' + delta): it keeps the offset p' - p. The vanilla readout needs only
 * offset 0, so `cntkVanilla` tracks HW entries per image pair instead of (HW)^2 (64x fewer on 8 x 8);
 * `cntkFull` does the whole computation (used for the pooled kernel, and to test the shortcut).
 */
import { reluStep } from './kernels.ts';

export interface CntkParams {
  /** Convolutional layers (each followed by a ReLU). */
  depth: number;
  sigmaW: number;
  sigmaB: number;
  height: number;
  width: number;
}

/**
 * Sum of the entries of an H x W array (row-major) over the 3 x 3 neighbourhood of pixel (i, j),
 * pixels outside the image counting as zero (SAME padding); rows then columns, top-left first.
 */
function neighbourhoodSum(v: Float64Array, h: number, w: number, i: number, j: number): number {
  let s = 0;
  for (let a = -1; a <= 1; a++) {
    const ii = i + a;
    if (ii < 0 || ii >= h) continue;
    for (let b = -1; b <= 1; b++) {
      const jj = j + b;
      if (jj < 0 || jj >= w) continue;
      s += v[ii * w + jj]!;
    }
  }
  return s;
}

/** Per-pixel pre-activation self-variances of one image at each layer (depth x HW). */
export function cntkSelfVariances(x: Float64Array, offset: number, p: CntkParams): Float64Array {
  const { height: h, width: w } = p;
  const P = h * w;
  const w2 = (p.sigmaW * p.sigmaW) / 9;
  const b2 = p.sigmaB * p.sigmaB;
  const out = new Float64Array(p.depth * P);
  // Input "kernel" of the image with itself at pixel pairs (p, p): x_p^2.
  let prev = new Float64Array(P);
  for (let i = 0; i < P; i++) prev[i] = x[offset + i]! ** 2;
  for (let l = 0; l < p.depth; l++) {
    const next = new Float64Array(P);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        next[i * w + j] = w2 * neighbourhoodSum(prev, h, w, i, j) + b2;
      }
    }
    out.set(next, l * P);
    // Relu of a variance q at cosine 1 is q / 2 (the arc-cosine formula at t = 0).
    prev = next.map((q) => reluStep(q, q)[0]);
  }
  return out;
}

/**
 * Vanilla CNTK (Flatten readout) of one image pair via same-pixel entries only.
 * x1, x2: images (row-major H x W) at the given offsets; q1, q2 from `cntkSelfVariances`.
 */
export function cntkVanilla(
  x1: Float64Array, o1: number, q1: Float64Array, x2: Float64Array, o2: number, q2: Float64Array, p: CntkParams,
): [number, number] {
  const { height: h, width: w } = p;
  const P = h * w;
  const w2 = (p.sigmaW * p.sigmaW) / 9;
  const b2 = p.sigmaB * p.sigmaB;
  let kr = new Float64Array(P);
  let tr = new Float64Array(P);
  for (let i = 0; i < P; i++) kr[i] = x1[o1 + i]! * x2[o2 + i]!;
  const k = new Float64Array(P);
  const t = new Float64Array(P);
  for (let l = 0; l < p.depth; l++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const idx = i * w + j;
        k[idx] = w2 * neighbourhoodSum(kr, h, w, i, j) + b2;
        t[idx] = k[idx]! + w2 * neighbourhoodSum(tr, h, w, i, j);
      }
    }
    const nk = new Float64Array(P);
    const nt = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      const [r, dot] = reluStep(k[i]!, Math.sqrt(q1[l * P + i]! * q2[l * P + i]!));
      nk[i] = r;
      nt[i] = t[i]! * dot;
    }
    kr = nk;
    tr = nt;
  }
  return readoutVanilla(kr, tr, P, p);
}

function readoutVanilla(kr: Float64Array, tr: Float64Array, P: number, p: CntkParams): [number, number] {
  let sk = 0;
  let st = 0;
  for (let i = 0; i < P; i++) {
    sk += kr[i]!;
    st += tr[i]!;
  }
  const nngp = (p.sigmaW * p.sigmaW * sk) / P + p.sigmaB * p.sigmaB;
  return [nngp, nngp + (p.sigmaW * p.sigmaW * st) / P];
}

/** Scratch buffers for `cntkFull`, reusable across image pairs. */
export interface CntkScratch {
  kr: Float64Array;
  tr: Float64Array;
}

export function cntkScratch(p: CntkParams): CntkScratch {
  const n = (p.height + 2) * (p.width + 2);
  return { kr: new Float64Array(n * n), tr: new Float64Array(n * n) };
}

/**
 * Full CNTK of one image pair over all (HW)^2 pixel pairs; returns the vanilla and the pooled
 * (GAP) readouts: [vanilla nngp, vanilla ntk, gap nngp, gap ntk].
 */
export function cntkFull(
  x1: Float64Array, o1: number, q1: Float64Array, x2: Float64Array, o2: number, q2: Float64Array, p: CntkParams,
  scratch: CntkScratch = cntkScratch(p),
): [number, number, number, number] {
  const { height: h, width: w } = p;
  const P = h * w;
  const H = h + 2;
  const W = w + 2;
  const PP = H * W; // padded pixels
  const w2 = (p.sigmaW * p.sigmaW) / 9;
  const b2 = p.sigmaB * p.sigmaB;
  // Post-activation kernels on the zero-padded grid: index (pi * PP + pj), padded pixel pi = (i+1)*W + (j+1).
  const { kr, tr } = scratch;
  kr.fill(0);
  tr.fill(0);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const a = x1[o1 + i * w + j]!;
      const pa = (i + 1) * W + (j + 1);
      for (let i2 = 0; i2 < h; i2++) {
        for (let j2 = 0; j2 < w; j2++) kr[pa * PP + (i2 + 1) * W + (j2 + 1)] = a * x2[o2 + i2 * w + j2]!;
      }
    }
  }
  const k = new Float64Array(P * P);
  const t = new Float64Array(P * P);
  const shifts: number[] = [];
  for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) shifts.push((a * W + b) * PP + (a * W + b));
  for (let l = 0; l < p.depth; l++) {
    // Convolution along the diagonal: sum over the same shift of both pixels.
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const pa = (i + 1) * W + (j + 1);
        for (let i2 = 0; i2 < h; i2++) {
          for (let j2 = 0; j2 < w; j2++) {
            const base = pa * PP + (i2 + 1) * W + (j2 + 1);
            let sk = 0;
            let st = 0;
            for (let s = 0; s < 9; s++) {
              sk += kr[base + shifts[s]!]!;
              st += tr[base + shifts[s]!]!;
            }
            const idx = (i * w + j) * P + i2 * w + j2;
            const kv = w2 * sk + b2;
            k[idx] = kv;
            t[idx] = kv + w2 * st;
          }
        }
      }
    }
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const pix = i * w + j;
        const pa = (i + 1) * W + (j + 1);
        const qa = q1[l * P + pix]!;
        for (let i2 = 0; i2 < h; i2++) {
          for (let j2 = 0; j2 < w; j2++) {
            const pix2 = i2 * w + j2;
            const idx = pix * P + pix2;
            const [r, dot] = reluStep(k[idx]!, Math.sqrt(qa * q2[l * P + pix2]!));
            const pidx = pa * PP + (i2 + 1) * W + (j2 + 1);
            kr[pidx] = r;
            tr[pidx] = t[idx]! * dot;
          }
        }
      }
    }
  }
  // Readouts from the final post-activation kernels.
  let diagK = 0;
  let diagT = 0;
  let allK = 0;
  let allT = 0;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const pa = (i + 1) * W + (j + 1);
      for (let i2 = 0; i2 < h; i2++) {
        for (let j2 = 0; j2 < w; j2++) {
          const pb = (i2 + 1) * W + (j2 + 1);
          const vk = kr[pa * PP + pb]!;
          const vt = tr[pa * PP + pb]!;
          allK += vk;
          allT += vt;
          if (pa === pb) {
            diagK += vk;
            diagT += vt;
          }
        }
      }
    }
  }
  const sw2 = p.sigmaW * p.sigmaW;
  const sb2 = p.sigmaB * p.sigmaB;
  const vanillaK = (sw2 * diagK) / P + sb2;
  const gapK = (sw2 * allK) / (P * P) + sb2;
  return [vanillaK, vanillaK + (sw2 * diagT) / P, gapK, gapK + (sw2 * allT) / (P * P)];
}
