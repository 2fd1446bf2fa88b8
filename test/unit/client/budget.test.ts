import { describe, expect, it } from 'vitest';
import { budgetVerdict, cancelledText, finishedText, progressText, RUN_BUDGET_S, seconds } from '../../../src/client/rerun/budget.ts';

describe('budgetVerdict', () => {
  const over = { done: 1, total: 100, elapsedMs: 3_000, allowLong: false }; // projected: 300 s

  it('stops a run projected far over the budget, with its projection', () => {
    expect(budgetVerdict(over)).toEqual({ stop: true, projectedMs: 300_000 });
  });

  it('lets it go on when long runs are allowed', () => {
    expect(budgetVerdict({ ...over, allowLong: true })).toBe('continue');
  });

  it('trusts no projection in the first 2.5 s (start-up)', () => {
    expect(budgetVerdict({ ...over, elapsedMs: 2_500 })).toBe('continue');
    expect(budgetVerdict({ ...over, done: 0, elapsedMs: 30_000 })).toBe('continue');
  });

  it('allows a quarter over the budget', () => {
    const limit = RUN_BUDGET_S * 1000 * 1.25;
    expect(budgetVerdict({ done: 10, total: 100, elapsedMs: limit / 10, allowLong: false })).toBe('continue');
    expect(budgetVerdict({ done: 10, total: 100, elapsedMs: limit / 10 + 1, allowLong: false })).toEqual({ stop: true, projectedMs: limit + 10 });
  });
});

describe('the texts of a run', () => {
  it('writes durations in tenths below 10 s, whole seconds above', () => {
    expect(seconds(2_345)).toBe('2.3 s');
    expect(seconds(12_600)).toBe('13 s');
  });

  it('shows progress with the time left, once there is some', () => {
    expect(progressText({ done: 10, total: 40, elapsedMs: 2_500, backend: 'wasm' })).toBe('10 / 40 done on wasm · 2.5 s elapsed · about 7.5 s left');
    expect(progressText({ done: 0, total: 40, elapsedMs: 800, backend: undefined })).toBe('0 / 40 done on … · 0.8 s elapsed');
  });

  it('says why a run stopped: the reader, or its projected length (at least a minute)', () => {
    expect(cancelledText(1_234, null)).toBe('Cancelled after 1.2 s.');
    expect(cancelledText(3_000, 300_000)).toMatch(/^Stopped: this setting would take about 5 min here \(projected from the first 3\.0 s\), and runs are kept to about 60 s\..*allow long runs/);
    expect(cancelledText(3_000, 20_000)).toMatch(/about 1 min here/);
  });

  it('says where and how fast a run finished', () => {
    expect(finishedText('cpu', 61_000)).toBe('Finished on cpu in 61 s.');
  });
});
