// Measures the speed probe (src/experiments/runtime/probe.ts) in Node on wasm, one thread, and writes
// it to src/experiments/runtime/probe-reference.json: the reference computer's rate, against which a
// reader's probe scales the time estimates. Run on the computer that ran `npm run precompute` (whose
// wall times the estimates are anchored at): `node --import tsx scripts/probe-reference.ts`.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import '../src/experiments/runtime/backends-node.ts';
import { selectBackend } from '../src/experiments/runtime/backend.ts';
import { probeSpeed } from '../src/experiments/runtime/probe.ts';
import { median } from '../src/experiments/runtime/stats.ts';

await selectBackend(['wasm']);
const rates: number[] = [];
for (let i = 0; i < 5; i++) rates.push((await probeSpeed(1000)).rate);
const reference = {
  rate: Math.round(median(rates) * 10) / 10,
  backend: 'wasm',
  runtime: `Node ${process.version}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  measuredAt: new Date().toISOString().slice(0, 10),
  rates: rates.map((r) => Math.round(r * 10) / 10),
};
writeFileSync(new URL('../src/experiments/runtime/probe-reference.json', import.meta.url), `${JSON.stringify(reference, null, 2)}\n`);
console.log(reference);
