// A static server for a built site, mounted under its base path, as a static host serves it. The e2e
// tests use it plain; Lighthouse and the benchmarks use it `asProduction`: gzip for text and long-lived
// caching for the hashed assets, as on a real host. `isolate` (off by default; the benchmarks' WASM
// threads page) makes every response cross-origin isolated.
import http from 'node:http';
import compression from 'compression';
import sirv from 'sirv';

/** Hashed build assets never change under their name; everything else is revalidated after ten minutes. */
const cacheControl = (pathname) => (pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=600');

/** Headers that make a page cross-origin isolated (`self.crossOriginIsolated`, SharedArrayBuffer, WASM threads). */
export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Serves `dir` at `base` (e.g. "/trajectories/") on 127.0.0.1. Requests outside the base get 404.
 * @param {{ dir: string, base?: string, port?: number, asProduction?: boolean, isolate?: boolean }} options
 *   `asProduction`: gzip what compresses and send cache headers, like a production static host.
 *   `isolate`: send ISOLATION_HEADERS (COOP same-origin, COEP require-corp, CORP same-origin) on every
 *   response, 404s included. Off by default.
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function serveStatic({ dir, base = '/', port = 0, asProduction = false, isolate = false }) {
  const assets = sirv(dir, {
    dev: false,
    etag: true,
    single: false,
    dotfiles: false,
    setHeaders: asProduction ? (res, pathname) => res.setHeader('cache-control', cacheControl(pathname)) : undefined,
  });
  const gzip = asProduction ? compression({ level: 9, threshold: 0 }) : null;
  const prefix = base.endsWith('/') ? base.slice(0, -1) : base;
  const server = http.createServer((req, res) => {
    if (isolate) for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    const url = req.url ?? '/';
    if (prefix && url !== prefix && !url.startsWith(`${prefix}/`)) return notFound(res);
    req.url = url.slice(prefix.length) || '/';
    const serve = () => assets(req, res, () => notFound(res));
    if (gzip) gzip(req, res, serve);
    else serve();
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}${prefix}/`,
    port: actualPort,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function notFound(res) {
  res.statusCode = 404;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end('<!doctype html><html lang="en"><title>Not found</title><h1>Not found</h1></html>');
}
