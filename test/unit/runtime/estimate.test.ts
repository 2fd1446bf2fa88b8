import { describe, expect, it } from 'vitest';
import { registry } from '../../../src/experiments/registry.ts';
import { describeEstimate, EXPONENT_LIMITS, estimateTime, POOL_START_MS, RANGE_FACTOR, referenceMs, roughDuration, START_MS, workExponent, type ReferenceTimes } from '../../../src/experiments/runtime/estimate.ts';
import { publishedConfig, reducedConfig } from '../../../src/experiments/runtime/spec.ts';
import { referenceTimes } from '../../../src/build/published-data.ts';
import '../../../src/experiments/runtime/backends-node.ts';
import { selectBackend } from '../../../src/experiments/runtime/backend.ts';
import { probeSpeed } from '../../../src/experiments/runtime/probe.ts';
import reference from '../../../src/experiments/runtime/probe-reference.json';

const anchors: ReferenceTimes = { reduced: { work: 100, ms: 2_000 }, published: { work: 10_000, ms: 40_000 } };

describe('the time estimate', () => {
  it('passes through both measured presets (a power law of the work)', () => {
    // 20 times the time for 100 times the work: b = log 20 / log 100.
    expect(workExponent(anchors)).toBeCloseTo(Math.log(20) / Math.log(100), 12);
    expect(referenceMs(100, anchors)).toBeCloseTo(2_000, 6);
    expect(referenceMs(10_000, anchors)).toBeCloseTo(40_000, 6);
    expect(referenceMs(1_000, anchors)).toBeCloseTo(2_000 * 10 ** (Math.log(20) / Math.log(100)), 6);
  });

  it('keeps the exponent within its limits, and is linear when the presets do the same work', () => {
    expect(workExponent({ reduced: { work: 1, ms: 1_000 }, published: { work: 10, ms: 1_001 } })).toBe(EXPONENT_LIMITS[0]);
    expect(workExponent({ reduced: { work: 1, ms: 1 }, published: { work: 10, ms: 10_000 } })).toBe(EXPONENT_LIMITS[1]);
    expect(workExponent({ reduced: { work: 5, ms: 1 }, published: { work: 5, ms: 3 } })).toBe(1);
  });

  it('scales the run by the measured slowdown, adds the start in a browser, and gives a range around the point', () => {
    const here = estimateTime(1_000, anchors, 3);
    const there = estimateTime(1_000, anchors, null);
    expect(there.pointMs).toBeCloseTo(START_MS + referenceMs(1_000, anchors), 9);
    expect(here.pointMs - START_MS).toBeCloseTo(3 * (there.pointMs - START_MS), 9);
    expect(here.lowMs).toBeCloseTo(here.pointMs / RANGE_FACTOR, 9);
    expect(here.highMs).toBeCloseTo(here.pointMs * RANGE_FACTOR, 9);
    expect([here.measuredHere, there.measuredHere]).toEqual([true, false]);
  });

  it('divides the run (not the start) among the pool workers as equal runs would share them, and says so', () => {
    const one = estimateTime(1_000, anchors, 2);
    const run = one.pointMs - START_MS;
    const pooled = (workers: number, runs: number) => estimateTime(1_000, anchors, 2, { workers, runs });
    expect(pooled(4, 40).pointMs - START_MS - POOL_START_MS).toBeCloseTo(run / 4, 9);
    expect(pooled(2, 3).pointMs - START_MS - POOL_START_MS).toBeCloseTo(run / 1.5, 9); // two rounds of runs
    expect(pooled(8, 3).workers).toBe(3);
    expect(pooled(1, 40).pointMs).toBeCloseTo(one.pointMs, 9);
    expect(pooled(4, 40).highMs).toBeCloseTo(pooled(4, 40).pointMs * RANGE_FACTOR, 9);
    expect(describeEstimate(pooled(4, 40))).toMatch(/ in 4 workers on this computer$/);
    expect(describeEstimate(one)).not.toMatch(/workers/);
  });

  it('writes durations as a reader reads an estimate', () => {
    expect([0.2e3, 4.4e3, 47e3, 100e3, 45 * 60e3, 3 * 3600e3, 30 * 3600e3].map(roughDuration)).toEqual(['1 s', '4 s', '45 s', '2 min', '45 min', '3.0 h', '30 h']);
  });

  it('every experiment with published data has a work model whose range covers both of its measured presets', () => {
    for (const spec of registry.specs) {
      const times = referenceTimes(spec);
      if (!times) {
        expect(spec.work, `${spec.id} has a work model but no published data`).toBeUndefined();
        continue;
      }
      const work = spec.work as (config: unknown) => number;
      expect(work(publishedConfig(spec)), spec.id).toBeGreaterThan(work(reducedConfig(spec)));
      for (const preset of ['reduced', 'published'] as const) {
        const predicted = referenceMs(times[preset].work, times);
        const ratio = predicted / times[preset].ms;
        expect(ratio, `${spec.id} ${preset}: predicted ${Math.round(predicted)} ms, measured ${times[preset].ms} ms`).toBeGreaterThan(1 / RANGE_FACTOR);
        expect(ratio, `${spec.id} ${preset}`).toBeLessThan(RANGE_FACTOR);
      }
    }
    // Experiments with published data and no work model would have no estimate: none.
    expect(registry.specs.filter((spec) => referenceTimes(spec) === null && spec.work === undefined).map((s) => s.id)).toEqual(
      registry.specs.filter((spec) => spec.work === undefined).map((s) => s.id),
    );
  });
});

describe('the speed probe', () => {
  it('times its fixed work on the active backend for about the time asked', async () => {
    await selectBackend(['cpu']);
    const result = await probeSpeed(200);
    expect(result.backend).toBe('cpu');
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(200);
    expect(result.rate).toBeCloseTo((result.iterations * 1000) / result.elapsedMs, 9);
    expect(reference.rate).toBeGreaterThan(0);
    expect(reference.backend).toBe('wasm');
  });
});
