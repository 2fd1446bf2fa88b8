// A static server for a built site, mounted under its base path (what a static host does).
import http from 'node:http';
import sirv from 'sirv';

/**
 * Serves `dir` at `base` (e.g. "/trajectories/") on 127.0.0.1. Requests outside the base get 404.
 * @param {{ dir: string, base?: string, port?: number }} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function serveStatic({ dir, base = '/', port = 0 }) {
  const assets = sirv(dir, { dev: false, etag: true, single: false, dotfiles: false });
  const prefix = base.endsWith('/') ? base.slice(0, -1) : base;
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (prefix && url !== prefix && !url.startsWith(`${prefix}/`)) {
      res.statusCode = 404;
      res.end('Not found');
      return;
    }
    req.url = url.slice(prefix.length) || '/';
    assets(req, res, () => {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
    });
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
