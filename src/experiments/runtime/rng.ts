import seedrandom from 'seedrandom';

/** A seeded source of randomness. Same seed, same sequence, on every platform and backend. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal, by the Box-Muller transform. */
  normal(): number;
  /** `length` independent normals with the given standard deviation. */
  normalArray(length: number, std?: number): Float32Array;
  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array;
  /** An independent child stream, derived from this seed and a label. */
  fork(label: string): Rng;
}

/** Creates a seeded generator (Alea, from the seedrandom package). */
export function createRng(seed: number | string): Rng {
  const key = String(seed);
  const alea = seedrandom.alea(key);
  let spare: number | null = null;
  const rng: Rng = {
    uniform: () => alea(),
    normal() {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = alea();
      const v = alea();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
    normalArray(length, std = 1) {
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) out[i] = rng.normal() * std;
      return out;
    },
    permutation(n) {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(alea() * (i + 1));
        const t = out[i]!;
        out[i] = out[j]!;
        out[j] = t;
      }
      return out;
    },
    fork: (label) => createRng(`${key}/${label}`),
  };
  return rng;
}
