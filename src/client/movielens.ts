import './zod-jitless.ts'; // before zod parses anything: no CSP report from its JIT probe
import { MOVIELENS_RATINGS, MovieLensFormatError, parseMovieLens, type MovieLensData } from '../experiments/matrix-completion/movielens.ts';
import { movieLensSpec, type MovieLensResult } from '../experiments/matrix-completion/movielens.spec.ts';
import { reducedConfig } from '../experiments/runtime/spec.ts';
import { AUTO_BACKENDS, siteBaseUrl, startRun, type RunHandle } from './rerun/host.ts';

/** Largest file accepted: u.data is about 2 MB. */
const MAX_BYTES = 8 * 1024 * 1024;

interface Row {
  method: string;
  testRmse: number;
  status?: string;
}

function table(fileName: string, rows: Row[]): HTMLTableElement {
  const element = document.createElement('table');
  element.className = 'data-table';
  element.createCaption().textContent = `Results for your file “${fileName}”`;
  const head = element.createTHead().insertRow();
  for (const title of ['Method', 'Test RMSE (ratings 1 to 5)', 'Status']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  }
  const body = element.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const value of [row.method, row.testRmse.toFixed(3), row.status ?? '']) tr.insertCell().textContent = value;
  }
  return element;
}

const resultRows = (result: MovieLensResult): Row[] => [
  ...result.runs.map((r) => ({ method: `Depth ${r.depth}`, testRmse: r.testRmse, status: r.status })),
  ...(result.nuclear ? [{ method: 'Minimum nuclear norm', testRmse: result.nuclear.testRmse }] : []),
];

/** Why a parsed file cannot give the n × n sub-matrix of the run (null: it can), and a note on a subset. */
export function describeFile(data: MovieLensData, n: number): { refusal: string | null; note: string | null } {
  const ratings = data.user.length;
  const users = new Set(data.user).size;
  const items = new Set(data.item).size;
  if (users < n || items < n) {
    return { refusal: `This file has ${users} users and ${items} films; the run needs at least ${n} of each. Choose u.data from ml-100k, or a larger part of it.`, note: null };
  }
  const note =
    ratings < MOVIELENS_RATINGS
      ? `This file holds ${ratings.toLocaleString('en')} ratings, fewer than the ${MOVIELENS_RATINGS.toLocaleString('en')} of MovieLens 100k: it is taken as a subset of u.data, and the results are for this subset.`
      : null;
  return { refusal: null, note };
}

export interface MovieLensPanel {
  /** Runs a newly chosen file; a run still going for an earlier file is cancelled first. */
  choose(file: File): Promise<void>;
  /** Cancels the current run, if any. */
  cancel(): void;
}

/**
 * The MovieLens panel: validates the reader's u.data in the page, then runs the reduced experiment in
 * the run worker. One run at a time: each status line and result names its file, and a message from
 * an earlier file's run (or its reading) is dropped.
 */
export function createMovieLensPanel(root: HTMLElement): MovieLensPanel {
  const status = root.querySelector<HTMLElement>('[data-movielens-status]')!;
  const note = root.querySelector<HTMLElement>('[data-movielens-note]');
  const results = root.querySelector<HTMLElement>('[data-movielens-results]')!;
  const cancelButton = root.querySelector<HTMLButtonElement>('[data-movielens-cancel]');
  const input = root.querySelector<HTMLInputElement>('[data-movielens-file]');
  let generation = 0;
  let handle: RunHandle | null = null;

  const setRunning = (running: boolean) => {
    root.dataset.state = running ? 'running' : 'idle';
    if (cancelButton) cancelButton.hidden = !running;
  };
  const stopCurrent = () => {
    const old = handle;
    handle = null;
    old?.cancel(0);
  };
  const end = (outcome: string, text: string) => {
    status.textContent = text;
    root.dataset.outcome = outcome;
    setRunning(false);
  };

  const choose = async (file: File) => {
    const mine = ++generation;
    stopCurrent();
    results.replaceChildren();
    if (note) note.textContent = '';
    root.dataset.outcome = '';
    root.dataset.file = file.name;
    const name = `“${file.name}”`;
    if (file.size > MAX_BYTES) {
      end('invalid', `${name}: this file is ${(file.size / 1e6).toFixed(1)} MB; MovieLens 100k's u.data is about 2 MB. Choose u.data from ml-100k.`);
      return;
    }
    status.textContent = `${name}: reading…`;
    setRunning(true);
    const text = await file.text();
    if (mine !== generation) return; // another file was chosen meanwhile
    const config = reducedConfig(movieLensSpec);
    try {
      const { refusal, note: subset } = describeFile(parseMovieLens(text), config.n);
      if (refusal) {
        end('invalid', `${name}: ${refusal}`);
        return;
      }
      if (note && subset) note.textContent = subset;
    } catch (error) {
      end('invalid', `${name}: ${error instanceof MovieLensFormatError ? error.message : `the file could not be read: ${String(error)}`}`);
      return;
    }
    status.textContent = `${name} is in the format of MovieLens 100k. Running in your browser…`;
    const run = startRun(
      { experiment: 'mc-movielens', config, localFile: text, backends: AUTO_BACKENDS, baseUrl: siteBaseUrl(), snapshotIntervalMs: 500 },
      (message) => {
        if (mine !== generation) return;
        if (message.type === 'snapshot') status.textContent = `${name}: running, ${message.progress.done} / ${message.progress.total}…`;
        else if (message.type === 'error') end('error', `${name}: the run failed: ${message.message}`);
        else if (message.type === 'cancelled') end('cancelled', `${name}: cancelled.`);
        else if (message.type === 'done') {
          const { result } = message;
          results.replaceChildren(table(file.name, resultRows(result)));
          end(
            'done',
            `${name}: done on ${message.backend} in ${(message.wallTimeMs / 1000).toFixed(1)} s: ${result.n} × ${result.n} ratings matrix, ${result.trainRatings} training and ${result.testRatings} test ratings.`,
          );
        }
        if (message.type === 'done' || message.type === 'error' || message.type === 'cancelled') handle = null;
      },
    );
    handle = run;
    await run.finished;
  };

  const cancel = () => {
    if (handle) handle.cancel();
    else if (root.dataset.state === 'running') {
      // Still reading or checking the file: drop it.
      generation++;
      end('cancelled', `“${root.dataset.file ?? ''}”: cancelled.`);
    }
  };
  cancelButton?.addEventListener('click', () => {
    cancel();
    input?.focus(); // the Cancel button hides itself once the run has stopped
  });
  return { choose, cancel };
}
