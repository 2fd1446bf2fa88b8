import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/experiments/runtime/rng.ts';
import { referenceGradients, referenceLoss, referenceStep, type ReferenceData } from '../../../src/experiments/matrix-completion/reference.ts';

export function smallData(n: number, seed: number, fraction = 0.5): ReferenceData {
  const rng = createRng(`ref/${seed}`);
  const mask = new Float64Array(n * n);
  const values = new Float64Array(n * n);
  let count = 0;
  for (let k = 0; k < n * n; k++) {
    if (rng.uniform() < fraction) {
      mask[k] = 1;
      values[k] = rng.normal();
      count++;
    }
  }
  return { n, mask, values, count };
}

export function randomFactors(n: number, depth: number, seed: number, std = 0.5): Float64Array[] {
  const rng = createRng(`factors/${seed}`);
  return Array.from({ length: depth }, () => Float64Array.from({ length: n * n }, () => rng.normal() * std));
}

describe('plain-JS float64 reference', () => {
  it.each([1, 2, 3, 4])('gradients match central finite differences at depth %i', (depth) => {
    const n = 5;
    const data = smallData(n, depth);
    const factors = randomFactors(n, depth, depth);
    const grads = referenceGradients(factors, data);
    const h = 1e-6;
    for (let j = 0; j < depth; j++) {
      for (const k of [0, 7, 13, 24]) {
        const plus = factors.map((f) => Float64Array.from(f));
        const minus = factors.map((f) => Float64Array.from(f));
        plus[j]![k]! += h;
        minus[j]![k]! -= h;
        const fd = (referenceLoss(plus, data) - referenceLoss(minus, data)) / (2 * h);
        expect(grads[j]![k]!).toBeCloseTo(fd, 7);
      }
    }
  });

  it('a step with a small rate lowers the loss', () => {
    const data = smallData(6, 9);
    const factors = randomFactors(6, 3, 9, 0.4);
    const before = referenceLoss(factors, data);
    const after = referenceLoss(referenceStep(factors, data, 0.01), data);
    expect(after).toBeLessThan(before);
  });
});
