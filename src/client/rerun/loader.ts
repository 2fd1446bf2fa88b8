/**
 * The only rerun code on a page's first load: it reveals the Rerun buttons and loads the panel (and,
 * through its worker, TensorFlow.js) when a reader asks for it. Experiment pages open the panel at once.
 */
function activate(root: HTMLElement): void {
  const button = root.querySelector<HTMLButtonElement>('[data-rerun-open]');
  const mount = async () => {
    if (root.dataset.mounted) return;
    root.dataset.mounted = 'loading';
    if (button) button.disabled = true;
    try {
      const { mountPanel } = await import('./panel.ts');
      await mountPanel(root);
      root.dataset.mounted = 'ready';
      button?.remove();
    } catch (error) {
      delete root.dataset.mounted;
      if (button) button.disabled = false;
      const note = document.createElement('p');
      note.className = 'rerun-error';
      note.setAttribute('role', 'alert');
      note.textContent = `The rerun panel could not load: ${error instanceof Error ? error.message : String(error)}`;
      root.append(note);
    }
  };
  if (root.dataset.auto === 'true') {
    // A permalink with parameters opens at once (its problems, if any, are listed in the panel);
    // otherwise the panel loads as it nears the screen, keeping the page's first load light.
    if (location.search.length > 1 || !('IntersectionObserver' in window)) void mount();
    else {
      const observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((e) => e.isIntersecting)) return;
          observer.disconnect();
          void mount();
        },
        { rootMargin: '400px' },
      );
      observer.observe(root);
    }
  }
  else if (button) {
    button.hidden = false;
    button.addEventListener('click', () => void mount());
  }
}

for (const root of document.querySelectorAll<HTMLElement>('[data-rerun]')) activate(root);
