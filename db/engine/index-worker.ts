// The indexer thread of one database: builds and tails its sidecar (see db/index/live-index.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../api/errors.ts';
import { LiveIndex } from '../index/live-index.ts';
import type { IndexCommand, IndexEvent, IndexWorkerData } from './messages.ts';

const data = workerData as IndexWorkerData;
const emit = (e: IndexEvent) => parentPort!.postMessage(e);

const live = new LiveIndex({ ...data, emit });
try {
  const rebuiltBecause = live.start();
  emit({ type: 'ready', sidecarPath: live.sidecarPath, rebuiltBecause });
} catch (err) {
  emit({ type: 'fatal', error: toApiError(err) });
  process.exit(0);
}

parentPort!.on('message', async (cmd: IndexCommand) => {
  if (cmd.type === 'thresholds') {
    try {
      live.setRules(cmd.rules);
    } finally {
      emit({ type: 'thresholds-applied', seq: cmd.seq });
    }
  }
  if (cmd.type === 'close') {
    await live.stop();
    process.exit(0);
  }
});
