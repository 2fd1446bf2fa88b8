/**
 * Keeps the "Your runs" lists of several tabs in step: a tab that stores or deletes a run says so on a
 * BroadcastChannel, and the other tabs list their runs again. Where BroadcastChannel is missing, a tab
 * reads the store again when it is shown or focused.
 */
const CHANNEL = 'trajectories-runs';

interface RunsChanged {
  type: 'runs-changed';
  experiment: string;
}

let channel: BroadcastChannel | null | undefined;
const shared = (): BroadcastChannel | null => (channel ??= typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null);

/** Tells the other tabs that an experiment's stored runs changed. */
export function announceRunsChanged(experiment: string): void {
  shared()?.postMessage({ type: 'runs-changed', experiment } satisfies RunsChanged);
}

/** Calls `refresh` when another tab changes this experiment's stored runs (or, without BroadcastChannel, when this tab is shown again). */
export function followRunsChanges(experiment: string, refresh: () => unknown): void {
  const bus = shared();
  if (bus) {
    bus.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data as Partial<RunsChanged> | null;
      if (data?.type === 'runs-changed' && data.experiment === experiment) void refresh();
    });
    return;
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh();
  });
  window.addEventListener('focus', () => void refresh());
}
