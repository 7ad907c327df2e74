// The alerts thread: evaluation reads the sidecars and webhook delivery waits on the network,
// so neither runs on the loop that answers the UI.
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../api/errors.ts';
import { ALERTS_METHODS, type AlertsCommand, type AlertsEvent, type AlertsWorkerData } from './alerts-protocol.ts';
import { AlertsService } from './alerts-service.ts';
import { remoteCipher } from './secret-cipher.ts';

const data = workerData as AlertsWorkerData;
const port = parentPort!;
const post = (e: AlertsEvent) => port.postMessage(e);
const allowed = new Set<string>(ALERTS_METHODS);

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
});

port.on('message', async (m: AlertsCommand) => {
  switch (m.type) {
    case 'attach':
      return service.attach(m.target, m.building);
    case 'building':
      return service.setBuilding(m.db, m.building);
    case 'detach':
      return service.detach(m.db);
    case 'rows':
      return service.rowsArrived(m.db);
    case 'call':
      try {
        if (!allowed.has(m.method)) throw new Error(`no alerts method ${m.method}`);
        const fn = (service as unknown as Record<string, (...a: unknown[]) => unknown>)[m.method];
        post({ type: 'result', id: m.id, ok: true, value: await fn.apply(service, m.args) });
      } catch (err) {
        post({ type: 'result', id: m.id, ok: false, error: toApiError(err) });
      }
      return;
    case 'close':
      await service.close();
      post({ type: 'closed' });
      port.close();
  }
});
post({ type: 'ready' });
