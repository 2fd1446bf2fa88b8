import { describe, expect, it } from 'vitest';
import { expectGoldenFigure } from '../golden-figure.ts';
import { figures } from '../../../src/figures/ntk/index.ts';
import type { ConcentrationResult } from '../../../src/experiments/ntk/concentration.ts';
import type { WidthConvergenceResult } from '../../../src/experiments/ntk/width-convergence.ts';
import type { TrajectoryResult } from '../../../src/experiments/ntk/trajectory.ts';
import type { SmallDataResult } from '../../../src/experiments/ntk/small-data.ts';
import type { ArchitecturesResult } from '../../../src/experiments/ntk/architectures.ts';

// Small synthetic results: the goldens test the specs, not the engines' numbers.
const angles = [-3, -1.5, 0, 1.5, 3];
const concentration: ConcentrationResult = {
  angles,
  analytic: [0.1, 0.15, 0.3, 0.15, 0.1],
  curves: [
    { width: 64, init: 0, values: [0.12, 0.2, 0.25, 0.1, 0.08] },
    { width: 64, init: 1, values: [0.09, 0.13, 0.33, 0.18, 0.12] },
    { width: 1024, init: 0, values: [0.1, 0.16, 0.29, 0.15, 0.1] },
  ],
  spread: [
    { width: 64, relativeDeviation: 0.2, sd: 0.05 },
    { width: 1024, relativeDeviation: 0.05, sd: 0.01 },
  ],
};
const widthConvergence: WidthConvergenceResult = {
  rows: [32, 128, 512].flatMap((width, i) => [0, 1].map((init) => ({ width, init, distance: 0.5 / 2 ** i + 0.02 * init }))),
  summary: [32, 128, 512].map((width, i) => ({ width, mean: 0.51 / 2 ** i, sd: 0.014 })),
  slope: -0.5,
  intercept: 0.46,
};
const trajectory: TrajectoryResult = {
  steps: [0, 10, 100],
  earlyStep: 10,
  lateStep: 100,
  stability: 1.4,
  ntk: [0, 10, 100].flatMap((step, k) => [0, 1].map((point) => ({ point, step, value: (point ? -1 : 1) * [0, 0.4, 0.8][k]! }))),
  targets: [1, -1],
  nets: [64, 1024].flatMap((width) => [0, 10, 100].flatMap((step, k) => [0, 1].map((point) => ({ width, point, step, value: (point ? -1 : 1) * [0, 0.4, 0.8][k]! + 100 / width / 50 })))),
  distances: [],
  summary: [
    { width: 64, early: 0.1, earlySd: 0.01, late: 0.3, lateSd: 0.05 },
    { width: 1024, early: 0.025, earlySd: 0.005, late: 0.07, lateSd: 0.01 },
  ],
  slopes: { early: -0.5, late: -0.52 },
  ntkTestRmse: 0.6,
  ntkTestAccuracy: 0.8,
};
const summary = (dataset: string, sizes: number[], methods: string[]) =>
  sizes.flatMap((trainSize, i) => methods.map((method, j) => ({ dataset, method, trainSize, mean: 0.5 + 0.1 * i + 0.02 * j, sd: 0.02 })));
const smallData: SmallDataResult = {
  rows: [],
  summary: [...summary('digits', [20, 100, 1000], ['NTK', 'NNGP', 'RBF', '1-NN', 'net']), ...summary('iris', [75], ['NTK', 'NNGP', 'RBF', '1-NN']), ...summary('wine', [89], ['NTK', 'NNGP', 'RBF', '1-NN'])],
};
const architectures: ArchitecturesResult = { rows: [], summary: summary('digits', [10, 40, 160], ['FC-NTK', 'CNTK-V', 'CNTK-GAP']), kernelRows: 200 };
const fixtures: Record<string, unknown> = {
  'fig-ntk-concentration': concentration,
  'fig-ntk-width-convergence': widthConvergence,
  'fig-ntk-training-trajectory': trajectory,
  'fig-ntk-small-data': smallData,
  'fig-ntk-architectures': architectures,
};

const goldenDir = new URL('./__golden__/', import.meta.url);

describe('NTK figure specs', () => {
  it('cover the five experiments with unique ids', () => {
    expect(figures.map((f) => f.experiment)).toEqual(['ntk-concentration', 'ntk-width-convergence', 'ntk-training-trajectory', 'ntk-small-data', 'ntk-architectures']);
    expect(new Set(figures.map((f) => f.id)).size).toBe(5);
  });

  for (const figure of figures) {
    it(`${figure.id} renders to the golden SVG, with a description and a table`, () => {
      expectGoldenFigure(figure, fixtures[figure.id], goldenDir);
    });
  }
});
