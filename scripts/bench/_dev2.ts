import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { runToEnd } from '../../src/experiments/runtime/consume.ts';
import { experiments } from '../../src/experiments/matrix-completion/index.ts';
const [be, preset, only] = process.argv.slice(2);
await selectNodeBackend(be as 'cpu');
for (const e of experiments) {
  if (only && !only.split(',').includes(e.id)) continue;
  const t0 = performance.now();
  const r = await runToEnd(e, (e.presets as any)[preset ?? 'reduced']);
  console.log(e.id, ((performance.now() - t0) / 1000).toFixed(1), 's');
  console.table(e.summarize!(r));
}
