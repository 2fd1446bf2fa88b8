// Registers the offline service worker in production builds (never in `npm run dev`), and offers a
// waiting new version with a quiet prompt. Loaded by every page: keep it tiny and free of imports.

export interface RegisterOptions {
  /** import.meta.env.PROD: only production builds have a dist/sw.js. */
  prod: boolean;
  /** import.meta.env.BASE_URL: the worker lives at <base>sw.js and controls <base>. */
  base: string;
  container?: ServiceWorkerContainer | undefined;
}

const STYLE = `.sw-update{position:fixed;z-index:50;right:1rem;bottom:1rem;max-width:calc(100vw - 2rem);display:flex;gap:.75rem;align-items:center;
padding:.6rem .9rem;font:400 .9rem/1.4 var(--font-ui,system-ui,sans-serif);color:var(--text,#1d1d1f);background:var(--bg-raised,#fff);
border:1px solid var(--rule,#dcd8cf);border-radius:6px;box-shadow:0 2px 10px rgb(0 0 0/.12)}
.sw-update button{font:inherit;cursor:pointer;color:var(--link,#8a3320);background:none;border:1px solid currentColor;border-radius:4px;padding:.15rem .6rem}
.sw-update button.sw-dismiss{border:0;color:var(--text-muted,#5c5b57)}@media print{.sw-update{display:none}}`;

/** Shows "A new version is available — Reload" once; Reload activates `waiting` and reloads. */
export function showUpdatePrompt(waiting: ServiceWorker, container: ServiceWorkerContainer): HTMLElement {
  const existing = document.getElementById('sw-update');
  if (existing) return existing;
  const style = document.createElement('style');
  style.textContent = STYLE;
  const bar = document.createElement('div');
  bar.id = 'sw-update';
  bar.className = 'sw-update';
  bar.setAttribute('role', 'status');
  const text = document.createElement('span');
  text.textContent = 'A new version is available —';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'sw-dismiss';
  dismiss.textContent = '×';
  dismiss.setAttribute('aria-label', 'Not now');
  // Another tab may accept the update first: the new worker then already controls this page (or is
  // taking over), and no second controllerchange will come. Reload at once in that case.
  const controllerAtPrompt = container.controller;
  const alreadyTakenOver = () => container.controller !== controllerAtPrompt || waiting.state === 'activating' || waiting.state === 'activated' || waiting.state === 'redundant';
  reload.addEventListener('click', () => {
    reload.disabled = true;
    if (alreadyTakenOver()) {
      window.location.reload();
      return;
    }
    container.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    waiting.postMessage({ type: 'SKIP_WAITING' });
  });
  dismiss.addEventListener('click', () => bar.remove());
  bar.append(style, text, reload, dismiss);
  document.body.append(bar);
  return bar;
}

/**
 * Browsers send `<a download>` straight to the network, past the service worker, so offline a data
 * download would fail. While a worker controls the page, same-origin downloads are fetched through
 * it instead (from the precache: the same version as the page) and saved from a blob.
 */
export function downloadThroughWorker(container: ServiceWorkerContainer): void {
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[download]');
    if (!(link instanceof HTMLAnchorElement) || !container.controller || event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.origin !== window.location.origin || link.protocol === 'blob:') return;
    event.preventDefault();
    fetch(link.href).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const save = document.createElement('a');
      save.href = url;
      save.download = link.getAttribute('download') || link.pathname.split('/').pop() || 'download';
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }).catch(() => { window.location.href = link.href; });
  });
}

export function registerServiceWorker({ prod, base, container = globalThis.navigator?.serviceWorker }: RegisterOptions): void {
  if (!container) return;
  const scope = base.endsWith('/') ? base : `${base}/`;
  if (!prod) {
    // The dev server has no service worker; remove one that a production build left on this origin.
    container.getRegistration(scope).then((r) => r?.unregister(), () => undefined);
    return;
  }
  downloadThroughWorker(container);
  const start = async () => {
    const registration = await container.register(`${scope}sw.js`, { scope });
    // Only an update waits while a page is controlled; the very first install needs no prompt.
    const offer = (worker: ServiceWorker) => { if (container.controller) showUpdatePrompt(worker, container); };
    if (registration.waiting) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => { if (installing.state === 'installed') offer(installing); });
    });
    // Long reading sessions: look for a new version when the reader comes back to the tab.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') registration.update().catch(() => undefined);
    });
  };
  const run = () => { start().catch((error: unknown) => console.warn('Offline reading is unavailable:', error)); };
  if (document.readyState === 'complete') run();
  else window.addEventListener('load', run, { once: true });
}
