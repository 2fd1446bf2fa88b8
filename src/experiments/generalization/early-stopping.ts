/**
 * Early stopping against full optimisation (early-stopping): the closed-form gradient-descent path of
 * NTK regression on digits with corrupted training labels. Float64 plain JS (ml-matrix): no tfjs.
 */
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext, Snapshot } from '../runtime/types.ts';
import { createRng } from '../runtime/rng.ts';
import { groupBy, meanSd, median, roundTo } from '../runtime/stats.ts';
import { fcKernels } from '../ntk/kernels.ts';
import { loadDataset, standardiseRows } from '../ntk/datasets.ts';
import { accuracy, matMul, meanDiagonal, oneHotTargets, subMatrix } from '../ntk/regression.ts';
import { chunker } from '../ntk/common.ts';
import { filter, kernelPath, project } from './gd-path.ts';
import { earlyStoppingSpec, type earlyStoppingSchema, type EarlyStoppingConfig, type EarlyStoppingResult, type Headline } from './early-stopping.spec.ts';

const CLASSES = 10;
const round = (x: number) => roundTo(x, 4);

/** Log-spaced steps 1 .. maxSteps, `perDecade` a decade, rounded to integers, without repeats. */
export function stepGrid(maxSteps: number, perDecade: number): number[] {
  const out = new Set<number>([0]);
  const decades = Math.log10(maxSteps);
  for (let i = 0; i <= Math.ceil(decades * perDecade); i++) out.add(Math.round(10 ** Math.min(decades, i / perDecade)));
  return [...out].sort((a, b) => a - b);
}

/** Labels with a fraction replaced by a uniformly random other class (exactly round(fraction n) of them). */
export function corrupt(labels: readonly number[], fraction: number, rng: ReturnType<typeof createRng>): number[] {
  const out = [...labels];
  const order = rng.permutation(labels.length);
  const count = Math.round(fraction * labels.length);
  for (let i = 0; i < count; i++) {
    const r = order[i]!;
    out[r] = (labels[r]! + 1 + Math.floor(rng.uniform() * (CLASSES - 1))) % CLASSES;
  }
  return out;
}

async function* run(config: EarlyStoppingConfig, context: RunContext = {}): AsyncGenerator<Snapshot<EarlyStoppingResult>, EarlyStoppingResult, void> {
  const work = chunker(context);
  const digits = await loadDataset('digits');
  const d = digits.d;
  const n = config.trainSize;
  const nv = config.validationSize;
  const testSize = digits.n - 700 - 300; // 797 images, never in a training or validation set
  const steps = stepGrid(config.maxSteps, config.perDecade);
  const result: EarlyStoppingResult = { rows: [], ends: [], stops: [], summary: [], headline: [] };
  const total = config.seeds * (1 + config.noise.length);
  let done = 0;
  const split = createRng(config.seed).fork('early-stopping/split').permutation(digits.n);
  const test = split.slice(digits.n - testSize);
  const pool = split.slice(0, 1000);
  const testLabels = Array.from(test, (r) => digits.labels[r]!);
  // One kernel over every image (per-image standardisation): each subset's kernels are sub-matrices.
  const k = fcKernels(standardiseRows(digits.x, digits.n, d), digits.n, null, digits.n, d, config).ntk;
  await work.pause();
  for (let s = 0; s < config.seeds; s++) {
    const order = createRng(config.seed).fork(`early-stopping/subset${s}`).permutation(pool.length);
    const train = Int32Array.from(order.slice(0, n), (i) => pool[i]!);
    const val = Int32Array.from(order.slice(n, n + nv), (i) => pool[i]!);
    const other = Int32Array.from([...val, ...test]);
    const kTrain = subMatrix(k, digits.n, train, train);
    const path = kernelPath(kTrain, n);
    // K(other, train) V: predictions at any step are this times diag(g) V^T Y.
    const kv = matMul(subMatrix(k, digits.n, other, train), nv + testSize, n, path.vectors, n);
    const ridge = 1e-10 * meanDiagonal(kTrain, n);
    done++;
    await work.pause();
    const cleanTrain = Array.from(train, (r) => digits.labels[r]!);
    const cleanVal = Array.from(val, (r) => digits.labels[r]!);
    for (const noise of config.noise) {
      const rng = createRng(config.seed).fork(`early-stopping/noise${noise}/s${s}`);
      const yTrain = corrupt(cleanTrain, noise, rng);
      const yVal = corrupt(cleanVal, noise, rng);
      const z = project(path, oneHotTargets(yTrain, CLASSES), CLASSES);
      const evaluate = (g: Float64Array) => {
        const gz = new Float64Array(n * CLASSES);
        const lz = new Float64Array(n * CLASSES);
        for (let j = 0; j < n; j++) {
          for (let c = 0; c < CLASSES; c++) {
            gz[j * CLASSES + c] = g[j]! * z[j * CLASSES + c]!;
            lz[j * CLASSES + c] = path.lambda[j]! * gz[j * CLASSES + c]!;
          }
        }
        const fTrain = matMul(path.vectors, n, n, lz, CLASSES);
        const fOther = matMul(kv, nv + testSize, n, gz, CLASSES);
        return {
          train: accuracy(fTrain, CLASSES, yTrain),
          validation: accuracy(fOther.subarray(0, nv * CLASSES), CLASSES, yVal),
          test: accuracy(fOther.subarray(nv * CLASSES), CLASSES, testLabels),
        };
      };
      let best: { step: number; validation: number; test: number } | null = null;
      for (const step of steps) {
        const a = evaluate(filter(path, step, config.rate));
        result.rows.push({ noise, seed: s, step, train: round(a.train), validation: round(a.validation), test: round(a.test) });
        if (!best || a.validation > best.validation) best = { step, validation: a.validation, test: a.test };
      }
      const end = evaluate(filter(path, Infinity, config.rate, ridge));
      result.ends.push({ noise, seed: s, train: round(end.train), validation: round(end.validation), test: round(end.test) });
      result.stops.push({ noise, seed: s, step: best!.step, test: round(best!.test) });
      done++;
      await work.pause();
      if (work.due()) yield { progress: { done, total }, partial: summarise(result) };
    }
  }
  return summarise(result);
}

/** Mean paths and the headline per noise level. */
export function summarise(result: EarlyStoppingResult): EarlyStoppingResult {
  const summary = [...groupBy(result.rows, (r) => `${r.noise}|${r.step}`).values()].map((g) => ({
    noise: g[0]!.noise,
    step: g[0]!.step,
    train: round(meanSd(g.map((r) => r.train)).mean),
    test: round(meanSd(g.map((r) => r.test)).mean),
  }));
  const headline: Headline[] = [...groupBy(result.ends, (r) => String(r.noise)).values()].map((ends) => {
    const noise = ends[0]!.noise;
    const stops = result.stops.filter((s) => s.noise === noise);
    const e = meanSd(ends.map((r) => r.test));
    const st = meanSd(stops.map((r) => r.test));
    return {
      noise,
      end: round(e.mean),
      endSd: round(e.sd),
      early: round(st.mean),
      earlySd: round(st.sd),
      step: median(stops.map((r) => r.step)),
      endTrain: round(meanSd(ends.map((r) => r.train)).mean),
    };
  });
  return { ...result, rows: [...result.rows], ends: [...result.ends], stops: [...result.stops], summary, headline };
}

function compare(a: EarlyStoppingResult, b: EarlyStoppingResult): number {
  if (a.rows.length !== b.rows.length || a.ends.length !== b.ends.length) return Infinity;
  let m = 0;
  a.rows.forEach((r, i) => {
    const o = b.rows[i]!;
    m = Math.max(m, Math.abs(r.test - o.test), Math.abs(r.train - o.train), Math.abs(r.validation - o.validation));
  });
  a.ends.forEach((r, i) => (m = Math.max(m, Math.abs(r.test - b.ends[i]!.test))));
  return m;
}

const earlyStopping: ExperimentDefinition<typeof earlyStoppingSchema, EarlyStoppingResult> = {
  ...earlyStoppingSpec,
  run,
  compare,
  summarize: (r) =>
    r.headline.map((h) => ({
      'label noise': h.noise,
      'test acc, end point': h.end,
      'test acc, early stop': h.early,
      'chosen step (median)': h.step,
      'train acc at end': h.endTrain,
    })),
};

export default earlyStopping;
