// The OTLP ingest thread: decodes request bodies and writes their rows, so a 16 MiB batch (about
// 2 s of parsing and inserting) never holds the server's loop that answers the API.
import { parentPort, workerData } from 'node:worker_threads';
import { ingestTraceRequest } from './ingest.ts';
import { OtlpDecodeError } from './model.ts';
import { OtlpStore } from './otlp-store.ts';
import type { IngestCommand, IngestEvent } from './ingest-thread.ts';

const port = parentPort!;
const post = (e: IngestEvent) => port.postMessage(e);
let store: OtlpStore;
try {
  store = new OtlpStore((workerData as { path: string }).path);
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'failed', message: (err as Error).message });
  port.close();
}

port.on('message', (m: IngestCommand) => {
  if (m.type === 'close') {
    store.close();
    port.close();
    return;
  }
  try {
    const result = ingestTraceRequest(
      store,
      m.encoding,
      Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength),
    );
    post({ type: 'done', id: m.id, ok: true, ...result });
  } catch (err) {
    post({
      type: 'done',
      id: m.id,
      ok: false,
      decode: err instanceof OtlpDecodeError,
      message: (err as Error).message,
    });
  }
});
