/**
 * NTK benchmark (not a test): kernel entries per second (analytic FC NTK, CNTK), dense and iterative
 * solve times, and per Node backend (cpu, wasm) the float32 CG and empirical-NTK times.
 *
 *   node --import tsx scripts/bench/ntk.ts
 */
import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { benchBackend, benchKernels } from '../../src/experiments/ntk/bench-core.ts';

export async function benchNtk(): Promise<object> {
  const kernels = await benchKernels();
  const backends: Record<string, unknown> = {};
  for (const name of ['cpu', 'wasm'] as const) {
    const choice = await selectNodeBackend(name);
    backends[name] = choice.backend === name ? await benchBackend() : { error: `backend ${name} unavailable` };
  }
  return { node: process.version, kernels, backends };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchNtk(), null, 2));
}
