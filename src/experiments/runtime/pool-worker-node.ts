/** One thread of the Node pool (pool-node.ts): loads the engine once, then runs the tasks it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngine } from '../registry.ts';
import { selectNodeBackend } from './backends-node.ts';
import type { PoolHostMessage, PoolWorkerData, PoolWorkerMessage } from './pool-node.ts';

const data = workerData as PoolWorkerData;
const port = parentPort!;
const post = (message: PoolWorkerMessage) => port.postMessage(message);

const engine = await loadEngine(data.experiment);
if (!engine.runTask) throw new Error(`${data.experiment} has no runTask`);
const runTask = engine.runTask.bind(engine);
const chosen = await selectNodeBackend(data.backend);
const config = engine.schema.parse(data.config);

port.on('message', (message: PoolHostMessage) => {
  if (message.type === 'close') {
    port.close();
    return;
  }
  if (message.index === data.crashOnTask) process.exit(3);
  const { index } = message;
  runTask(config, message.task, { onProgress: (p) => post({ type: 'progress', index, fraction: p.done / p.total }), snapshotIntervalMs: 200 }).then(
    (value) => post({ type: 'result', index, value }),
    (error: unknown) => post({ type: 'error', index, message: error instanceof Error ? error.message : String(error) }),
  );
});
post({ type: 'ready', backend: chosen.backend });
