import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPublishedData } from '../../../src/experiments/runtime/data-file.ts';
import { selectNodeBackend } from '../../../src/experiments/runtime/backends-node.ts';
import mcOptimizers, { chooseBest, ratesOf, trainOne } from '../../../src/experiments/matrix-completion/optimizers.ts';
import { OPTIMIZERS, optimizersSchema, type OptimizerRun, type OptimizersResult } from '../../../src/experiments/matrix-completion/optimizers.spec.ts';
import { syntheticProblem } from '../../../src/experiments/matrix-completion/problem.ts';

beforeAll(async () => {
  await selectNodeBackend('cpu');
});

const run = (learningRate: number, status: OptimizerRun['status'], steps: number, trainLoss = 1e-7) => ({ learningRate, status, steps, trainLoss });

describe('mc-optimizers selection rule', () => {
  it('picks the fewest median steps to the tolerance; diverged and capped runs count as never', () => {
    const runs = [run(1, 'converged', 900), run(1, 'converged', 1000), run(1, 'converged', 1100), run(2, 'converged', 400), run(2, 'diverged', 50), run(2, 'diverged', 50), run(4, 'converged', 500), run(4, 'converged', 600), run(4, 'max-steps', 3000)];
    // step 2 reaches the tolerance fastest once but diverges on two seeds out of three.
    expect(chooseBest(runs)).toBe(4);
  });
  it('falls back to the lowest median final loss, and the smaller step on ties', () => {
    expect(chooseBest([run(1, 'max-steps', 100, 1e-3), run(2, 'max-steps', 100, 1e-4), run(4, 'diverged', 5, NaN)])).toBe(2);
    expect(chooseBest([run(1, 'converged', 100), run(2, 'converged', 100)])).toBe(1);
    expect(chooseBest([])).toBeNull();
  });
});

describe('mc-optimizers engine', () => {
  const config = optimizersSchema.parse({ n: 16, rank: 2, observations: 120, seeds: [1], maxSteps: 1500, readEvery: 50 });
  const problem = syntheticProblem(config.n, config.rank, config.observations, 1);

  it('mini-batch SGD with the whole set as its batch is gradient descent', async () => {
    const gd = await trainOne(problem, { optimizer: 'gd', learningRate: 2, seed: 1 }, { ...config, maxSteps: 200 }, {}, () => {});
    const sgd = await trainOne(problem, { optimizer: 'sgd', learningRate: 2, seed: 1 }, { ...config, batchFraction: 1, maxSteps: 200 }, {}, () => {});
    expect(sgd.trajectory.trainLoss).toEqual(gd.trajectory.trainLoss);
  });

  it('best against best: Adam ends farther from the truth, with a higher effective rank, than gradient descent', async () => {
    // The reduced instance (n = 40, K = 462), one step size per optimizer around its reduced best, a shorter cap.
    const small = optimizersSchema.parse({ ...mcOptimizers.reduced, maxSteps: 1500, gdRates: [4], momentumRates: [1.6], sgdRates: [2], adamRates: [1e-2] });
    const gen = mcOptimizers.run(small, {});
    let result;
    for (;;) {
      const s = await gen.next();
      if (s.done) {
        result = s.value;
        break;
      }
    }
    const best = (o: OptimizerRun['optimizer']) => result.runs.find((r) => r.optimizer === o && r.learningRate === result.best[o])!;
    const gd = best('gd');
    const adam = best('adam');
    expect(gd.status).toBe('converged');
    expect(adam.status).toBe('converged');
    expect(adam.paperError!).toBeGreaterThan(10 * gd.paperError!);
    expect(adam.effectiveRank!).toBeGreaterThan(gd.effectiveRank! + 0.2);
  }, 120_000);
});

describe.each(['mc-optimizers.json', 'mc-optimizers.reduced.json'])('mc-optimizers published sweep (%s)', (name) => {
  const file = `content/data/${name}`;
  const published = readPublishedData(readFileSync(file, 'utf8'), 'mc-optimizers', file);
  const config = optimizersSchema.parse(published.config);
  const result = published.result as OptimizersResult;

  it.each(OPTIMIZERS)('%s: the grid brackets the chosen step, and no run at or below it stops at the cap', (optimizer) => {
    const runs = result.runs.filter((r) => r.optimizer === optimizer);
    const rates = [...ratesOf(config, optimizer)].sort((a, b) => a - b);
    expect(new Set(runs.map((r) => r.learningRate))).toEqual(new Set(rates));
    const best = result.best[optimizer]!;
    // A smaller and a larger step were tried, each slower or failing: the best is not an edge of the grid.
    expect(best).toBeGreaterThan(rates[0]!);
    expect(best).toBeLessThan(rates.at(-1)!);
    expect(runs.filter((r) => r.learningRate === best).every((r) => r.status === 'converged')).toBe(true);
    // Capped runs, if any, are steps too large to settle (they oscillate without diverging), never slow small steps.
    for (const r of runs.filter((r) => r.status === 'max-steps')) expect(r.learningRate).toBeGreaterThan(best);
  });
});
