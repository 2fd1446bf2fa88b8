import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerServiceWorker } from '../../../src/client/sw-register.ts';
import {
  buildServiceWorker,
  DEV_KILL_SWITCH,
  serviceWorker,
  findMissingRequired,
  katexFamiliesInUse,
  lazyAssets,
  missingRequiredError,
  requiredFileRules,
  type PrecacheReport,
} from '../../../src/build/service-worker.ts';

/** A build's files as the post-build step sees them (dist-relative). */
const BUILD = [
  'index.html',
  'offline/index.html',
  'offline-storage/index.html',
  'experiments/index.html',
  'experiments/ntk-concentration/index.html',
  'data/manifest.json',
  'data/ntk-concentration.json',
  'datasets/uci/digits.json',
  'favicon.svg',
  '_astro/Base.Dc09.css',
  '_astro/KaTeX_Main-Regular.B22N.woff2',
  '_astro/KaTeX_Math-Italic.t53A.woff2',
  '_astro/source-serif-4-latin-400-normal.DJ5Y.woff2',
  '_astro/source-serif-4-cyrillic-400-normal.C44p.woff2',
  '_astro/worker-ThgifHB3.js',
  '_astro/panel.BTlN.js',
  '_astro/dist-sxsK.js',
  '_astro/tfjs-backend-wasm-simd-BrM3.wasm',
  '_astro/tfjs-backend-wasm-BIA8.wasm',
  '_astro/tfjs-backend-wasm-threaded-simd-BLCc.wasm',
];
const LAZY = ['_astro/dist-sxsK.js', '_astro/tfjs-backend-wasm-BIA8.wasm', '_astro/tfjs-backend-wasm-threaded-simd-BLCc.wasm', '_astro/source-serif-4-cyrillic-400-normal.C44p.woff2'];
const PRECACHED = BUILD.filter((f) => !LAZY.includes(f));
const rules = requiredFileRules({ rerun: true, workerStem: 'worker' });

describe('the required-files check of the offline precache', () => {
  it('passes when everything a reader needs is precached', () => {
    expect(findMissingRequired(BUILD, PRECACHED, rules)).toEqual([]);
    expect(missingRequiredError([])).toBeNull();
  });

  it('fails when a page, a data file, a data set, a font, the worker or the SIMD binary is left out', () => {
    for (const file of ['experiments/ntk-concentration/index.html', 'data/ntk-concentration.json', 'datasets/uci/digits.json',
      '_astro/KaTeX_Math-Italic.t53A.woff2', '_astro/Base.Dc09.css', '_astro/worker-ThgifHB3.js', '_astro/tfjs-backend-wasm-simd-BrM3.wasm', 'offline/index.html']) {
      const missing = findMissingRequired(BUILD, PRECACHED.filter((f) => f !== file), rules);
      expect(missing.map((m) => m.file), file).toContain(file);
      expect(missingRequiredError(missing)?.message).toContain(`${file} is not precached`);
    }
  });

  it('fails when the build has no rerun worker or no SIMD binary at all', () => {
    const without = BUILD.filter((f) => !f.startsWith('_astro/worker-') && !f.includes('wasm-simd-'));
    const missing = findMissingRequired(without, without, rules);
    expect(missing).toEqual([{ rule: 'rerun worker', file: null }, { rule: 'WASM binary with SIMD', file: null }]);
    expect(missingRequiredError(missing)?.message).toMatch(/rerun worker: none was built/);
    // Before the rerun exists, they are not required.
    expect(findMissingRequired(without, without, requiredFileRules({ rerun: false }))).toEqual([]);
  });

  it('reads manifest URLs with a leading "./" or a query', () => {
    expect(findMissingRequired(BUILD, PRECACHED.map((f) => `./${f}?__WB_REVISION__=1`), rules)).toEqual([]);
  });
});

describe('lazy (run-time cached) assets', () => {
  it('are the WebGL/WebGPU backend chunks, the WASM binaries without SIMD and unused font subsets', () => {
    const text = (f: string) => (f === '_astro/dist-sxsK.js' ? 'N().getNumber(`WEBGL_VERSION`)' : 'import{a}from"./x.js"');
    expect(lazyAssets(BUILD, text, ['latin', 'latin-ext', 'greek']).sort()).toEqual([...LAZY].sort());
  });
});

describe('KaTeX fonts', () => {
  const fonts = ['_astro/KaTeX_Main-Regular.B22N.woff2', '_astro/KaTeX_Caligraphic-Regular.Di6j.woff2', '_astro/KaTeX_AMS-Regular.BQhd.woff2', '_astro/KaTeX_SansSerif-Bold.D1sU.woff2'];
  const css = '<style>.katex .mathcal{font-family:KaTeX_Caligraphic}.katex .mathbb{font-family:KaTeX_AMS}</style>';
  it('of families no page uses are cached at run time; a class in the markup keeps its family precached', () => {
    const pages: Record<string, string> = {
      'index.html': `${css}<span class="mord mathcal">L</span><span class="mord mathnormal">x</span>`,
      'offline/index.html': `${css}<p>offline</p>`,
    };
    const text = (f: string) => pages[f] ?? '';
    expect(lazyAssets([...Object.keys(pages), ...fonts], text, ['latin']).sort()).toEqual(['_astro/KaTeX_AMS-Regular.BQhd.woff2', '_astro/KaTeX_SansSerif-Bold.D1sU.woff2']);
    // The CSS names every family; only class attributes count.
    expect([...katexFamiliesInUse([css])]).toEqual([]);
    expect([...katexFamiliesInUse(['<b class="textsf mord">a</b>', '<i class="mord mathbb">R</i>'])].sort()).toEqual(['AMS', 'SansSerif']);
  });
});

describe('the post-build step on a small build', () => {
  let dir = '';
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  function fakeBuild(): string {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sw-test-'));
    const write = (file: string, content: string | Buffer) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    };
    for (const file of ['index.html', 'offline/index.html', 'experiments/a/index.html']) write(file, `<!doctype html><title>${file}</title>`);
    write('data/manifest.json', '[]');
    write('data/a.json', JSON.stringify({ values: Array.from({ length: 2000 }, (_, i) => i) }));
    write('_astro/Base.x1.css', 'body{}');
    write('_astro/KaTeX_Main-Regular.x2.woff2', Buffer.alloc(100));
    write('_astro/source-serif-4-latin-400-normal.x3.woff2', Buffer.alloc(100));
    return dir;
  }
  const logger = { info: () => {}, warn: () => {} };

  it('writes sw.js with the manifest and a precache report', async () => {
    const outDir = fakeBuild();
    const report = await buildServiceWorker({ outDir, base: '/', root: process.cwd(), logger, workerSource: 'no/such/worker.ts' });
    const sw = readFileSync(path.join(outDir, 'sw.js'), 'utf8');
    expect(sw).not.toContain('self.__WB_MANIFEST');
    expect(sw).toContain('"data/a.json"');
    const written = JSON.parse(readFileSync(path.join(outDir, 'precache-report.json'), 'utf8')) as PrecacheReport;
    expect(written.count).toBe(report.count);
    expect(report.count).toBe(8);
    expect(report.precached.map((f) => f.url)).not.toContain('sw.js');
    expect(report.bytes).toBeGreaterThan(report.gzipBytes);
  });

  it('fails the build when a required file is too large to precache (Workbox alone would only warn)', async () => {
    const outDir = fakeBuild();
    await expect(buildServiceWorker({ outDir, base: '/', root: process.cwd(), logger, workerSource: 'no/such/worker.ts', maximumFileSizeToCacheInBytes: 5000 }))
      .rejects.toThrow(/published data: data\/a\.json is not precached/);
  });

  it('fails the build when the precache is over budget', async () => {
    const outDir = fakeBuild();
    await expect(buildServiceWorker({ outDir, base: '/', root: process.cwd(), logger, workerSource: 'no/such/worker.ts', budgetBytes: 100 }))
      .rejects.toThrow(/over its 0 kB budget/);
  });
});

describe('no service worker in `npm run dev`', () => {
  it('the page registers nothing outside production builds, and removes a leftover production worker', async () => {
    const calls: string[] = [];
    const container = {
      register: () => { calls.push('register'); return Promise.reject(new Error('unexpected')); },
      getRegistration: (scope: string) => { calls.push(`getRegistration ${scope}`); return Promise.resolve({ unregister: () => { calls.push('unregister'); return Promise.resolve(true); } }); },
    } as unknown as ServiceWorkerContainer;
    registerServiceWorker({ prod: false, base: '/trajectories', container });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toEqual(['getRegistration /trajectories/', 'unregister']);
  });

  it('the dev server answers <base>sw.js with a worker that unregisters itself', async () => {
    const integration = serviceWorker();
    const hooks = integration.hooks as Record<string, (options: unknown) => unknown>;
    await hooks['astro:config:done']!({ config: { base: '/trajectories/', root: new URL('file:///work/main/') } });
    let middleware: ((req: { url: string }, res: unknown, next: () => void) => void) | undefined;
    await hooks['astro:server:setup']!({ server: { middlewares: { use: (fn: typeof middleware) => { middleware = fn; } } } });
    const sent: { headers: Record<string, string>; body?: string } = { headers: {} };
    const res = { setHeader: (k: string, v: string) => { sent.headers[k] = v; }, end: (body: string) => { sent.body = body; } };
    let passed = 0;
    middleware!({ url: '/trajectories/' }, res, () => { passed += 1; });
    middleware!({ url: '/trajectories/sw.js?x=1' }, res, () => { passed += 1; });
    expect(passed).toBe(1);
    expect(sent.body).toBe(DEV_KILL_SWITCH);
    expect(sent.body).toContain('registration.unregister()');
    expect(sent.headers['cache-control']).toBe('no-store');
  });
});
