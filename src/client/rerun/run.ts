/**
 * One run in the panel: starts it in the worker, shows its progress, stops it when it is projected
 * far over the time budget, and reports its end on the panel's data attributes (`data-backend`,
 * `data-reproduced`, `data-over-budget`, then `data-outcome`).
 */
import { isEndMessage, type PoolLimit, type RunRequest } from '../../experiments/runtime/protocol.ts';
import { budgetVerdict, runsOn, cancelledText, failedText, finishedText, progressText, runningText, STARTING_TEXT } from './budget.ts';
import { describeComparison } from './comparison.ts';
import { h } from './dom.ts';
import { startRun, type RunHandle } from './host.ts';
import { memoryRefusal } from '../../experiments/runtime/cost.ts';
import { findSpec } from '../../experiments/registry.ts';
import type { RunRecord } from './storage.ts';

/** The status line: a run's state, or a problem of the form, which gives way to the state when fixed. */
export interface StatusLine {
  element: HTMLElement;
  set(text: string): void;
  problem(text: string): void;
  clearProblem(): void;
}

export function createStatusLine(initial: string): StatusLine {
  const element = h('p', { class: 'rerun-status', role: 'status', 'aria-live': 'polite' }, initial);
  let beforeProblem: string | null = null;
  return {
    element,
    set(text) {
      beforeProblem = null;
      element.textContent = text;
    },
    problem(text) {
      beforeProblem ??= element.textContent ?? '';
      element.textContent = text;
    },
    clearProblem() {
      if (beforeProblem === null) return;
      element.textContent = beforeProblem;
      beforeProblem = null;
    },
  };
}

export interface RunViews {
  /** The panel's root, whose data attributes tell the run's state. */
  root: HTMLElement;
  progress: HTMLProgressElement;
  status: StatusLine;
  notices: HTMLElement;
  summary: HTMLElement;
}

export interface FinishedRun {
  runId: string;
  record: RunRecord;
  reproduced: boolean | null;
}

export interface RunPlan {
  request: RunRequest & PoolLimit;
  allowLong: boolean;
  onPartial(partial: unknown): void;
  /** The run finished (before `onEnd`). */
  onDone(run: FinishedRun): void;
  /** The run ended: done, cancelled or failed. */
  onEnd(): void;
}

export function runInPanel({ root, progress, status, notices, summary }: RunViews, plan: RunPlan): RunHandle {
  notices.replaceChildren();
  summary.replaceChildren();
  for (const key of ['outcome', 'reproduced', 'overBudget', 'backend', 'workers', 'cancel', 'cancelMs', 'memoryEstimate', 'firstProgressMs', 'backendMs']) delete root.dataset[key];
  progress.value = 0;
  // Refused before it starts when it cannot fit in this device's memory (the numbers are in the status).
  const refusal = memoryRefusal(findSpec(plan.request.experiment) ?? {}, plan.request.config);
  if (refusal) {
    status.set(refusal.text);
    root.dataset.memoryEstimate = String(refusal.estimateBytes);
    root.dataset.outcome = 'refused';
    plan.onEnd();
    return { runId: 'refused', cancel() {}, finished: Promise.resolve() };
  }
  const started = performance.now();
  /** When the cancel was asked for (by the reader or the budget). */
  let cancelAskedAt: number | null = null;
  /** Projected duration of a run stopped for going over the budget (null: not stopped). */
  let projectedMs: number | null = null;
  /** When the backend now running started: a backend that failed mid-run restarts the count. */
  let backendStartedAt = started;
  status.set(STARTING_TEXT);
  const handle = startRun(plan.request, (message) => {
    switch (message.type) {
      case 'backend':
        root.dataset.backend = message.backend;
        backendStartedAt = performance.now();
        root.dataset.backendMs = String(Math.round(backendStartedAt - started));
        status.set(runningText(message.backend));
        break;
      case 'pool':
        root.dataset.workers = String(message.workers);
        status.set(runningText(root.dataset.backend, message.workers));
        break;
      case 'notice':
        notices.append(h('li', { role: 'alert' }, message.message));
        break;
      case 'progress':
      case 'snapshot': {
        if (projectedMs !== null) break;
        const { done, total } = message.progress;
        // Projected from the time on the current backend: after a fallback, progress starts again from 0.
        const verdict = budgetVerdict({ done, total, elapsedMs: performance.now() - backendStartedAt, allowLong: plan.allowLong });
        if (verdict !== 'continue') {
          projectedMs = verdict.projectedMs;
          stop.cancel();
          break;
        }
        root.dataset.firstProgressMs ??= String(Math.round(performance.now() - started));
        progress.max = total;
        progress.value = done;
        status.set(progressText({ done, total, elapsedMs: message.elapsedMs, backend: runsOn(root.dataset.backend, Number(root.dataset.workers ?? 1)) }));
        if (message.type === 'snapshot') plan.onPartial(message.partial);
        break;
      }
      case 'done': {
        progress.value = progress.max;
        const verdict = describeComparison(message.comparison);
        status.set(finishedText(message.backend, message.wallTimeMs));
        summary.replaceChildren(h('p', { class: verdict.reproduced === false ? 'verdict verdict-fail' : 'verdict' }, verdict.text));
        root.dataset.reproduced = String(verdict.reproduced);
        const { backend, tfjsVersion, wallTimeMs, result } = message;
        const record: RunRecord = { result, config: plan.request.config, backend, tfjsVersion, wallTimeMs, createdAt: new Date().toISOString() };
        plan.onDone({ runId: message.runId, record, reproduced: verdict.reproduced });
        break;
      }
      case 'cancelled':
        root.dataset.cancel = message.forced ? 'forced' : 'acknowledged';
        if (cancelAskedAt !== null) root.dataset.cancelMs = String(Math.round(performance.now() - cancelAskedAt));
        status.set(cancelledText(performance.now() - started, projectedMs));
        if (projectedMs !== null) root.dataset.overBudget = 'true';
        break;
      case 'error':
        status.set(failedText(message.message));
        break;
    }
    if (isEndMessage(message)) {
      root.dataset.outcome = message.type;
      plan.onEnd();
    }
  });
  const stop: RunHandle = {
    ...handle,
    cancel(graceMs) {
      cancelAskedAt ??= performance.now();
      handle.cancel(graceMs);
    },
  };
  return stop;
}
