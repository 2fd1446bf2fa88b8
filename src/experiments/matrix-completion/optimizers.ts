/**
 * Engine of mc-optimizers: a fair comparison of four optimizers on one deep matrix factorisation.
 * Every optimizer sweeps its own step-size grid on the same instances and initialisations; the best
 * step of each is chosen by one rule (`chooseBest`), and the figure compares best against best.
 *
 * Each run is advanced on its own (single [1, n, n] tensors, hand-written gradients of engine.ts):
 *   gd        W <- W - eta g
 *   momentum  v <- beta v + g, W <- W - eta v  (heavy ball, beta = 0.9)
 *   sgd       g on a fresh mini-batch of the observed entries each step (batchFraction of K, without
 *             replacement, scaled as its own mean squared error), W <- W - eta g
 *   adam      the engine's Adam (beta1 0.9, beta2 0.999, eps 1e-8)
 * A run stops at the training tolerance (full training MSE, read every `readEvery` steps), at the step
 * cap, or as diverged once its loss is not finite or ten times its initial loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { median } from '../runtime/stats.ts';
import { createThrottle, throwIfCancelled, yieldToEventLoop } from '../runtime/cancel.ts';
import { createRng } from '../runtime/rng.ts';
import type { ExperimentDefinition } from '../runtime/spec.ts';
import type { RunContext } from '../runtime/types.ts';
import { factorGradients, initialFactors } from './engine.ts';
import { reconstructionMetrics, round, spectrum } from './metrics.ts';
import { observedDense, syntheticProblem, type Problem } from './problem.ts';
import { perConfig } from './runner.ts';
import { ERROR_FLOOR, headlineError, maxLogDeviation } from './summary.ts';
import {
  medianOf,
  OPTIMIZERS,
  optimizersSpec,
  type OptimizerRun,
  type optimizersSchema,
  type OptimizersConfig,
  type OptimizersResult,
  type SweptOptimizer,
} from './optimizers.spec.ts';

const BETA = 0.9;
const TOP = 6;
const r5 = (x: number) => round(x, 5);

export function ratesOf(config: OptimizersConfig, optimizer: SweptOptimizer): number[] {
  return { gd: config.gdRates, momentum: config.momentumRates, sgd: config.sgdRates, adam: config.adamRates }[optimizer];
}

/**
 * The selection rule, one for all optimizers: the step size with the fewest steps to the training
 * tolerance, median over seeds, where a run that diverged or stopped at the cap counts as never
 * (ties: the smaller step). If no step size of an optimizer reaches the tolerance on most seeds, the
 * one with the lowest median final training loss (diverged runs count as infinite).
 */
export function chooseBest(runs: readonly Pick<OptimizerRun, 'learningRate' | 'status' | 'steps' | 'trainLoss'>[]): number | null {
  const rates = [...new Set(runs.map((r) => r.learningRate))].sort((a, b) => a - b);
  if (rates.length === 0) return null;
  const score = (rate: number, f: (r: (typeof runs)[number]) => number) => medianOf(runs.filter((r) => r.learningRate === rate).map(f));
  const reach = rates.map((rate) => ({ rate, s: score(rate, (r) => (r.status === 'converged' ? r.steps : Infinity)) }));
  const finite = reach.filter((x) => Number.isFinite(x.s));
  if (finite.length > 0) return finite.reduce((a, b) => (b.s < a.s ? b : a)).rate;
  const loss = rates.map((rate) => ({ rate, s: score(rate, (r) => (r.status === 'diverged' || !Number.isFinite(r.trainLoss) ? Infinity : r.trainLoss)) }));
  return loss.reduce((a, b) => (b.s < a.s ? b : a)).rate;
}

interface Task {
  optimizer: SweptOptimizer;
  learningRate: number;
  seed: number;
}

/** Trains one run to the tolerance, the cap or divergence; calls `onReadback` at every readback. */
export async function trainOne(
  problem: Problem,
  task: Task,
  config: OptimizersConfig,
  context: RunContext,
  onReadback: (run: OptimizerRun) => void,
): Promise<OptimizerRun> {
  const n = problem.n;
  const { values, mask } = observedDense(problem);
  const k = problem.trainIndex.length;
  const t3 = (a: ArrayLike<number>) => tf.tensor3d(Float32Array.from(a), [1, n, n]);
  const maskT = t3(mask);
  const target = t3(values);
  const fullScale = tf.tensor3d([2 / k], [1, 1, 1]);
  const batch = Math.max(1, Math.round(config.batchFraction * k));
  const batchScale = tf.tensor3d([2 / batch], [1, 1, 1]);
  const rng = createRng(`mc-sgd/${task.seed}`);
  let factors = initialFactors(n, config.depth, config.init, config.initScale, task.seed).map(t3);
  let m = factors.map((f) => tf.zerosLike(f));
  let v = factors.map((f) => tf.zerosLike(f));
  const run: OptimizerRun = {
    ...task,
    status: 'running',
    steps: 0,
    trainLoss: NaN,
    paperError: null,
    testError: NaN,
    effectiveRank: null,
    singularValues: [],
    trajectory: { step: [], trainLoss: [], paperError: [], effectiveRank: [], singularValues: [] },
  };
  let initial = NaN;
  const minibatch = (): tf.Tensor3D => {
    const picked = new Float32Array(n * n);
    const order = Array.from(problem.trainIndex);
    for (let i = 0; i < batch; i++) {
      const j = i + Math.floor(rng.uniform() * (order.length - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
      picked[order[i]!] = 1;
    }
    return tf.tensor3d(picked, [1, n, n]);
  };
  const step = (t: number) => {
    const batchMask = task.optimizer === 'sgd' ? minibatch() : null;
    const next = tf.tidy((): { w: tf.Tensor[]; m: tf.Tensor[]; v: tf.Tensor[] } => {
      const grads = batchMask ? factorGradients(factors, batchMask, target, batchScale) : factorGradients(factors, maskT, target, fullScale);
      const eta = task.learningRate;
      if (task.optimizer === 'gd' || task.optimizer === 'sgd') return { w: factors.map((w, j) => tf.sub(w, tf.mul(grads[j]!, eta))), m: [], v: [] };
      if (task.optimizer === 'momentum') {
        const ms = grads.map((g, j) => tf.add(tf.mul(m[j]!, BETA), g));
        return { w: factors.map((w, j) => tf.sub(w, tf.mul(ms[j]!, eta))), m: ms, v: [] };
      }
      const c1 = 1 / (1 - Math.pow(0.9, t));
      const c2 = 1 / (1 - Math.pow(0.999, t));
      const ms = grads.map((g, j) => tf.add(tf.mul(m[j]!, 0.9), tf.mul(g, 0.1)));
      const vs = grads.map((g, j) => tf.add(tf.mul(v[j]!, 0.999), tf.mul(tf.square(g), 0.001)));
      return { w: factors.map((w, j) => tf.sub(w, tf.mul(tf.div(tf.mul(ms[j]!, c1), tf.add(tf.sqrt(tf.mul(vs[j]!, c2)), 1e-8)), eta))), m: ms, v: vs };
    });
    batchMask?.dispose();
    tf.dispose(factors);
    factors = next.w as tf.Tensor3D[];
    if (next.m.length) {
      tf.dispose(m);
      m = next.m as tf.Tensor3D[];
    }
    if (next.v.length) {
      tf.dispose(v);
      v = next.v as tf.Tensor3D[];
    }
  };
  try {
    for (let t = 0; ; ) {
      const e = tf.tidy(() => factors.slice(1).reduce((acc, w) => tf.matMul(w, acc), factors[0]!));
      const w = (await e.data()) as Float32Array;
      if (e !== factors[0]) e.dispose();
      const metrics = reconstructionMetrics(problem, w);
      const finite = w.every(Number.isFinite) && Number.isFinite(metrics.trainLoss);
      const s = finite ? spectrum(w, n) : null;
      if (t === 0) initial = metrics.trainLoss;
      run.steps = t;
      run.trainLoss = r5(metrics.trainLoss);
      run.testError = r5(metrics.testError);
      run.paperError = metrics.paperError === null ? null : r5(metrics.paperError);
      run.effectiveRank = s ? r5(s.effectiveRank) : null;
      run.singularValues = s ? s.singularValues.slice(0, TOP).map(r5) : [];
      run.trajectory.step.push(t);
      run.trajectory.trainLoss.push(run.trainLoss);
      run.trajectory.paperError.push(run.paperError);
      run.trajectory.effectiveRank.push(run.effectiveRank ?? NaN);
      run.trajectory.singularValues.push(run.singularValues);
      if (!finite || metrics.trainLoss > 10 * initial) run.status = 'diverged';
      else if (metrics.trainLoss <= config.targetLoss) run.status = 'converged';
      else if (t >= config.maxSteps) run.status = 'max-steps';
      onReadback(run);
      if (run.status !== 'running') return run;
      throwIfCancelled(context.signal);
      await yieldToEventLoop();
      const chunk = Math.min(config.readEvery, config.maxSteps - t);
      for (let s = 0; s < chunk; s++) step(++t);
    }
  } finally {
    tf.dispose([...factors, ...m, ...v, maskT, target, fullScale, batchScale]);
  }
}

function bestOf(runs: OptimizerRun[]): OptimizersResult['best'] {
  return Object.fromEntries(OPTIMIZERS.map((o) => [o, chooseBest(runs.filter((r) => r.optimizer === o && r.status !== 'running'))])) as OptimizersResult['best'];
}

const problemsOf = perConfig((config: OptimizersConfig) => new Map(config.seeds.map((seed) => [seed, syntheticProblem(config.n, config.rank, config.observations, seed)])));

/** Every run of the sweep, in the result's order: optimizer, then step size, then seed. */
const tasksOf = (config: OptimizersConfig): Task[] =>
  OPTIMIZERS.flatMap((optimizer) => ratesOf(config, optimizer).flatMap((learningRate) => config.seeds.map((seed) => ({ optimizer, learningRate, seed }))));

function resultOf(config: OptimizersConfig, runs: OptimizerRun[]): OptimizersResult {
  return { n: config.n, rank: config.rank, observations: config.observations, depth: config.depth, targetLoss: config.targetLoss, maxSteps: config.maxSteps, runs, best: bestOf(runs) };
}

const mcOptimizers: ExperimentDefinition<typeof optimizersSchema, OptimizersResult> = {
  ...optimizersSpec,
  async *run(config: OptimizersConfig, context: RunContext = {}) {
    const tasks = tasksOf(config);
    const done: OptimizerRun[] = [];
    const throttle = createThrottle(context.snapshotIntervalMs ?? 0);
    const total = tasks.length * config.maxSteps;
    for (const task of tasks) {
      done.push(await trainOne(problemsOf(config).get(task.seed)!, task, config, context, () => {}));
      if (throttle()) yield { progress: { done: done.length * config.maxSteps, total }, partial: resultOf(config, [...done]) };
    }
    return resultOf(config, [...done]);
  },
  // Every run trains on its own tensors with its own seeds: a pool shares them.
  plan: tasksOf,
  runTask: (config, task: Task, context = {}) =>
    trainOne(problemsOf(config).get(task.seed)!, task, config, context, (run) => context.onProgress?.({ done: run.steps, total: config.maxSteps })),
  assemble: (config, results) => resultOf(config, results as OptimizerRun[]),
  compare: (a, b) => {
    const key = (r: OptimizerRun) => `${r.optimizer}/${r.learningRate}/${r.seed}`;
    const other = new Map(b.runs.map((r) => [key(r), r]));
    const pairs = a.runs.map((r) => [r, other.get(key(r))] as const);
    if (pairs.some(([, y]) => !y)) return Infinity;
    // Diverged runs are compared by status alone.
    const kept = pairs.filter(([x, y]) => x.status !== 'diverged' && y!.status !== 'diverged');
    const statusMismatch = pairs.some(([x, y]) => (x.status === 'diverged') !== (y!.status === 'diverged'));
    return statusMismatch ? Infinity : maxLogDeviation(kept.map(([x]) => headlineError(x)), kept.map(([, y]) => headlineError(y!)), ERROR_FLOOR);
  },
  summarize: (r) =>
    OPTIMIZERS.flatMap((optimizer) =>
      [...new Set(r.runs.filter((x) => x.optimizer === optimizer).map((x) => x.learningRate))].map((rate) => {
        const list = r.runs.filter((x) => x.optimizer === optimizer && x.learningRate === rate);
        return {
          optimizer,
          rate,
          best: r.best[optimizer] === rate ? 'yes' : '',
          converged: `${list.filter((x) => x.status === 'converged').length}/${list.length}`,
          diverged: list.filter((x) => x.status === 'diverged').length,
          medianSteps: medianOf(list.map((x) => (x.status === 'converged' ? x.steps : Infinity))),
          medianError: round(median(list.map(headlineError)), 5),
          medianRank: round(median(list.map((x) => x.effectiveRank ?? NaN)), 3),
        };
      }),
    ),
};

export default mcOptimizers;
