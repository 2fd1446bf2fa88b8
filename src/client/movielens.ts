import './zod-jitless.ts'; // before zod parses anything: no CSP report from its JIT probe
import { MovieLensFormatError, parseMovieLens } from '../experiments/matrix-completion/movielens.ts';
import { movieLensSpec } from '../experiments/matrix-completion/movielens.spec.ts';
import { reducedConfig } from '../experiments/runtime/spec.ts';
import { AUTO_BACKENDS, siteBaseUrl, startRun } from './rerun/host.ts';

/** Largest file accepted: u.data is about 2 MB. */
const MAX_BYTES = 8 * 1024 * 1024;

interface Row {
  method: string;
  testRmse: number;
  status?: string;
}

function table(rows: Row[]): HTMLTableElement {
  const element = document.createElement('table');
  element.className = 'data-table';
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

/** Validates the reader's u.data in the page, then runs the reduced experiment in the run worker. */
export async function runMovieLens(root: HTMLElement, file: File): Promise<void> {
  const status = root.querySelector<HTMLElement>('[data-movielens-status]')!;
  const results = root.querySelector<HTMLElement>('[data-movielens-results]')!;
  results.replaceChildren();
  root.dataset.outcome = '';
  if (file.size > MAX_BYTES) {
    status.textContent = `This file is ${(file.size / 1e6).toFixed(1)} MB; MovieLens 100k's u.data is about 2 MB. Choose u.data from ml-100k.`;
    root.dataset.outcome = 'invalid';
    return;
  }
  const text = await file.text();
  try {
    parseMovieLens(text);
  } catch (error) {
    status.textContent = error instanceof MovieLensFormatError ? error.message : `The file could not be read: ${String(error)}`;
    root.dataset.outcome = 'invalid';
    return;
  }
  status.textContent = 'The file is MovieLens 100k. Running in your browser…';
  const handle = startRun(
    {
      experiment: 'mc-movielens',
      config: reducedConfig(movieLensSpec),
      localFile: text,
      backends: AUTO_BACKENDS,
      baseUrl: siteBaseUrl(),
      snapshotIntervalMs: 500,
    },
    (message) => {
      if (message.type === 'snapshot') status.textContent = `Running: ${message.progress.done} / ${message.progress.total}…`;
      if (message.type === 'error') status.textContent = `The run failed: ${message.message}`;
      if (message.type === 'done') {
        const { result } = message;
        status.textContent = `Done on ${message.backend} in ${(message.wallTimeMs / 1000).toFixed(1)} s: ${result.n} × ${result.n} ratings matrix, ${result.trainRatings} training and ${result.testRatings} test ratings.`;
        results.replaceChildren(
          table([
            ...result.runs.map((r) => ({ method: `Depth ${r.depth}`, testRmse: r.testRmse, status: r.status })),
            ...(result.nuclear ? [{ method: 'Minimum nuclear norm', testRmse: result.nuclear.testRmse }] : []),
          ]),
        );
      }
      if (message.type === 'done' || message.type === 'error' || message.type === 'cancelled') root.dataset.outcome = message.type;
    },
  );
  await handle.finished;
}
