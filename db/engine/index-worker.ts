// The indexer thread of one database: builds and tails its sidecar (see db/index/live-index.ts).
import './native-load.ts'; // first: see native-load.ts
import { parentPort, workerData } from 'node:worker_threads';
import { InspectorError, toApiError } from '../api/errors.ts';
import { LiveIndex } from '../index/live-index.ts';
import type { FileIdentity, IndexCommand, IndexEvent, IndexWorkerData } from './messages.ts';

const data = workerData as IndexWorkerData;
const emit = (e: IndexEvent) => parentPort!.postMessage(e);

// A file to vet again is vetted by the host (only it can start the probe child): asked by number.
const vetting = new Map<number, { ok: (id: FileIdentity) => void; refused: (err: InspectorError) => void }>();
let nextVet = 1;
const vet = () =>
  new Promise<FileIdentity>((ok, refused) => {
    const seq = nextVet++;
    vetting.set(seq, { ok, refused });
    emit({ type: 'vet', seq });
  });

const live = new LiveIndex({ ...data, emit, vet });

parentPort!.on('message', (cmd: IndexCommand) => void handle(cmd));

async function handle(cmd: IndexCommand): Promise<void> {
  if (cmd.type === 'vetted') {
    const waiting = vetting.get(cmd.seq);
    vetting.delete(cmd.seq);
    if (cmd.answer.ok) waiting?.ok(cmd.answer.identity);
    else
      waiting?.refused(new InspectorError(cmd.answer.error.kind, cmd.answer.error.message, cmd.answer.error.details));
  }
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
}

live.start().then(
  (rebuiltBecause) =>
    emit({ type: 'ready', sidecarPath: live.sidecarPath, rebuiltBecause, indexedRows: live.indexedRows }),
  (err) => {
    emit({ type: 'fatal', error: toApiError(err) });
    process.exit(0);
  },
);
