/**
 * Pool benchmark (not a test): one experiment's published config run whole in this process, then on
 * the Node worker-thread pool with 1 and 2 workers (src/experiments/runtime/pool-node.ts). Reports
 * wall seconds (worker start-up included), runs per second, and whether the three results are
 * byte-identical.
 *
 *   node --import tsx scripts/bench/pool.ts [experiment-id]
 */
import os from 'node:os';
import { loadEngine } from '../../src/experiments/registry.ts';
import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../../src/experiments/runtime/consume.ts';
import { runPooled } from '../../src/experiments/runtime/pool-node.ts';
import { publishedConfig } from '../../src/experiments/runtime/spec.ts';

export async function benchPool(id = 'ntk-concentration'): Promise<object> {
  const experiment = await loadEngine(id);
  const config = publishedConfig(experiment);
  const runs = experiment.plan!(config).length;
  await selectNodeBackend('wasm');
  const time = async (f: () => Promise<unknown>) => {
    const started = performance.now();
    const text = JSON.stringify(await f());
    return { seconds: (performance.now() - started) / 1000, text };
  };
  const whole = await time(() => runToEnd(experiment, config));
  const rows = [{ mode: 'in process (no pool)', workers: 0, seconds: whole.seconds, runsPerSecond: runs / whole.seconds, identical: true }];
  for (const workers of [1, 2]) {
    const pooled = await time(() => runPooled(experiment, config, { workers, backend: 'wasm' }));
    rows.push({ mode: 'pool', workers, seconds: pooled.seconds, runsPerSecond: runs / pooled.seconds, identical: pooled.text === whole.text });
  }
  return {
    experiment: id,
    runs,
    cores: os.availableParallelism(),
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
    measuredAt: new Date().toISOString(),
    rows: rows.map((r) => ({ ...r, seconds: Number(r.seconds.toFixed(1)), runsPerSecond: Number(r.runsPerSecond.toFixed(2)) })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchPool(process.argv[2]), null, 2));
}
