// The "Offline storage" panel: lists this site's caches (those named after its scope, so a second
// site on the same origin is never counted or cleared), their sizes, the origin's storage estimate,
// and clears them on request (unregistering the service worker, which a later visit reinstalls).

function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(0)} kB`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return `${(n / 1_000_000_000).toFixed(1)} GB`;
}

function describe(name: string): string {
  if (name.includes('precache')) return 'The site: pages, styles, fonts, data, data sets, rerun code';
  if (name.includes('runtime')) return 'Stored on first use: other WASM binaries and backends, fonts';
  return name;
}

export interface CacheSummary { name: string; files: number; bytes: number }

/** This site's caches, with their file counts and sizes. */
export async function summarizeCaches(scope: string): Promise<CacheSummary[]> {
  const out: CacheSummary[] = [];
  for (const name of await caches.keys()) {
    if (!name.endsWith(scope)) continue;
    const cache = await caches.open(name);
    let bytes = 0;
    const requests = await cache.keys();
    for (const request of requests) {
      const response = await cache.match(request);
      if (response) bytes += (await response.blob()).size;
    }
    out.push({ name, files: requests.length, bytes });
  }
  return out;
}

export function setupStoragePanel(base: string): void {
  const root = document.querySelector<HTMLElement>('[data-offline-storage]');
  if (!root) return;
  const status = root.querySelector<HTMLElement>('[data-storage-status]')!;
  const table = root.querySelector<HTMLTableElement>('[data-storage-table]')!;
  const estimate = root.querySelector<HTMLElement>('[data-storage-estimate]')!;
  const clear = root.querySelector<HTMLButtonElement>('[data-storage-clear]')!;
  const scope = new URL(base, window.location.href).href;

  const refresh = async () => {
    if (!('caches' in window) || !navigator.serviceWorker) {
      status.textContent = 'This browser does not store sites for offline reading.';
      return;
    }
    const summaries = await summarizeCaches(scope);
    const registration = await navigator.serviceWorker.getRegistration(scope);
    const files = summaries.reduce((s, c) => s + c.files, 0);
    const bytes = summaries.reduce((s, c) => s + c.bytes, 0);
    const tbody = table.tBodies[0]!;
    tbody.replaceChildren(...summaries.map((c) => {
      const row = document.createElement('tr');
      const what = document.createElement('th');
      what.scope = 'row';
      what.style.textAlign = 'left';
      what.textContent = describe(c.name);
      const count = document.createElement('td');
      count.textContent = String(c.files);
      const size = document.createElement('td');
      size.textContent = formatBytes(c.bytes);
      row.append(what, count, size);
      return row;
    }));
    table.hidden = summaries.length === 0;
    root.dataset.storedFiles = String(files);
    root.dataset.storedBytes = String(bytes);
    status.textContent = files > 0
      ? `Stored for offline reading: ${files} files, ${formatBytes(bytes)}.${registration ? '' : ' (Offline reading is switched off until the next visit.)'}`
      : registration ? 'Nothing is stored yet; it will be after this page finishes loading.' : 'Nothing is stored for offline reading.';
    clear.disabled = files === 0 && !registration;
    if (navigator.storage?.estimate) {
      const { usage, quota } = await navigator.storage.estimate();
      if (usage !== undefined && quota !== undefined) {
        estimate.textContent = `This browser reports ${formatBytes(usage)} used by this site's origin (caches, your saved runs and any other site on it) of ${formatBytes(quota)} available.`;
      }
    }
  };

  clear.addEventListener('click', async () => {
    clear.disabled = true;
    const registration = await navigator.serviceWorker.getRegistration(scope);
    await registration?.unregister();
    for (const name of await caches.keys()) if (name.endsWith(scope)) await caches.delete(name);
    await refresh();
    status.textContent = 'Cleared. Offline reading starts again on your next visit.';
  });

  const run = () => refresh().catch((error: unknown) => { status.textContent = `Could not read the offline storage: ${String(error)}`; });
  run();
  // The first visit fills the cache while this page is open.
  navigator.serviceWorker?.addEventListener('controllerchange', run);
}
