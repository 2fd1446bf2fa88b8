import { describe, expect, it } from 'vitest';
import { getSpec, specs, type AnySpec } from '../../../src/experiments/registry.ts';
import { publishedConfig, reducedConfig } from '../../../src/experiments/runtime/spec.ts';
import {
  deviceMemoryLimit,
  empiricalNtkBytes,
  estimateMemory,
  memoryRefusal,
  mlpParameters,
  RUNTIME_BYTES,
  WASM_HEAP_LIMIT,
} from '../../../src/experiments/runtime/cost.ts';
import { parameterCount } from '../../../src/experiments/ntk/mlp.ts';
import { createHeartbeat, RunCancelledError } from '../../../src/experiments/runtime/cancel.ts';

describe('memory model', () => {
  it('counts the parameters of a net as the engine does', () => {
    for (const [inputs, width, depth] of [[2, 64, 1], [64, 512, 3], [2, 8192, 8]] as const) {
      expect(mlpParameters(inputs, width, depth)).toBe(parameterCount({ inputs, width, depth, outputs: 1, sigmaW: 1, sigmaB: 0.1 }));
    }
  });

  it('an empirical NTK at width 8192, depth 8 holds at least its 470 M float32 parameters', () => {
    const bytes = empiricalNtkBytes(2, 8192, 8, 1, 257);
    expect(bytes).toBeGreaterThan(4 * 7 * 8192 * 8192);
    expect(bytes).toBeLessThan(4 * 10 * 8192 * 8192);
  });

  it('every published and reduced preset fits the conservative default; the extreme concentration setting does not', () => {
    const fallback = deviceMemoryLimit({});
    expect(fallback.bytes).toBe(2 ** 30);
    expect(fallback.source).toMatch(/does not report/);
    for (const spec of specs as readonly AnySpec[]) {
      expect(memoryRefusal(spec, publishedConfig(spec), fallback), spec.id).toBeNull();
      expect(memoryRefusal(spec, reducedConfig(spec), fallback), spec.id).toBeNull();
    }
    const extreme = { ...publishedConfig((specs as readonly AnySpec[]).find((s) => s.id === 'ntk-concentration')!), widths: Array(12).fill(8192), seeds: 50, points: 256, depth: 8 };
    const refusal = memoryRefusal(getSpec('ntk-concentration'), extreme, deviceMemoryLimit({ deviceMemory: 8 }));
    expect(refusal).not.toBeNull();
    expect(refusal!.limit.bytes).toBe(WASM_HEAP_LIMIT);
    expect(refusal!.text).toMatch(/needs about 2\.\d GB of memory, and a run here may use 2\.1 GB/);
  });

  it('grows with the widths and uses the device share below the wasm heap', () => {
    const base = { depth: 3, points: 64, widths: [1024] };
    expect(estimateMemory(getSpec('ntk-concentration'), { ...base, widths: [4096] })).toBeGreaterThan(estimateMemory(getSpec('ntk-concentration'), base));
    expect(estimateMemory({}, {})).toBeGreaterThan(RUNTIME_BYTES);
    expect(deviceMemoryLimit({ deviceMemory: 2 }).bytes).toBe(0.5 * 2 ** 30);
    expect(deviceMemoryLimit({ deviceMemory: Number.NaN }).bytes).toBe(2 ** 30);
  });
});

describe('heartbeat', () => {
  it('reports fractional progress at most every interval, yields, and throws once cancelled', async () => {
    let t = 0;
    const seen: number[] = [];
    const controller = new AbortController();
    const heart = createHeartbeat({ signal: controller.signal, snapshotIntervalMs: 100, onProgress: (p) => seen.push(p.done) }, () => t);
    for (let i = 0; i < 10; i++) {
      t += 30;
      await heart.beat(i / 10, 1);
    }
    // 10 beats 30 ms apart, reports at least 100 ms apart: the first, then every 4th.
    expect(seen).toEqual([0, 0.4, 0.8]);
    controller.abort();
    await expect(heart.beat(0.95, 1)).rejects.toBeInstanceOf(RunCancelledError);
  });
});
