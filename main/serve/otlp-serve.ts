// Serve mode's OTLP side: the store (a contract database), the receiver on its loopback port,
// and the engine opening that database so received traces show in the app like any file's.
import type { Engine } from '../../db/engine/engine.ts';
import { OtlpStore } from '../../db/otlp/otlp-store.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';

export interface RunningOtlp {
  url: string;
  db: string;
  close(): Promise<void>;
}

export async function startOtlp(engine: Engine, path: string, port: number): Promise<RunningOtlp> {
  const store = new OtlpStore(path); // creates the file and its table, so the engine can open it
  let receiver;
  try {
    receiver = await startOtlpReceiver(store, { port });
  } catch (err) {
    store.close();
    throw err;
  }
  try {
    const opened = await engine.invoke('open', { path });
    return {
      url: receiver.url,
      db: opened.db,
      close: async () => {
        await receiver.close();
        store.close();
      },
    };
  } catch (err) {
    await receiver.close();
    store.close();
    throw err;
  }
}
