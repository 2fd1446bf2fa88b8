import { describe, expect, it } from 'vitest';
import { expectGoldenFigure } from '../golden-figure.ts';
import { figures } from '../../../src/figures/matrix-completion/index.ts';
import { decode as decodePng } from 'fast-png';
import { grayPngDataUrl } from '../../../src/figures/matrix-completion/shared.ts';
import type { AdamResult, Depth2Result, ImageResult, ObservationsResult, SingularValuesResult } from '../../../src/experiments/matrix-completion/definitions.ts';
import type { RunSummary, Trajectory } from '../../../src/experiments/matrix-completion/runner.ts';

// Small synthetic results: the goldens test the specs, not the engine's numbers.
const summary = (over: Partial<RunSummary>): RunSummary => ({
  depth: 3,
  observations: 2000,
  seed: 1,
  initScale: 1e-3,
  optimizer: 'gd',
  status: 'converged',
  steps: 3000,
  learningRate: 1.2,
  trainLoss: 9e-7,
  testError: 0.01,
  testRmse: 0.01,
  paperError: 2e-5,
  effectiveRank: 5,
  nuclearNorm: 220,
  singularValues: [56, 49, 42, 37, 33, 0.08, 0.04],
  ...over,
});
const nuclear = (observations: number, seed: number, paperError: number) => ({
  observations,
  seed,
  testError: Math.sqrt(paperError),
  testRmse: Math.sqrt(paperError),
  paperError,
  effectiveRank: 9,
  nuclearNorm: 215,
  singularValues: [55, 48, 41, 36, 30, 4, 3],
  relativeGap: 9e-7,
  iterations: 380,
  converged: true,
});
const ks = [1000, 2000, 4000];
const observations: ObservationsResult = {
  n: 100,
  rank: 5,
  dof: 975,
  targetLoss: 1e-6,
  runs: [1, 2, 3].flatMap((depth) =>
    ks.flatMap((k, i) => [1, 2].map((seed) => summary({ depth, observations: k, seed, paperError: depth === 1 ? 0.8 - 0.2 * i : 10 ** (-1 - i * depth) * (1 + 0.3 * seed), status: depth === 3 && i === 0 ? 'max-steps' : 'converged' }))),
  ),
  nuclear: ks.flatMap((k, i) => [1, 2].map((seed) => nuclear(k, seed, [0.5, 0.1, 1e-13][i]! * (1 + 0.2 * seed)))),
};
const trajectory = (depth: number, steps: number): Trajectory => {
  const step = Array.from({ length: 11 }, (_, p) => (p * steps) / 10);
  return {
    step,
    trainLoss: step.map((s) => 10 ** (-(s / steps) * 6)),
    testError: step.map((s) => 10 ** (-(s / steps) * depth)),
    paperError: step.map((s) => 10 ** (-(s / steps) * depth * 1.5)),
    effectiveRank: step.map(() => 5),
    nuclearNorm: step.map((s) => (220 * s) / steps),
    singularValues: step.map((s) => [50, 40, 30, 20, 10, 1, 0.5].map((v, i) => (v / (1 + Math.exp(-(depth * 10 * (s / steps) - 2 * i - 3)))))),
  };
};
const singular: SingularValuesResult = {
  n: 100,
  rank: 5,
  observations: 2000,
  truth: [50, 40, 30, 20, 10],
  runs: [1, 2, 3].map((depth) => ({ ...summary({ depth }), trajectory: trajectory(depth, 2000) })),
};
const depth2: Depth2Result = {
  n: 100,
  rank: 5,
  observations: 2000,
  runs: [1e-1, 1e-2, 1e-3].flatMap((s, i) => [1, 2].map((seed) => summary({ depth: 2, initScale: s, seed, paperError: 0.2 / 3 ** i, nuclearNorm: 230 - 5 * i, effectiveRank: 9 - 2 * i }))),
  nuclear: [nuclear(2000, 1, 0.1), nuclear(2000, 2, 0.12)],
};
const adam: AdamResult = {
  n: 100,
  rank: 5,
  observations: 2000,
  depth: 3,
  runs: (['gd', 'adam'] as const).flatMap((optimizer) => [1, 2].map((seed) => ({ ...summary({ optimizer, seed }), trajectory: trajectory(optimizer === 'gd' ? 3 : 2, 2000) }))),
};
const gray = (f: (r: number, c: number) => number) => {
  const out = new Uint8Array(64);
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) out[r * 8 + c] = f(r, c);
  return btoa(String.fromCharCode(...out));
};
const image: ImageResult = {
  n: 8,
  observations: 20,
  scale: 0.5,
  original: gray((r, c) => (r * 32 + c * 8) % 256),
  mask: gray((r, c) => ((r * 8 + c) % 3 === 0 ? 255 : 0)),
  runs: [1, 2, 3].map((depth) => ({ ...summary({ depth, testError: 0.3 / depth }), image: gray((r, c) => (r * 30 + c * 9 + depth) % 256) })),
  nuclear: { ...nuclear(20, 1, 0.05), image: gray((r, c) => (r * 31 + c * 8) % 256) },
};

const fixtures: Record<string, unknown> = {
  'fig-mc-observations': observations,
  'fig-mc-singular-values': singular,
  'fig-mc-depth2-vs-nuclear': depth2,
  'fig-mc-gd-vs-adam': adam,
  'fig-mc-image': image,
};

const goldenDir = new URL('./__golden__/', import.meta.url);

describe('matrix-completion figure specs', () => {
  it('cover the five experiments with unique ids', () => {
    expect(figures.map((f) => f.experiment)).toEqual(['mc-observations', 'mc-singular-values', 'mc-depth2-vs-nuclear', 'mc-gd-vs-adam', 'mc-image']);
    expect(new Set(figures.map((f) => f.id)).size).toBe(5);
  });

  for (const figure of figures) {
    it(`${figure.id} renders to the golden SVG, with a description and a table`, () => {
      expectGoldenFigure(figure, fixtures[figure.id], goldenDir);
    });
  }

  it('encodes gray images as 8-bit PNG data URLs that decode to the same pixels', () => {
    const pixels = Uint8Array.from([0, 128, 255, 7, 8, 9]);
    const url = grayPngDataUrl(pixels, 3, 2);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const decoded = decodePng(Uint8Array.from(atob(url.split(',')[1]!), (c) => c.charCodeAt(0)));
    expect([decoded.width, decoded.height, decoded.channels, decoded.depth]).toEqual([3, 2, 1, 8]);
    expect(Array.from(decoded.data)).toEqual(Array.from(pixels));
  });
});
