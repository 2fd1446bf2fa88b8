// The offline edition: a post-build step (an Astro integration) that bundles src/client/sw.ts,
// injects a Workbox precache manifest into it as dist/sw.js, checks that everything a reader needs
// offline is in that manifest (Workbox only warns), and reports what was precached.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import type { GetManifestOptions, ManifestEntry } from 'workbox-build';

/** What the reader needs offline, as a pure description of one build's files. */
export interface RequiredFileRule {
  /** Shown when the rule fails, e.g. "experiment page". */
  label: string;
  /** Matches dist-relative paths ("experiments/x/index.html"). */
  test: (file: string) => boolean;
  /** The build must contain at least one such file (a missing worker chunk is an error too). */
  atLeastOne: boolean;
}

/**
 * The files no offline reader can do without. `rerun` adds the rerun worker and the SIMD WASM
 * binary (required once src/client/rerun/worker.ts exists); `workerStem` is the worker's file name
 * without extension, which Vite keeps in the emitted chunk's name ("worker-Ab12Cd.js").
 */
export function requiredFileRules(options: { rerun: boolean; workerStem?: string }): RequiredFileRule[] {
  const rules: RequiredFileRule[] = [
    { label: 'page', test: (f) => f.endsWith('.html'), atLeastOne: true },
    { label: 'the article', test: (f) => f === 'index.html', atLeastOne: true },
    { label: 'the offline page', test: (f) => f === 'offline/index.html', atLeastOne: true },
    { label: 'published data', test: (f) => /^data\/[^/]+\.json$/.test(f), atLeastOne: true },
    { label: 'data set', test: (f) => f.startsWith('datasets/'), atLeastOne: false },
    // Stylesheets are inlined into the pages (astro.config.mjs); any emitted one must be precached.
    { label: 'stylesheet', test: (f) => /^_astro\/[^/]+\.css$/.test(f), atLeastOne: false },
    { label: 'KaTeX font (woff2)', test: (f) => /^_astro\/KaTeX_[^/]+\.woff2$/.test(f), atLeastOne: true },
    { label: 'text font, Latin (woff2)', test: (f) => /^_astro\/source-[a-z0-9-]+-latin-\d+-[a-z]+\.[^/]+\.woff2$/.test(f), atLeastOne: true },
  ];
  if (options.rerun) {
    const stem = (options.workerStem ?? 'worker').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const worker = new RegExp(`^_astro/${stem}[-.][^/]+\\.js$`);
    rules.push(
      { label: 'rerun worker', test: (f) => worker.test(f), atLeastOne: true },
      { label: 'WASM binary with SIMD', test: (f) => /^_astro\/tfjs-backend-wasm-simd[-.][^/]*\.wasm$/.test(f), atLeastOne: true },
    );
  }
  return rules;
}

/** One reason the precache is incomplete. */
export interface MissingFile {
  rule: string;
  /** The dist-relative file left out, or null when no file of this kind was built at all. */
  file: string | null;
}

/**
 * Which required files the precache manifest leaves out. Pure: `files` are every file of the build
 * (dist-relative, "/" separated) and `precached` the manifest's URLs (relative to the service worker).
 */
export function findMissingRequired(files: readonly string[], precached: readonly string[], rules: readonly RequiredFileRule[]): MissingFile[] {
  const inManifest = new Set(precached.map((url) => url.replace(/^\.?\//, '').split(/[?#]/)[0]));
  const missing: MissingFile[] = [];
  for (const rule of rules) {
    const matching = files.filter((f) => rule.test(f));
    if (rule.atLeastOne && matching.length === 0) missing.push({ rule: rule.label, file: null });
    for (const file of matching) if (!inManifest.has(file)) missing.push({ rule: rule.label, file });
  }
  return missing;
}

/** Formats `findMissingRequired`'s result as an error, or returns null when nothing is missing. */
export function missingRequiredError(missing: readonly MissingFile[]): Error | null {
  if (missing.length === 0) return null;
  const lines = missing.map((m) => (m.file ? `  - ${m.rule}: ${m.file} is not precached` : `  - ${m.rule}: none was built`));
  return new Error(`The offline precache misses ${missing.length} file(s) a reader needs:\n${lines.join('\n')}\n`
    + 'Check the glob patterns and maximumFileSizeToCacheInBytes in src/build/service-worker.ts.');
}

/**
 * KaTeX font families that only some commands use, with the classes KaTeX gives their output
 * (katex.css: `.katex .mathcal { font-family: KaTeX_Caligraphic }`, ...). The other families (Main,
 * Math, the Size fonts) set any formula.
 */
export const KATEX_OPTIONAL_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  AMS: ['amsrm', 'mathbb', 'textbb'],
  Caligraphic: ['mathcal'],
  Fraktur: ['mathfrak', 'textfrak', 'mathboldfrak', 'textboldfrak'],
  Script: ['mathscr', 'textscr'],
  SansSerif: ['mathsf', 'textsf', 'mathboldsf', 'textboldsf', 'mathitsf', 'mathsfit', 'textitsf'],
  Typewriter: ['mathtt', 'texttt'],
};

/** The optional KaTeX families that some page's markup uses (class attributes; the inlined CSS names them all). */
export function katexFamiliesInUse(pages: readonly string[]): Set<string> {
  const classes = new Set<string>();
  for (const html of pages) for (const m of html.matchAll(/\bclass="([^"]*)"/g)) for (const c of m[1]!.split(/\s+/)) classes.add(c);
  return new Set(Object.entries(KATEX_OPTIONAL_FAMILIES).filter(([, list]) => list.some((c) => classes.has(c))).map(([family]) => family));
}

/**
 * Files that are emitted but fetched only on demand, so they are cached at run time instead of
 * precached: tfjs backends other than the default (WebGL and WebGPU chunks, recognised by the
 * flags only they register), the WASM binaries other than SIMD, text-font subsets for scripts
 * the essay does not use, and KaTeX fonts of families no page uses. Pure: `readText` gives a file's text.
 */
export function lazyAssets(files: readonly string[], readText: (file: string) => string, fontSubsets: readonly string[]): string[] {
  const lazy: string[] = [];
  const katexInUse = katexFamiliesInUse(files.filter((f) => f.endsWith('.html')).map(readText));
  for (const file of files) {
    if (!file.startsWith('_astro/')) continue;
    const name = file.slice('_astro/'.length);
    const katexFamily = /^KaTeX_([A-Za-z]+)-[A-Za-z]+\.[^/]*woff2$/.exec(name)?.[1];
    if (katexFamily && katexFamily in KATEX_OPTIONAL_FAMILIES && !katexInUse.has(katexFamily)) lazy.push(file);
    else if (name.endsWith('.wasm') && !/^tfjs-backend-wasm-simd[-.]/.test(name)) lazy.push(file);
    else if (name.endsWith('.js') && /["'`](?:WEBGL_VERSION|WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE)["'`]/.test(readText(file))) lazy.push(file);
    else if (name.endsWith('.woff2')) {
      const subset = /^source-(?:sans-3|serif-4)-([a-z-]+)-\d+-(?:normal|italic)\./.exec(name)?.[1];
      if (subset && !fontSubsets.includes(subset)) lazy.push(file);
    }
  }
  return lazy;
}

export interface ServiceWorkerOptions {
  /**
   * Largest single file to precache. The biggest legitimate file is the rerun worker (tfjs-core,
   * the CPU and WASM backends and the experiments: 0.95 MB); past 1.5 MiB the whole tfjs bundle
   * (layers, converter, WebGL) has slipped in, Workbox leaves the file out with a warning, and the
   * required-files check then fails the build. Raise it only together with the budget.
   */
  maximumFileSizeToCacheInBytes?: number;
  /**
   * Precache budget (issue 6: 2 MB), on the bytes a reader downloads to install it: every file
   * gzipped as a static host serves it (woff2 as is). The uncompressed size is reported beside it;
   * it is larger than 2 MB because the rerun worker and the WASM binary alone are ~1.4 MB raw.
   * Exceeding the budget fails the build when `enforceBudget`.
   */
  budgetBytes?: number;
  enforceBudget?: boolean;
  /** Text-font (Fontsource) subsets to precache; the others are cached when a page needs them. */
  fontSubsets?: string[];
  /** The rerun worker's source, relative to the project root; its presence makes it required. */
  workerSource?: string;
}

const DEFAULTS = {
  maximumFileSizeToCacheInBytes: 1536 * 1024,
  budgetBytes: 2_000_000,
  enforceBudget: true,
  fontSubsets: ['latin', 'latin-ext', 'greek'],
  workerSource: 'src/client/rerun/worker.ts',
} satisfies Required<ServiceWorkerOptions>;

/** Every file under `dir`, relative and "/"-separated, dotfiles excluded. */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** What dist/precache-report.json holds (read by the benchmarks). */
export interface PrecacheReport {
  base: string;
  count: number;
  /** Uncompressed bytes. */
  bytes: number;
  /** Bytes downloaded to install the precache (gzip, woff2 as is): what the budget limits. */
  gzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
  buildMs: number;
  byKind: Record<string, { count: number; bytes: number }>;
  precached: { url: string; bytes: number }[];
  runtimeCached: { url: string; bytes: number }[];
}

function kindOf(file: string): string {
  if (file.startsWith('datasets/')) return 'dataset';
  if (file.startsWith('data/')) return 'data';
  const ext = path.extname(file).slice(1);
  return ext === 'woff2' ? 'font' : ext;
}

/** Bundles the service worker, injects the precache manifest, checks and reports it. */
export async function buildServiceWorker(options: { outDir: string; base: string; root: string; logger: Pick<AstroIntegrationLogger, 'info' | 'warn'> } & ServiceWorkerOptions): Promise<PrecacheReport> {
  const started = performance.now();
  const settings = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & typeof options;
  const { outDir, base, root, logger } = settings;
  const files = listFiles(outDir).filter((f) => f !== 'sw.js' && f !== 'precache-report.json');
  const lazy = lazyAssets(files, (f) => readFileSync(path.join(outDir, f), 'utf8'), settings.fontSubsets);

  const workboxConfig: GetManifestOptions = {
    globDirectory: outDir,
    globPatterns: [
      '**/*.{html,css,js,json,svg,woff2,png}',
      '_astro/tfjs-backend-wasm-simd*.wasm',
      'datasets/**/*',
    ],
    globIgnores: ['sw.js', 'precache-report.json', '**/*.map', '**/.*/**', ...lazy],
    maximumFileSizeToCacheInBytes: settings.maximumFileSizeToCacheInBytes,
    // Everything under _astro/ has a content hash in its name: no revision needed. Other files
    // (pages, data/<id>.json, data sets) keep their permanent URLs and get a content-hash revision.
    dontCacheBustURLsMatching: /^_astro\//,
  };

  const { getManifest, injectManifest } = await import('workbox-build');
  let manifestEntries: (ManifestEntry & { size?: number })[];
  let warnings: string[];
  try {
    ({ manifestEntries = [], warnings } = await getManifest(workboxConfig));
  } catch (error) {
    throw new Error(`Workbox could not list the precache in ${outDir}`, { cause: error });
  }
  for (const warning of warnings) logger.warn(`workbox: ${warning.trim()}`);

  const precachedFiles = manifestEntries.map((e) => e.url);
  const lazySet = new Set(lazy);
  const problem = missingRequiredError(findMissingRequired(files.filter((f) => !lazySet.has(f)), precachedFiles, requiredFileRules({
    rerun: existsSync(path.join(root, settings.workerSource)),
    workerStem: path.basename(settings.workerSource).replace(/\.[^.]+$/, ''),
  })));
  if (problem) throw problem;

  const precachedSet = new Set(precachedFiles);
  const runtimeAssets = files.filter((f) => f.startsWith('_astro/') && !precachedSet.has(f));

  // Bundle src/client/sw.ts (Workbox modules included) into a classic script, then let Workbox
  // replace self.__WB_MANIFEST with the manifest.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'trajectories-sw-'));
  try {
    const swSrc = path.join(tmp, 'sw.js');
    try {
      const esbuild = await import('esbuild');
      await esbuild.build({
        entryPoints: [path.join(root, 'src/client/sw.ts')],
        outfile: swSrc,
        bundle: true,
        format: 'iife',
        minify: true,
        target: 'es2020',
        legalComments: 'none',
        logLevel: 'silent',
        define: {
          'process.env.NODE_ENV': '"production"',
          __RUNTIME_ASSETS__: JSON.stringify(runtimeAssets),
        },
      });
    } catch (error) {
      throw new Error('Could not bundle the service worker src/client/sw.ts', { cause: error });
    }
    try {
      await injectManifest({ ...workboxConfig, swSrc, swDest: path.join(outDir, 'sw.js') });
    } catch (error) {
      throw new Error('Workbox could not inject the precache manifest into sw.js', { cause: error });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const sizeOf = (f: string) => statSync(path.join(outDir, f)).size;
  const precached = precachedFiles.map((url) => ({ url, bytes: sizeOf(url) }));
  const bytes = precached.reduce((s, f) => s + f.bytes, 0);
  const gzipBytes = precachedFiles.reduce((s, f) => s + (f.endsWith('.woff2') ? sizeOf(f) : gzipSync(readFileSync(path.join(outDir, f))).length), 0);
  const byKind: PrecacheReport['byKind'] = {};
  for (const f of precached) {
    const k = (byKind[kindOf(f.url)] ??= { count: 0, bytes: 0 });
    k.count += 1;
    k.bytes += f.bytes;
  }
  const report: PrecacheReport = {
    base,
    count: precached.length,
    bytes,
    gzipBytes,
    budgetBytes: settings.budgetBytes,
    withinBudget: gzipBytes <= settings.budgetBytes,
    buildMs: Math.round(performance.now() - started),
    byKind,
    precached,
    runtimeCached: runtimeAssets.map((url) => ({ url, bytes: sizeOf(url) })),
  };
  writeFileSync(path.join(outDir, 'precache-report.json'), `${JSON.stringify(report, null, 2)}\n`);

  const kB = (n: number) => `${(n / 1000).toFixed(0)} kB`;
  const kinds = Object.entries(byKind).sort((a, b) => b[1].bytes - a[1].bytes).map(([k, v]) => `${k} ${v.count}/${kB(v.bytes)}`).join(', ');
  logger.info(`sw.js: precached ${report.count} files, ${kB(gzipBytes)} to download (gzip; budget ${kB(settings.budgetBytes)}), ${kB(bytes)} uncompressed, in ${report.buildMs} ms`);
  logger.info(`precache by kind: ${kinds}; cached at run time: ${runtimeAssets.length} files, ${kB(report.runtimeCached.reduce((s, f) => s + f.bytes, 0))}`);
  if (!report.withinBudget) {
    const message = `The precache downloads ${kB(gzipBytes)} (gzip), over its ${kB(settings.budgetBytes)} budget (see precache-report.json).`;
    if (settings.enforceBudget) throw new Error(message);
    logger.warn(message);
  }
  return report;
}

/** A service worker for the dev server that removes any production one left on this origin. */
export const DEV_KILL_SWITCH = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  const scope = self.registration.scope;
  for (const key of await caches.keys()) if (key.endsWith(scope)) await caches.delete(key);
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
})()));
`;

/**
 * The Astro integration. Production builds get dist/sw.js and dist/precache-report.json; the dev
 * server gets no service worker (and answers sw.js with a worker that unregisters itself, so a
 * production worker left on localhost:4321 by `npm start` cannot serve stale pages to an author).
 */
export function serviceWorker(options: ServiceWorkerOptions = {}): AstroIntegration {
  let base = '/';
  let root = process.cwd();
  return {
    name: 'trajectories:service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        root = fileURLToPath(config.root);
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          if (req.url?.split('?')[0] !== `${base}sw.js`) return next();
          res.setHeader('content-type', 'text/javascript; charset=utf-8');
          res.setHeader('cache-control', 'no-store');
          res.end(DEV_KILL_SWITCH);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        try {
          await buildServiceWorker({ ...options, outDir: fileURLToPath(dir), base, root, logger });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`The offline service worker step failed: ${reason}`, { cause: error });
        }
      },
    },
  };
}
