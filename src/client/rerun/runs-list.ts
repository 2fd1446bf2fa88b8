/** "Your runs": the reader's finished runs of this experiment, kept in IndexedDB across reloads and in step across tabs. */
import { storedRunVerdict } from './comparison.ts';
import { seconds } from './budget.ts';
import { button, h } from './dom.ts';
import { announceRunsChanged, followRunsChanges } from './runs-sync.ts';
import { deleteRun, listRuns, type StoredRun } from './storage.ts';

export interface RunsList {
  /** The list's heading (focused when the last run is deleted). */
  heading: HTMLHeadingElement;
  element: HTMLUListElement;
  /** Lists the stored runs again. */
  refresh(): Promise<void>;
  /** A run was stored: lists the runs again, here and in the other tabs. */
  changed(): Promise<void>;
}

export function createRunsList(options: { experiment: string; permalink(run: StoredRun): string; show(run: StoredRun): void }): RunsList {
  const heading = h('h4', { class: 'rerun-runs-heading', tabindex: '-1' }, 'Your runs');
  const element = h('ul', { class: 'rerun-runs' });
  /** Deletes a run, then keeps the focus in the list: on the Delete button now in its place, else the one before, else the heading. */
  const remove = async (run: StoredRun) => {
    const index = [...element.querySelectorAll('li[data-run-id]')].findIndex((li) => li.getAttribute('data-run-id') === run.id);
    await deleteRun(run.id);
    await changed();
    const buttons = element.querySelectorAll<HTMLButtonElement>('li[data-run-id] button.rerun-delete');
    (buttons[Math.min(index, buttons.length - 1)] ?? heading).focus();
  };
  const item = (run: StoredRun) => {
    const remover = button('Delete', 'secondary rerun-delete', () => remove(run));
    remover.setAttribute('aria-label', `Delete the run of ${new Date(run.createdAt).toLocaleString()}`);
    return h(
      'li',
      { 'data-run-id': run.id },
      h('time', { datetime: run.createdAt }, new Date(run.createdAt).toLocaleString()),
      ` · ${run.backend} · ${seconds(run.wallTimeMs)} · ${storedRunVerdict(run.reproduced)} · `,
      h('a', { href: options.permalink(run) }, 'permalink'),
      ' ',
      button('Show', 'secondary', () => options.show(run)),
      ' ',
      remover,
    );
  };
  let reads = 0;
  const refresh = async () => {
    const read = ++reads;
    const runs = await listRuns(options.experiment).catch((): StoredRun[] => []);
    if (read !== reads) return; // a later read is under way: it lists the runs
    element.replaceChildren(
      ...(runs.length === 0 ? [h('li', { class: 'note' }, 'None yet. Finished runs are kept in this browser (IndexedDB) until you delete them.')] : runs.map(item)),
    );
  };
  const changed = async () => {
    await refresh();
    announceRunsChanged(options.experiment);
  };
  followRunsChanges(options.experiment, refresh);
  return { heading, element, refresh, changed };
}
