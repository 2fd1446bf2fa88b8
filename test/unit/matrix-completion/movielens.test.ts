import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/experiments/runtime/rng.ts';
import { runFromInput } from '../../../src/experiments/runtime/consume.ts';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import { MovieLensFormatError, movieLensProblem, parseMovieLens } from '../../../src/experiments/matrix-completion/movielens.ts';
import { createMovieLensExperiment } from '../../../src/experiments/matrix-completion/movielens-experiment.ts';
import { movieLensSpec } from '../../../src/experiments/matrix-completion/movielens.spec.ts';

/** A synthetic file in the format of MovieLens 100k's u.data (never the real data, which we may not ship). */
function syntheticUData(lines = 100_000): string {
  const rng = createRng('fake-u.data');
  const seen = new Set<number>();
  const out: string[] = [];
  while (out.length < lines) {
    // Skewed activity, so that "most active" is meaningful.
    const user = 1 + Math.floor(943 * rng.uniform() ** 2);
    const item = 1 + Math.floor(1682 * rng.uniform() ** 2);
    const key = user * 2048 + item;
    if (seen.has(key)) continue;
    seen.add(key);
    const rating = 1 + ((user + item) % 5);
    out.push(`${user}\t${item}\t${rating}\t${874965758 + out.length}`);
  }
  return `${out.join('\n')}\n`;
}

const valid = syntheticUData();

describe('MovieLens u.data parser', () => {
  it('reads a file in the u.data format', () => {
    const data = parseMovieLens(valid);
    expect(data.user.length).toBe(100_000);
    expect(Math.max(...data.user)).toBeLessThanOrEqual(943);
    expect(Math.min(...data.rating)).toBeGreaterThanOrEqual(1);
    // Windows line endings are fine too.
    expect(parseMovieLens(valid.replace(/\n/g, '\r\n')).user.length).toBe(100_000);
  });

  const lines = valid.split('\n');
  it('accepts a subset of u.data (fewer ratings, every line valid)', () => {
    const data = parseMovieLens(lines.slice(0, 5000).join('\n'));
    expect(data.user.length).toBe(5000);
    expect(data.rating[4999]).toBe(Number(lines[4999]!.split('\t')[2]));
  });

  const replaceLine = (i: number, text: string) => [...lines.slice(0, i), text, ...lines.slice(i + 1)].join('\n');
  it.each([
    ['an empty file', '', /empty/],
    ['a ZIP archive', 'PK\u0003\u0004rest', /ZIP archive/],
    ['u.item', '1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0\n', /u\.item or u\.user/],
    ['a CSV (ml-latest ratings.csv)', 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n', /line 1/],
    ['a file longer than u.data', [...lines.slice(0, 100_000), '944\t1\t3\t874965758'].join('\n'), /expected at most 100,000 ratings, found 100,001/],
    ['a file cut in the middle of a line', lines.slice(0, 5000).join('\n').slice(0, -12), /line 5000 has \d tab-separated field/],
    ['a rating out of range', replaceLine(10, '5\t6\t9\t874965758'), /line 11: rating 9 is outside 1\.\.5/],
    ['an unknown user', replaceLine(3, '944\t6\t3\t874965758'), /line 4: user 944 is outside 1\.\.943/],
    ['an unknown item', replaceLine(3, '4\t1683\t3\t874965758'), /item 1683 is outside 1\.\.1682/],
    ['a fractional rating', replaceLine(0, '1\t1\t3.5\t874965758'), /not a whole number/],
    ['a missing field', replaceLine(7, '1\t1\t3'), /line 8 has 3 tab-separated field/],
    ['a duplicated rating', replaceLine(1, lines[0]!), /rates item \d+ a second time/],
  ])('refuses %s with a clear message', (_, text, message) => {
    expect(() => parseMovieLens(text)).toThrow(MovieLensFormatError);
    expect(() => parseMovieLens(text)).toThrow(message);
  });

  it('builds a sub-matrix of the most active users and items, split into train and test', () => {
    const data = parseMovieLens(valid);
    const problem = movieLensProblem(data, 30, 0.8, 1);
    const total = problem.trainIndex.length + problem.testIndex.length;
    expect(problem.trainIndex.length / total).toBeCloseTo(0.8, 2);
    const train = new Set(problem.trainIndex);
    expect(Array.from(problem.testIndex).some((k) => train.has(k))).toBe(false);
    expect(problem.truth).toBeNull();
  });

  it('has a spec whose engine needs the parsed file', async () => {
    expect(movieLensSpec.schema.parse(movieLensSpec.reduced)).toEqual(movieLensSpec.schema.parse({}));
    await expect(movieLensSpec.engine()).rejects.toThrow(/createMovieLensExperiment/);
  });

  it('runs the reduced MovieLens experiment on the parsed file', async () => {
    await selectNodeBackend('wasm');
    const experiment = createMovieLensExperiment(parseMovieLens(valid));
    const result = await runFromInput(experiment, { n: 20, depths: [1, 3], maxSteps: 300 });
    expect(result.runs.map((r) => r.depth)).toEqual([1, 3]);
    expect(result.nuclear!.converged).toBe(true);
    for (const r of result.runs) expect(Number.isFinite(r.testRmse)).toBe(true);
  });
});
