/** Enables the MovieLens file picker; the parser and the run load only once a file is chosen. */
import type { MovieLensPanel } from './movielens.ts';

for (const root of document.querySelectorAll<HTMLElement>('[data-movielens]')) {
  const input = root.querySelector<HTMLInputElement>('[data-movielens-file]');
  if (!input) continue;
  input.disabled = false;
  let panel: Promise<MovieLensPanel> | undefined;
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    // One panel per picker, created once: it runs one file at a time, the last chosen.
    panel ??= import('./movielens.ts').then(({ createMovieLensPanel }) => createMovieLensPanel(root));
    void panel.then((p) => p.choose(file));
  });
}
