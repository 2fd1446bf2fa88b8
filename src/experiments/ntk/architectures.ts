/**
 * Figure 5: architecture matters. Kernel regression with the fully connected NTK, the vanilla CNTK
 * and the CNTK with global average pooling on 8 x 8 digits at small training sizes: the reduced-scale
 * mirror of Arora et al. (2019), where the pooled CNTK reached 77.4% on CIFAR-10.
 */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext, Snapshot } from '../runtime/types.ts';
import { createRng } from '../runtime/rng.ts';
import { fcKernels } from './kernels.ts';
import { cntkFull, cntkScratch, cntkSelfVariances, cntkVanilla, type CntkParams } from './cntk.ts';
import { loadDataset, standardiseRows, takeRows } from './datasets.ts';
import { accuracy, kernelRegression, oneHotTargets, subMatrix } from './regression.ts';
import { chunker, round } from './common.ts';
import { accuracyTable, compareAccuracies, summariseAccuracies } from './accuracy.ts';
import { gram } from './kernels.ts';
import { medianOf, squaredDistances, tuneByLoo } from './tuned.ts';
import { POLY_DEGREES, RBF_BANDWIDTHS, RIDGES, architecturesSpec, type architecturesSchema, type ArchitecturesConfig, type ArchitecturesResult } from './architectures.spec.ts';

async function* run(config: ArchitecturesConfig, context: RunContext = {}): AsyncGenerator<Snapshot<ArchitecturesResult>, ArchitecturesResult, void> {
  const work = chunker(context);
  const digits = await loadDataset('digits');
  const d = digits.d;
  const perm = createRng(config.seed).fork('ntk-architectures/split').permutation(digits.n);
  const poolSize = Math.max(config.pool, ...config.trainSizes);
  const testSize = Math.min(config.testSize, digits.n - poolSize);
  const rows = Int32Array.from([...perm.slice(0, poolSize), ...perm.slice(digits.n - testSize)]);
  const n = rows.length; // pool then test
  const x = standardiseRows(takeRows(digits.x, d, rows), n, d);
  const labels = Int32Array.from(rows, (r) => digits.labels[r]!);
  const p: CntkParams = { depth: config.depth, sigmaW: config.sigmaW, sigmaB: config.sigmaB, height: 8, width: 8 };

  const fc = fcKernels(x, n, null, n, d, config).ntk;
  const vanilla = new Float64Array(n * n);
  const gap = new Float64Array(n * n);
  const vanillaGp = new Float64Array(config.baselines ? n * n : 0);
  const gapGp = new Float64Array(config.baselines ? n * n : 0);
  const q = Array.from({ length: n }, (_, i) => cntkSelfVariances(x, i * d, p));
  const scratch = cntkScratch(p);
  const result: ArchitecturesResult = { rows: [], summary: [], kernelRows: 0 };
  const total = poolSize + config.seeds * config.trainSizes.length;
  // Only pool x (pool + test) entries are needed; test x test entries are never used.
  for (let i = 0; i < poolSize; i++) {
    const pause = work.within(i, total);
    for (let j = i; j < n; j++) {
      if ((j & 7) === 0) await pause((j - i) / (n - i));
      const v = cntkVanilla(x, i * d, q[i]!, x, j * d, q[j]!, p);
      const g = cntkFull(x, i * d, q[i]!, x, j * d, q[j]!, p, scratch);
      vanilla[i * n + j] = vanilla[j * n + i] = v[1];
      gap[i * n + j] = gap[j * n + i] = g[3];
      if (config.baselines) {
        vanillaGp[i * n + j] = vanillaGp[j * n + i] = g[0];
        gapGp[i * n + j] = gapGp[j * n + i] = g[2];
      }
    }
    result.kernelRows = i + 1;
    await work.pause();
    if (work.due()) yield { progress: { done: i + 1, total }, partial: structuredClone(result) };
  }
  const test = Int32Array.from({ length: testSize }, (_, i) => poolSize + i);
  const testLabels = Array.from(test, (i) => labels[i]!);
  const kernels: [string, Float64Array][] = [['FC-NTK', fc], ['CNTK-V', vanilla], ['CNTK-GAP', gap]];
  if (config.baselines) kernels.push(['CNNGP-V', vanillaGp], ['CNNGP-GAP', gapGp]);
  const dist2 = config.baselines ? squaredDistances(x, n, d) : new Float64Array(0);
  const dots = config.baselines ? gram(x, n, x, n, d) : new Float64Array(0);
  /** A kernel from a function of the squared distance or the inner product, on rows x cols. */
  const build = (rowsIdx: ArrayLike<number>, colsIdx: ArrayLike<number>, fn: (i: number, j: number) => number) => {
    const out = new Float64Array(rowsIdx.length * colsIdx.length);
    for (let a = 0; a < rowsIdx.length; a++) for (let b = 0; b < colsIdx.length; b++) out[a * colsIdx.length + b] = fn(rowsIdx[a]! * n + colsIdx[b]!, 0);
    return out;
  };
  const rbf = (l: number) => (ij: number) => Math.exp(-dist2[ij]! / (2 * l * l));
  const poly = (p: number) => (ij: number) => (dots[ij]! / d + 1) ** p;
  let done = poolSize;
  for (let s = 0; s < config.seeds; s++) {
    const order = createRng(config.seed).fork(`ntk-architectures/subset${s}`).permutation(poolSize);
    for (const size of [...config.trainSizes].sort((a, b) => a - b)) {
      const train = order.slice(0, size);
      const y = oneHotTargets(Array.from(train, (i) => labels[i]!), 10);
      for (const [method, k] of kernels) {
        const pred = kernelRegression(subMatrix(k, n, train, train), size, subMatrix(k, n, test, train), testSize, y, 10);
        result.rows.push({ dataset: 'digits', method, trainSize: size, seed: s, accuracy: round(accuracy(pred, 10, testLabels), 4) });
      }
      if (config.baselines) {
        // Tuned on the training images only: leave-one-out over the candidates and ridges.
        const trainLabels = Array.from(train, (i) => labels[i]!);
        const med = medianOf(dist2, n, train);
        const families: [string, ((ij: number) => number)[]][] = [
          ['RBF (tuned)', RBF_BANDWIDTHS.map((b) => rbf(b * med))],
          ['polynomial (tuned)', POLY_DEGREES.map((p) => poly(p))],
        ];
        for (const [method, fns] of families) {
          const choice = tuneByLoo(fns.map((fn) => build(train, train, fn)), size, y, 10, trainLabels, RIDGES);
          const fn = fns[choice.kernel]!;
          const pred = kernelRegression(build(train, train, fn), size, build(test, train, fn), testSize, y, 10, choice.ridge);
          result.rows.push({ dataset: 'digits', method, trainSize: size, seed: s, accuracy: round(accuracy(pred, 10, testLabels), 4) });
        }
      }
      done++;
    }
    await work.pause();
    result.summary = summariseAccuracies(result.rows);
    if (work.due()) yield { progress: { done, total }, partial: structuredClone(result) };
  }
  result.summary = summariseAccuracies(result.rows);
  return result;
}

const architectures: ExperimentDefinition<typeof architecturesSchema, ArchitecturesResult> = {
  ...architecturesSpec,
  run,
  compare: compareAccuracies,
  summarize: (r) => accuracyTable(r.summary),
};

export default architectures;
