// Serve mode's OTLP side: the store (a contract database), the receiver on its loopback port,
// and the engine opening that database so received traces show in the app like any file's.
import type { Engine } from '../../db/engine/engine.ts';
import { OtlpIngestThread } from '../../db/otlp/ingest-thread.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';

export interface RunningOtlp {
  url: string;
  db: string;
  close: () => Promise<void>;
}

export async function startOtlp(engine: Engine, path: string, port: number): Promise<RunningOtlp> {
  // Decoding and writing run on their own thread: a 16 MiB batch held the API's answers for ~2 s
  // on the server's loop (docs/otlp.md). It creates the file and its table before resolving,
  // so the engine can open it.
  const store = await OtlpIngestThread.start(path);
  let receiver;
  try {
    receiver = await startOtlpReceiver(store, { port });
  } catch (err) {
    await store.close();
    throw err;
  }
  try {
    const opened = await engine.invoke('open', { path });
    return {
      url: receiver.url,
      db: opened.db,
      close: async () => {
        await receiver.close();
        await store.close();
      },
    };
  } catch (err) {
    await receiver.close();
    await store.close();
    throw err;
  }
}
