// A static server for a built site that behaves like a production static host: files under a base
// path, gzip for text, long-lived caching for hashed assets. Used by the Lighthouse audit and the
// benchmarks (scripts/serve.mjs, used by the e2e tests, serves without compression on purpose).
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.bib': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg)/;

/**
 * @param {{ dir: string, base?: string, port?: number }} options
 * @returns {Promise<{ url: string, origin: string, port: number, close: () => Promise<void> }>}
 */
export async function serveCompressed({ dir, base = '/', port = 0 }) {
  const root = path.resolve(dir);
  const prefix = base.endsWith('/') ? base.slice(0, -1) : base;
  const gzCache = new Map();
  const server = http.createServer(async (req, res) => {
    try {
      let pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (prefix && pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return notFound(res);
      pathname = pathname.slice(prefix.length) || '/';
      let file = path.join(root, pathname);
      if (!file.startsWith(root)) return notFound(res);
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: `${prefix}${pathname}/` });
          return res.end();
        }
        file = path.join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return notFound(res);
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const headers = {
        'content-type': type,
        'cache-control': pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=600',
        vary: 'accept-encoding',
      };
      let body = await readFile(file);
      if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        let gz = gzCache.get(file);
        if (!gz) gzCache.set(file, (gz = gzipSync(body, { level: 9 })));
        body = gz;
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = String(body.length);
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}${prefix}/`,
    origin: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><html lang="en"><title>Not found</title><h1>Not found</h1></html>');
}
