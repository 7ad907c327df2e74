// The alerts thread: evaluation reads the sidecars and webhook delivery waits on the network,
// so neither runs on the loop that answers the UI.
import '../engine/native-load.ts'; // first: see native-load.ts
import { parentPort, workerData } from 'node:worker_threads';
import { InspectorError, toApiError } from '../api/errors.ts';
import { operationOf } from '../api/operations.ts';
import { loadOperations } from '../engine/load-operations.ts';
import type { StaleRule } from '../api/alert-types.ts';
import type { AlertsCommand, AlertsEvent, AlertsWorkerData } from './alerts-protocol.ts';
import { AlertsService } from './alerts-service.ts';
import { remoteCipher } from './secret-cipher.ts';

const data = workerData as AlertsWorkerData;
const port = parentPort!;
const post = (e: AlertsEvent) => port.postMessage(e);
const table = await loadOperations(data.operationsModule);

// Requests to the host for the stale thresholds it owns, answered by number.
const staleRequests = new Map<number, { ok: (rules: StaleRule[]) => void; fail: (e: unknown) => void }>();
let nextStaleRequest = 1;

const service = new AlertsService({
  dataDir: data.dataDir,
  configDir: data.configDir,
  cipher: data.cipher ? remoteCipher(data.cipher) : null,
  retentionMs: data.retentionMs,
  delivery: data.delivery,
  giveUpAfterMs: data.giveUpAfterMs,
  tickMs: data.tickMs,
  emit: (db, alert) => post({ type: 'alert', db, alert }),
  warn: (message) => post({ type: 'warn', message }),
  setStaleRules: (db, rules, onlyIfUnset) =>
    new Promise((ok, fail) => {
      const id = nextStaleRequest++;
      staleRequests.set(id, { ok, fail });
      post({ type: 'set-stale-rules', id, db, rules, onlyIfUnset });
    }),
});

port.on('message', (m: AlertsCommand) => void handle(m));

async function handle(m: AlertsCommand): Promise<void> {
  switch (m.type) {
    case 'attach':
      return service.attach(m.target, m.building);
    case 'building':
      return service.setBuilding(m.db, m.building);
    case 'detach':
      return service.detach(m.db);
    case 'rows':
      return service.rowsArrived(m.db);
    case 'thresholds':
      return service.thresholdsChanged(m.db);
    case 'stale-rules-set': {
      const waiting = staleRequests.get(m.id);
      staleRequests.delete(m.id);
      if (m.ok) waiting?.ok(m.rules);
      else waiting?.fail(new InspectorError(m.error.kind, m.error.message, m.error.details));
      return;
    }
    case 'call':
      try {
        const op = operationOf(table, m.op);
        if (op?.where !== 'alerts') throw new InspectorError('internal', `${m.op} does not run on the alerts thread.`);
        post({ type: 'result', id: m.id, ok: true, value: await op.run(service, m.input) });
      } catch (err) {
        post({ type: 'result', id: m.id, ok: false, error: toApiError(err) });
      }
      return;
    case 'close':
      await service.close();
      post({ type: 'closed' });
      port.close();
  }
}
post({ type: 'ready' });
