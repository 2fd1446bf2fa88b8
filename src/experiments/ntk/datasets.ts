import { z } from 'zod';
import { DATASET_SHA256 } from './dataset-checksums.ts';
import type { Rng } from '../runtime/rng.ts';

export const DATASET_NAMES = ['digits', 'iris', 'wine', 'breast-cancer'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** A classification data set: `n` rows of `d` features (row-major, float64), labels 0..classes-1. */
export interface Dataset {
  name: string;
  n: number;
  d: number;
  classes: number;
  classNames: string[];
  x: Float64Array;
  labels: Int32Array;
}

const fileSchema = z.object({
  format: z.literal('trajectories/uci-dataset@1'),
  name: z.string(),
  n: z.number().int().positive(),
  d: z.number().int().positive(),
  classNames: z.array(z.string()).min(2),
  valueRange: z.tuple([z.number(), z.number()]),
  encoding: z.enum(['uint8-base64', 'decimal']),
  features: z.union([z.string(), z.array(z.number())]),
  labels: z.array(z.number().int()),
});

/** Thrown for a data file that fails its checksum, shape or range checks. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

function toBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as unknown as ArrayBuffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Parses and validates a shipped data file (Node and browser alike). Checks, in order: SHA-256
 * against `expectedSha256` (when given), JSON and format, shape, feature range, labels.
 */
export async function parseDataset(input: string | Uint8Array, expectedSha256: string | null, source = 'data set'): Promise<Dataset> {
  const bytes = toBytes(input);
  if (expectedSha256 !== null) {
    const actual = await sha256Hex(bytes);
    if (actual !== expectedSha256) {
      throw new DatasetError(
        `The ${source} is corrupt or was changed: its SHA-256 is ${actual}, expected ${expectedSha256}. ` +
          'Regenerate it with scripts/datasets/make-uci.ts.',
      );
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new DatasetError(`The ${source} is not valid JSON.`, { cause: error });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new DatasetError(`The ${source} is not a data set file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const file = parsed.data;
  const values: ArrayLike<number> =
    file.encoding === 'uint8-base64'
      ? typeof file.features === 'string'
        ? decodeBase64(file.features)
        : []
      : Array.isArray(file.features)
        ? file.features
        : [];
  if (values.length !== file.n * file.d) {
    throw new DatasetError(`The ${source} has ${values.length} feature values, expected ${file.n} x ${file.d} = ${file.n * file.d}.`);
  }
  if (file.labels.length !== file.n) {
    throw new DatasetError(`The ${source} has ${file.labels.length} labels, expected ${file.n}.`);
  }
  const [lo, hi] = file.valueRange;
  const x = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || v < lo || v > hi) {
      throw new DatasetError(`The ${source} has value ${v} at row ${Math.floor(i / file.d)}, column ${i % file.d}, outside its range [${lo}, ${hi}].`);
    }
    x[i] = v;
  }
  const classes = file.classNames.length;
  const labels = new Int32Array(file.n);
  for (let i = 0; i < file.n; i++) {
    const label = file.labels[i]!;
    if (label < 0 || label >= classes) throw new DatasetError(`The ${source} has label ${label} at row ${i}, outside 0..${classes - 1}.`);
    labels[i] = label;
  }
  return { name: file.name, n: file.n, d: file.d, classes, classNames: file.classNames, x, labels };
}

/** Where data set files come from: the file system in Node, `fetch` in the browser. */
export type DatasetReader = (file: string) => Promise<Uint8Array>;

let reader: DatasetReader | null = null;
const cache = new Map<DatasetName, Promise<Dataset>>();

/** Sets how data set files are read (the browser host passes a fetch-based reader). */
export function setDatasetReader(next: DatasetReader | null): void {
  reader = next;
  cache.clear();
}

/** A reader that fetches `<baseUrl><name>.json` (for browsers and workers). */
export function fetchDatasetReader(baseUrl: string | URL): DatasetReader {
  return async (file) => {
    const response = await fetch(new URL(file, baseUrl));
    if (!response.ok) throw new DatasetError(`Could not fetch data set ${file}: HTTP ${response.status}.`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

async function nodeReader(file: string): Promise<Uint8Array> {
  const fsName = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
  // @vite-ignore keeps Vite from bundling the data sets a second time (the site publishes them itself).
  const url = new URL(/* @vite-ignore */ `../../../content/datasets/uci/${file}`, import.meta.url);
  return new Uint8Array(await fs.readFile(url));
}

/** Loads a shipped data set (verified, cached). */
export function loadDataset(name: DatasetName): Promise<Dataset> {
  let pending = cache.get(name);
  if (!pending) {
    const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
    const read = reader ?? (isNode ? nodeReader : null);
    if (!read) return Promise.reject(new DatasetError('No data set reader configured: call setDatasetReader(fetchDatasetReader(base)).'));
    pending = read(`${name}.json`).then((bytes) => parseDataset(bytes, DATASET_SHA256[name], `data set "${name}"`));
    pending.catch(() => cache.delete(name));
    cache.set(name, pending);
  }
  return pending;
}

/** Per-image standardisation (zero mean, unit variance per row): norms become sqrt(d). */
export function standardiseRows(x: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let j = 0; j < d; j++) mean += x[i * d + j]!;
    mean /= d;
    let v = 0;
    for (let j = 0; j < d; j++) v += (x[i * d + j]! - mean) ** 2;
    const s = Math.sqrt(v / d) || 1;
    for (let j = 0; j < d; j++) out[i * d + j] = (x[i * d + j]! - mean) / s;
  }
  return out;
}

/** Z-scores each column with the mean and deviation of the rows in `fitRows` (the training rows). */
export function standardiseColumns(x: Float64Array, n: number, d: number, fitRows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let k = 0; k < fitRows.length; k++) mean += x[fitRows[k]! * d + j]!;
    mean /= fitRows.length;
    let v = 0;
    for (let k = 0; k < fitRows.length; k++) v += (x[fitRows[k]! * d + j]! - mean) ** 2;
    const s = Math.sqrt(v / fitRows.length) || 1;
    for (let i = 0; i < n; i++) out[i * d + j] = (x[i * d + j]! - mean) / s;
  }
  return out;
}

/** Copies the rows `rows` of an n x d matrix. */
export function takeRows(x: Float64Array, d: number, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length * d);
  for (let k = 0; k < rows.length; k++) out.set(x.subarray(rows[k]! * d, rows[k]! * d + d), k * d);
  return out;
}

/** A seeded split into `trainCount` and the rest (test). */
export function randomSplit(n: number, trainCount: number, rng: Rng): { train: Int32Array; test: Int32Array } {
  const perm = rng.permutation(n);
  return { train: perm.slice(0, trainCount), test: perm.slice(trainCount) };
}
