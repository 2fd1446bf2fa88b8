/**
 * Practical ceilings (not a test): how many float32 GFLOP/s each backend reaches on a large matMul, and
 * the native reference, numpy on one BLAS thread.
 *  - benchCeilings(): a 512x512 float32 tf.matMul (fresh operands each call, best of 3) on tfjs's Node
 *    backends, cpu and wasm (scripts/bench/matmul-core.ts; Chromium's wasm figure comes from
 *    scripts/bench/threads.ts);
 *  - benchNumpy(): scripts/bench/numpy-step.py under python3 with OMP/OPENBLAS/MKL_NUM_THREADS=1: the same
 *    512x512 matMul and one hand-written depth-3 deep-matrix-factorisation gradient step at n = 100.
 *    Skipped, with the reason, when python3 or numpy is absent.
 *
 *   node --import tsx scripts/bench/ceilings.ts
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { selectNodeBackend } from '../../src/experiments/runtime/backends-node.ts';
import { timeMatMul } from './matmul-core.ts';

export async function benchCeilings(size = 512, budgetMs = 1000): Promise<object> {
  const backends: Record<string, unknown> = {};
  for (const name of ['cpu', 'wasm'] as const) {
    const choice = await selectNodeBackend(name);
    backends[name] = choice.backend === name ? await timeMatMul(size, { budgetMs, repetitions: 3, minCalls: 2 }) : { error: `backend ${name} unavailable` };
  }
  return { node: process.version, size, backends };
}

/** numpy's figures, or `{ skipped }` saying why there are none. */
export async function benchNumpy(budgetSeconds = 0.5): Promise<object> {
  const script = path.join(import.meta.dirname, 'numpy-step.py');
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const r = spawnSync('python3', [script, String(budgetSeconds)], { encoding: 'utf8', env, timeout: 120_000 });
  if (r.error) return { skipped: `python3 could not run (${r.error.message})` };
  if (r.status !== 0) return { skipped: `python3 ${path.basename(script)} failed (exit ${r.status}): ${r.stderr.trim().split('\n').pop() ?? ''}` };
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    return { skipped: `python3 ${path.basename(script)} printed no JSON` };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify({ tfjs: await benchCeilings(), numpy: await benchNumpy() }, null, 2));
}
