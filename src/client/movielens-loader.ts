/** Enables the MovieLens file picker; the parser and the run load only once a file is chosen. */
for (const root of document.querySelectorAll<HTMLElement>('[data-movielens]')) {
  const input = root.querySelector<HTMLInputElement>('[data-movielens-file]');
  if (!input) continue;
  input.disabled = false;
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const { runMovieLens } = await import('./movielens.ts');
    await runMovieLens(root, file);
  });
}
