/**
 * MovieLens 100k (`u.data`), which we may not redistribute: the reader picks the file, it is parsed
 * in the browser and never uploaded. The parser validates the format and refuses any other file with a
 * message that says what is wrong.
 */
import { createRng } from '../runtime/rng.ts';
import type { Problem } from './problem.ts';

export const MOVIELENS_USERS = 943;
export const MOVIELENS_ITEMS = 1682;
export const MOVIELENS_RATINGS = 100_000;

export interface MovieLensData {
  /** user, item (both 1-based) and rating of each line, in file order. */
  user: Int32Array;
  item: Int32Array;
  rating: Int8Array;
}

export class MovieLensFormatError extends Error {
  override name = 'MovieLensFormatError';
}

export interface ParseOptions {
  /** Most ratings the file may hold (100,000 for MovieLens 100k; a subset of its lines is accepted). */
  expectedRatings?: number;
}

/** Parses and validates `u.data`: tab-separated `user item rating timestamp`, one rating per line. */
export function parseMovieLens(text: string, options: ParseOptions = {}): MovieLensData {
  const expected = options.expectedRatings ?? MOVIELENS_RATINGS;
  const fail = (message: string): never => {
    throw new MovieLensFormatError(`This is not MovieLens 100k's u.data: ${message}`);
  };
  if (text.startsWith('PK')) fail('it is a ZIP archive; extract ml-100k/u.data from it and choose that file.');
  if (text.includes('\u0000')) fail('it is a binary file, not text.');
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) fail('the file is empty.');
  if (lines[0]!.includes('|')) fail('the lines are separated by "|" (this looks like u.item or u.user); choose u.data.');
  if (lines.length > expected) {
    // Check the first line's shape first, so that the message names the more basic problem.
    if (lines[0]!.split('\t').length !== 4) fail(`line 1 is not "user<TAB>item<TAB>rating<TAB>timestamp".`);
    fail(`expected at most ${expected.toLocaleString('en')} ratings, found ${lines.length.toLocaleString('en')} lines.`);
  }
  // Fewer lines are accepted: a subset of u.data (the page says so). Each line is still checked below.
  const user = new Int32Array(lines.length);
  const item = new Int32Array(lines.length);
  const rating = new Int8Array(lines.length);
  const seen = new Set<number>();
  const intField = /^\d+$/;
  lines.forEach((line, i) => {
    const fields = line.trim().split('\t');
    const where = `line ${i + 1}`;
    if (fields.length !== 4) fail(`${where} has ${fields.length} tab-separated field(s); expected 4 (user, item, rating, timestamp).`);
    if (!fields.every((f) => intField.test(f))) fail(`${where} has a field that is not a whole number: "${line.slice(0, 60)}".`);
    const [u, it, r] = fields.map(Number) as [number, number, number, number];
    if (u < 1 || u > MOVIELENS_USERS) fail(`${where}: user ${u} is outside 1..${MOVIELENS_USERS}.`);
    if (it < 1 || it > MOVIELENS_ITEMS) fail(`${where}: item ${it} is outside 1..${MOVIELENS_ITEMS}.`);
    if (r < 1 || r > 5) fail(`${where}: rating ${r} is outside 1..5.`);
    const key = u * 2048 + it;
    if (seen.has(key)) fail(`${where}: user ${u} rates item ${it} a second time.`);
    seen.add(key);
    user[i] = u;
    item[i] = it;
    rating[i] = r;
  });
  return { user, item, rating };
}

function mostActive(ids: Int32Array, count: number): number[] {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, count)
    .map(([id]) => id);
}

/**
 * A square sub-matrix of the `n` most active users and the `n` most rated items. Its known ratings
 * are split at random (seeded): a fraction `trainFraction` is observed, the rest is the test set.
 */
export function movieLensProblem(data: MovieLensData, n: number, trainFraction: number, seed: number): Problem {
  const users = mostActive(data.user, n);
  const items = mostActive(data.item, n);
  if (users.length < n || items.length < n) throw new Error(`The file has fewer than ${n} distinct users or items.`);
  const row = new Map(users.map((u, i) => [u, i]));
  const col = new Map(items.map((m, j) => [m, j]));
  const known: number[] = [];
  const value: number[] = [];
  for (let k = 0; k < data.user.length; k++) {
    const i = row.get(data.user[k]!);
    const j = col.get(data.item[k]!);
    if (i === undefined || j === undefined) continue;
    known.push(i * n + j);
    value.push(data.rating[k]!);
  }
  const order = createRng(`mc-movielens/${seed}`).permutation(known.length);
  const cut = Math.max(1, Math.min(known.length - 1, Math.round(trainFraction * known.length)));
  const pick = (from: number, to: number) => {
    const idx = Array.from(order.subarray(from, to)).sort((a, b) => known[a]! - known[b]!);
    return { index: Int32Array.from(idx, (p) => known[p]!), value: Float64Array.from(idx, (p) => value[p]!) };
  };
  const train = pick(0, cut);
  const test = pick(cut, known.length);
  return { n, trainIndex: train.index, trainValue: train.value, testIndex: test.index, testValue: test.value, truth: null };
}
