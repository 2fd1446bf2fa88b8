/**
 * A reader's run is kept to about a minute unless the reader chooses a longer one. Before a run starts
 * the time estimate (src/experiments/runtime/estimate.ts, scaled by a probe of this computer) decides:
 * a setting estimated over the budget waits for the reader's choice. While a run goes, the projection
 * from its first seconds guards against a wrong estimate. Also the texts of a run's progress. Pure.
 */

export const RUN_BUDGET_S = 60;
/** The projection is trusted only after this long (the first snapshots include start-up). */
export const BUDGET_GRACE_MS = 2_500;
/** A run stops when projected over the budget by more than this factor. */
const BUDGET_SLACK = 1.25;

/** A duration as the panel writes it: tenths below 10 s, whole seconds above. */
export const seconds = (ms: number): string => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

export interface RunProgress {
  done: number;
  total: number;
  elapsedMs: number;
}

export type BudgetVerdict = 'continue' | { stop: true; projectedMs: number };

/** Whether a run may go on, from its progress so far (projected linearly to its end). */
export function budgetVerdict({ done, total, elapsedMs, allowLong }: RunProgress & { allowLong: boolean }): BudgetVerdict {
  const projectedMs = done > 0 ? (elapsedMs / done) * total : 0;
  if (allowLong || elapsedMs <= BUDGET_GRACE_MS || projectedMs <= RUN_BUDGET_S * 1000 * BUDGET_SLACK) return 'continue';
  return { stop: true, projectedMs };
}

/** "12 / 40 done on wasm · 3.1 s elapsed · about 7.2 s left". */
export function progressText({ done, total, elapsedMs, backend }: RunProgress & { backend: string | undefined }): string {
  const left = done > 0 ? (elapsedMs / done) * (total - done) : Number.NaN;
  return `${Math.floor(done)} / ${total} done on ${backend ?? '…'} · ${seconds(elapsedMs)} elapsed${Number.isFinite(left) ? ` · about ${seconds(left)} left` : ''}`;
}

export const READY_TEXT = 'Ready. The run happens in your browser; nothing is uploaded.';
export const STARTING_TEXT = 'Starting: loading TensorFlow.js…';
export const FIX_FIELDS_TEXT = 'Fix the parameters marked above, then run.';
export const ALLOW_LONG_HELP = `Runs estimated to take over ${RUN_BUDGET_S} s on this computer ask first, and stop early if they run long, unless this is ticked.`;
export const PROBING_TEXT = 'Measuring the speed of this computer (about a second)…';
export const RUN_ANYWAY_TEXT = 'Run it anyway';

/** Whether a run estimated at `pointMs` waits for the reader's choice before it starts. */
export const needsChoice = (pointMs: number): boolean => pointMs > RUN_BUDGET_S * 1000;

/** The question before a long run: its estimate, the budget, and the ways on. */
export const longRunText = (estimate: string, memory: string): string =>
  `This setting takes ${estimate}, longer than the ${RUN_BUDGET_S} s a rerun is kept to unless you choose more. ${memory} ` +
  `Press “${RUN_ANYWAY_TEXT}” to start it (Cancel stops it at any time), or lower the sizes.`;

/** Where a run goes: its backend, and its pool's size when it has one. */
export const runsOn = (backend: string | undefined, workers?: number): string => `${backend ?? '…'}${workers && workers > 1 ? ` in ${workers} workers` : ''}`;
export const runningText = (backend: string | undefined, workers?: number): string => `Running on ${runsOn(backend, workers)}…`;
export const finishedText = (backend: string, wallTimeMs: number): string => `Finished on ${backend} in ${seconds(wallTimeMs)}.`;
export const failedText = (message: string): string => `The run failed: ${message}`;

/** The status of a cancelled run: stopped for its projected length, or by the reader. */
export function cancelledText(elapsedMs: number, projectedMs: number | null): string {
  if (projectedMs === null) return `Cancelled after ${seconds(elapsedMs)}.`;
  return (
    `Stopped: this setting would take about ${Math.round(projectedMs / 60_000) || 1} min here (projected from the first ${seconds(elapsedMs)}), ` +
    `and runs are kept to about ${RUN_BUDGET_S} s. Lower the sizes (widths, seeds, steps, observations…), or tick “allow long runs”.`
  );
}
