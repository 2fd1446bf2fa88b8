// The service worker (bundled into dist/sw.js by src/build/service-worker.ts, at the base path so
// that its scope is the site). Serves every precached page, stylesheet, font, script, data file and
// data set from the cache, the WASM binaries and backends that are not precached from a cache filled
// on first use, and an offline page for any other page when the network is gone.
import { cleanupOutdatedCaches, precacheAndRoute, PrecacheFallbackPlugin } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkOnly } from 'workbox-strategies';

/** The minimal service-worker surface used here (the project's TypeScript lib is the DOM's). */
interface WorkerScope {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
  registration: ServiceWorkerRegistration;
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'message', listener: (event: MessageEvent & { waitUntil(p: Promise<unknown>): void }) => void): void;
  addEventListener(type: 'activate', listener: (event: Event & { waitUntil(p: Promise<unknown>): void }) => void): void;
}
declare const self: WorkerScope;
/** dist-relative URLs of the hashed files that are cached on first use (set at build time). */
declare const __RUNTIME_ASSETS__: string[];

const scope = self.registration.scope;
/** Named by scope, so that two sites on one origin (project pages) never share or clear each other's. */
const RUNTIME_CACHE = `trajectories-runtime-${scope}`;
const OFFLINE_PAGE = 'offline/index.html';
const runtimeAssets = new Set(__RUNTIME_ASSETS__.map((p) => new URL(p, scope).href));

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST, {
  // Permalinks carry parameters (?seed=2&depth=3): every one of them is the same static page.
  ignoreURLParametersMatching: [/.*/],
  directoryIndex: 'index.html',
  cleanURLs: false,
  // "/experiments/x" (no trailing slash) is the page "/experiments/x/".
  urlManipulation: ({ url }) => (/\/[^/.]+$/.test(url.pathname) ? [new URL(`${url.pathname}/index.html`, url)] : []),
});

// WASM binaries without SIMD, the WebGL and WebGPU backends, and rarely needed font subsets: fetched
// only when a run (or a page) asks for them, then kept. Their names carry a content hash.
registerRoute(({ url }) => runtimeAssets.has(url.href.split(/[?#]/)[0]!), new CacheFirst({ cacheName: RUNTIME_CACHE }));

// Any other page: the network, or the offline page when there is none.
registerRoute(new NavigationRoute(new NetworkOnly({ plugins: [new PrecacheFallbackPlugin({ fallbackURL: OFFLINE_PAGE })] })));

// A new version waits until the reader accepts it (the page sends SKIP_WAITING), so one page view
// never mixes the old version's pages with the new version's data.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Drop run-time cached files that this version no longer ships (e.g. after a tfjs upgrade).
    const cache = await caches.open(RUNTIME_CACHE);
    for (const request of await cache.keys()) if (!runtimeAssets.has(request.url)) await cache.delete(request);
    // The first install controls the page it was installed from, so a run started there is cached.
    await self.clients.claim();
  })());
});
