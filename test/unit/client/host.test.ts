import { describe, expect, expectTypeOf, it } from 'vitest';
import { AUTO_BACKENDS, backendOrder, readBackendChoice } from '../../../src/client/rerun/host.ts';
import type { MovieLensResult } from '../../../src/experiments/matrix-completion/movielens.spec.ts';
import type { ConcentrationResult } from '../../../src/experiments/ntk/concentration.spec.ts';
import type { MovieLensRun, ResultOf, RunRequest } from '../../../src/experiments/runtime/protocol.ts';

describe('the backend order of a run', () => {
  it('is wasm, webgl, cpu when automatic (never WebGPU)', () => {
    expect(backendOrder('auto')).toEqual(['wasm', 'webgl', 'cpu']);
    expect(backendOrder('auto')).not.toBe(AUTO_BACKENDS);
  });

  it('puts the chosen backend first, then the automatic order', () => {
    expect(backendOrder('webgpu')).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
    expect(backendOrder('cpu')).toEqual(['cpu', 'wasm', 'webgl']);
  });

  it('reads the control: a backend name, or auto for anything else', () => {
    expect(readBackendChoice('webgl')).toBe('webgl');
    expect(readBackendChoice('auto')).toBe('auto');
    expect(readBackendChoice('tpu')).toBe('auto');
  });
});

describe('the run protocol (types)', () => {
  it("types a run's config and result by its experiment", () => {
    expectTypeOf<ResultOf<MovieLensRun>>().toEqualTypeOf<MovieLensResult>();
    expectTypeOf<ResultOf<Extract<RunRequest, { experiment: 'ntk-concentration' }>>>().toEqualTypeOf<ConcentrationResult>();
    const settings = { backends: AUTO_BACKENDS, baseUrl: '/', snapshotIntervalMs: 250 };
    const ok: RunRequest = { ...settings, experiment: 'ntk-concentration', config: { depth: 3, sigmaW: 1, sigmaB: 0.1, widths: [64], seeds: 1, seed: 1, points: 8 } };
    // @ts-expect-error: a config of another experiment
    const wrong: RunRequest = { ...settings, experiment: 'ntk-concentration', config: { depth: 3, observations: 100 } };
    // @ts-expect-error: MovieLens needs the reader's file
    const noFile: RunRequest = { ...settings, experiment: 'mc-movielens', config: { depths: [1], n: 60, trainFraction: 0.8, initScale: 1e-3, init: 'identity', maxSteps: 10, targetLoss: 1e-6, seed: 1, readEvery: 5, nuclearNorm: false } };
    expect([ok, wrong, noFile].map((r) => r.experiment)).toEqual(['ntk-concentration', 'ntk-concentration', 'mc-movielens']);
  });
});
