import { createRequire } from 'node:module';
import path from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend, type BackendName, type BackendChoice } from './backend.ts';

const require = createRequire(import.meta.url);
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'));
setWasmPaths(wasmDir + path.sep);

/** Node hosts (precompute, CLI, tests): cpu and wasm. */
export function selectNodeBackend(preferred: BackendName = 'cpu'): Promise<BackendChoice> {
  return selectBackend([preferred, ...(['cpu', 'wasm'] as const).filter((b) => b !== preferred)]);
}
