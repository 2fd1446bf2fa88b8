/** The shipped grayscale photograph as a matrix-completion instance. */
import { CHINA_GRAY_BASE64, CHINA_GRAY_SIZE } from './data/china-gray-100.ts';
import { frobenius } from './linalg.ts';
import { problemFromTruth, revealOrder, type Problem } from './problem.ts';

/** The 8-bit pixels of the photo (row-major, CHINA_GRAY_SIZE squared). */
export function photoPixels(): Uint8Array {
  const binary = atob(CHINA_GRAY_BASE64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  if (out.length !== CHINA_GRAY_SIZE * CHINA_GRAY_SIZE) throw new Error('The shipped photo has the wrong size.');
  return out;
}

/** The photo at `size` x `size`, gray levels in [0, 1], by area-weighted averaging (box filter). */
export function photo(size: number): Float64Array {
  const src = photoPixels();
  const s = CHINA_GRAY_SIZE;
  if (size === s) return Float64Array.from(src, (p) => p / 255);
  const ratio = s / size;
  // weights[o][x]: share of source pixel x in output pixel o, along one axis.
  const weights = Array.from({ length: size }, (_, o) => {
    const w = new Float64Array(s);
    const lo = o * ratio;
    const hi = (o + 1) * ratio;
    for (let x = Math.floor(lo); x < Math.min(s, Math.ceil(hi)); x++) w[x] = Math.max(0, Math.min(hi, x + 1) - Math.max(lo, x)) / ratio;
    return w;
  });
  const out = new Float64Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      let sum = 0;
      const wr = weights[r]!;
      const wc = weights[c]!;
      for (let y = 0; y < s; y++) {
        if (wr[y] === 0) continue;
        for (let x = 0; x < s; x++) if (wc[x] !== 0) sum += wr[y]! * wc[x]! * src[y * s + x]!;
      }
      out[r * size + c] = sum / 255;
    }
  }
  return out;
}

/**
 * The photo as a completion problem: gray levels rescaled so that ||W*||_F = n, as for the synthetic
 * instances (the same derived step size then applies); `scale` maps the matrix back to [0, 1].
 */
export function imageProblem(size: number, observations: number, seed: number): { problem: Problem; scale: number } {
  const truth = photo(size);
  const scale = frobenius(truth) / size;
  for (let i = 0; i < truth.length; i++) truth[i]! /= scale;
  return { problem: problemFromTruth(truth, size, observations, revealOrder(size, seed)), scale };
}

/** A matrix in the problem's scale as 8-bit gray levels, base64 encoded (compact published data). */
export function encodeGray(w: ArrayLike<number>, scale: number): string {
  let binary = '';
  for (let i = 0; i < w.length; i++) binary += String.fromCharCode(Math.max(0, Math.min(255, Math.round(w[i]! * scale * 255))));
  return btoa(binary);
}

export function decodeGray(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}
