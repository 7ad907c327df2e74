// The engine host's side of the alerts thread: forwards databases and new-row notices to it,
// runs the API table's alerts operations there, and relays the alerts it raises as engine events.
import { Worker } from 'node:worker_threads';
import type { Alert, StaleRule } from '../api/alert-types.ts';
import { InspectorError, toApiError } from '../api/errors.ts';
import type { AlertsCommand, AlertsEvent, AlertsWorkerData, StaleRuleChange } from '../alerts/alerts-protocol.ts';
import type { AttachedTarget } from '../alerts/alerts-service.ts';
import { serveCipher, type HostCipher } from '../alerts/secret-cipher.ts';
import { newLoadFlag, stopThread } from './stop-thread.ts';

/** Alert evaluation keeps little state: a small heap keeps the thread's footprint small. */
const ALERTS_HEAP = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 2 };

export class AlertsThread {
  private readonly worker: Worker;
  private readonly loaded = newLoadFlag();
  private readonly pending = new Map<number, { ok: (v: unknown) => void; fail: (e: unknown) => void }>();
  private nextId = 1;
  private closed = false;
  private closing = false;

  private readonly cipherLine: ReturnType<typeof serveCipher> | null;

  constructor(
    url: URL,
    data: Omit<AlertsWorkerData, 'cipher'>,
    host: {
      alert: (db: string, alert: Alert) => void;
      setStaleRules: (db: string, rules: StaleRuleChange[], onlyIfUnset: boolean) => Promise<StaleRule[]>;
    },
    warn: (msg: string) => void = console.warn,
    cipher?: HostCipher,
  ) {
    this.cipherLine = cipher ? serveCipher(cipher) : null;
    const workerData: AlertsWorkerData = this.cipherLine
      ? { ...data, cipher: { port: this.cipherLine.port, signal: this.cipherLine.signal } }
      : data;
    this.worker = new Worker(url, {
      workerData: { ...workerData, nativeLoaded: this.loaded },
      transferList: this.cipherLine ? [this.cipherLine.port] : [],
      resourceLimits: ALERTS_HEAP,
    });
    this.worker.on('message', (e: AlertsEvent) => {
      if (e.type === 'alert') host.alert(e.db, e.alert);
      else if (e.type === 'set-stale-rules')
        host.setStaleRules(e.db, e.rules, e.onlyIfUnset).then(
          (rules) => this.send({ type: 'stale-rules-set', id: e.id, ok: true, rules }),
          (err: unknown) => this.send({ type: 'stale-rules-set', id: e.id, ok: false, error: toApiError(err) }),
        );
      else if (e.type === 'warn') warn(e.message);
      else if (e.type === 'result') {
        const p = this.pending.get(e.id);
        this.pending.delete(e.id);
        if (e.ok) p?.ok(e.value);
        else p?.fail(new InspectorError(e.error.kind, e.error.message, e.error.details));
      }
    });
    this.worker.on('error', (err: Error) => warn(`The alerts thread failed: ${err.message}`));
    this.worker.on('exit', () => {
      this.closed = true;
      this.cipherLine?.close();
      for (const p of this.pending.values()) p.fail(new InspectorError('closed', 'The alerts engine has stopped.'));
      this.pending.clear();
    });
  }

  attach(target: AttachedTarget, building: boolean): void {
    this.send({ type: 'attach', target, building });
  }

  building(db: string, building: boolean): void {
    this.send({ type: 'building', db, building });
  }

  detach(db: string): void {
    this.send({ type: 'detach', db });
  }

  rowsArrived(db: string): void {
    this.send({ type: 'rows', db });
  }

  thresholdsChanged(db: string): void {
    this.send({ type: 'thresholds', db });
  }

  private send(c: AlertsCommand): void {
    // Nothing after 'close': a database attached while the thread closed its store threw
    // "The database connection is not open" there (a quit during an open).
    if (!this.closed && !this.closing) this.worker.postMessage(c);
  }

  /** Runs an alerts operation of the API table on input already validated. */
  call(op: string, input: unknown): Promise<unknown> {
    if (this.closed || this.closing)
      return Promise.reject(new InspectorError('closed', 'The alerts engine has stopped.'));
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail });
      this.worker.postMessage({ type: 'call', id, op, input } satisfies AlertsCommand);
    });
  }

  /** Lets deliveries under way finish and be recorded (bounded), then stops the thread. */
  async close(): Promise<void> {
    if (this.closed || this.closing) return;
    this.closing = true;
    const close: AlertsCommand = { type: 'close' };
    await stopThread(this.worker, this.loaded, () => this.worker.postMessage(close), 7000);
    this.closed = true;
  }
}
