import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATASET_SHA256 } from '../../../src/experiments/ntk/dataset-checksums.ts';
import { DatasetError, loadDataset, parseDataset, standardiseRows } from '../../../src/experiments/ntk/datasets.ts';

const file = (name: string) => readFileSync(new URL(`../../../content/datasets/uci/${name}.json`, import.meta.url));

describe('shipped UCI data sets', () => {
  it('load with the expected shapes, ranges and classes', async () => {
    const expected = { digits: [1797, 64, 10], iris: [150, 4, 3], wine: [178, 13, 3], 'breast-cancer': [569, 30, 2] } as const;
    for (const [name, [n, d, c]] of Object.entries(expected)) {
      const data = await loadDataset(name as keyof typeof expected);
      expect([data.n, data.d, data.classes]).toEqual([n, d, c]);
      expect(data.x.length).toBe(n * d);
      expect(new Set(data.labels).size).toBe(c);
    }
    const digits = await loadDataset('digits');
    expect(Math.max(...digits.x)).toBe(16);
    expect(Math.min(...digits.x)).toBe(0);
  });

  it('refuses a file whose checksum does not match', async () => {
    const bytes = new Uint8Array(file('iris'));
    bytes[200] = bytes[200] === 0x31 ? 0x32 : 0x31; // change one digit
    await expect(parseDataset(bytes, DATASET_SHA256.iris, 'data set "iris"')).rejects.toThrow(/corrupt or was changed: its SHA-256 is [0-9a-f]{64}, expected/);
  });

  it('refuses wrong shapes, out-of-range values and bad labels with a clear message', async () => {
    const json = JSON.parse(file('iris').toString('utf8'));
    const variant = (change: (j: any) => void) => {
      const copy = structuredClone(json);
      change(copy);
      return JSON.stringify(copy);
    };
    await expect(parseDataset(variant((j) => j.features.pop()), null)).rejects.toThrow(/599 feature values, expected 150 x 4 = 600/);
    await expect(parseDataset(variant((j) => (j.features[5] = 99)), null)).rejects.toThrow(/value 99 at row 1, column 1, outside its range/);
    await expect(parseDataset(variant((j) => (j.labels[3] = 7)), null)).rejects.toThrow(/label 7 at row 3, outside 0..2/);
    await expect(parseDataset(variant((j) => j.labels.pop()), null)).rejects.toThrow(/149 labels, expected 150/);
    await expect(parseDataset('{"not": "a data set"}', null)).rejects.toThrow(DatasetError);
    await expect(parseDataset('not json', null)).rejects.toThrow(/not valid JSON/);
  });

  it('standardises rows to zero mean and unit variance', async () => {
    const digits = await loadDataset('digits');
    const z = standardiseRows(digits.x, 3, 64);
    for (let i = 0; i < 3; i++) {
      const row = z.subarray(i * 64, i * 64 + 64);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 10);
      expect(row.reduce((a, b) => a + b * b, 0)).toBeCloseTo(64, 8);
    }
  });
});
