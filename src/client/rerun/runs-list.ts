/** "Your runs": the reader's finished runs of this experiment, kept in IndexedDB across reloads. */
import { storedRunVerdict } from './comparison.ts';
import { seconds } from './budget.ts';
import { button, h } from './dom.ts';
import { deleteRun, listRuns, type StoredRun } from './storage.ts';

export interface RunsList {
  element: HTMLUListElement;
  /** Lists the stored runs again (after one is saved or deleted). */
  refresh(): Promise<void>;
}

export function createRunsList(options: { experiment: string; permalink(run: StoredRun): string; show(run: StoredRun): void }): RunsList {
  const element = h('ul', { class: 'rerun-runs' });
  const item = (run: StoredRun) =>
    h(
      'li',
      { 'data-run-id': run.id },
      h('time', { datetime: run.createdAt }, new Date(run.createdAt).toLocaleString()),
      ` · ${run.backend} · ${seconds(run.wallTimeMs)} · ${storedRunVerdict(run.reproduced)} · `,
      h('a', { href: options.permalink(run) }, 'permalink'),
      ' ',
      button('Show', 'secondary', () => options.show(run)),
      ' ',
      button('Delete', 'secondary', () => deleteRun(run.id).then(refresh)),
    );
  const refresh = async () => {
    const runs = await listRuns(options.experiment).catch((): StoredRun[] => []);
    element.replaceChildren(
      ...(runs.length === 0 ? [h('li', { class: 'note' }, 'None yet. Finished runs are kept in this browser (IndexedDB) until you delete them.')] : runs.map(item)),
    );
  };
  return { element, refresh };
}
