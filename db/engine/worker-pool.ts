import { Worker } from 'node:worker_threads';
import { InspectorError, type ApiError } from '../api/errors.ts';
import type { PoolNotice, PoolReady, PoolRequest, PoolResponse, QueryWorkerData } from './messages.ts';
import { newLoadFlag, stopThread, terminateSafely } from './stop-thread.ts';

/** A page is at most 10,000 rows with values cut to 2,000 characters: well inside 128 MB. A lower cap
 * makes V8 collect sooner under a tight query loop (tail RSS at 1M rows: 291-297 MB with 192, 284 with 128). */
const QUERY_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 4 };

type Job = { req: PoolRequest; resolve: (v: unknown) => void; reject: (e: ApiError) => void };
type Slot = { worker: Worker; loaded: Int32Array; job: Job | null; timer: NodeJS.Timeout | null; ready: boolean };

/**
 * A new worker loads its modules first (about 100 ms idle, more on a busy 2-core machine): that
 * is not the query's time, so a worker gets queries only once it says it is ready. One that
 * never does (a broken bundle) fails the waiting queries after this long instead of hanging them.
 */
const STARTUP_LIMIT_MS = 30_000;

/** An idle worker closes its connections and exits in a few ms; one still busy past this is terminated. */
const CLOSE_GRACE_MS = 500;

type RequestBody = PoolRequest extends infer R ? (R extends PoolRequest ? Omit<R, 'id'> : never) : never;

/**
 * Query workers, each with its own read-only connections (better-sqlite3's recommended pattern
 * for slow queries). A query that overruns its time limit gets a 'timeout' error at once and
 * its worker is terminated and replaced: better-sqlite3 cannot interrupt a statement, and a
 * stuck worker must never wedge the engine.
 */
export class WorkerPool {
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly workerData: QueryWorkerData;
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(url: URL, size: number, timeoutMs: number, workerData: QueryWorkerData = {}) {
    this.url = url;
    this.timeoutMs = timeoutMs;
    this.workerData = workerData;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  run(body: RequestBody): Promise<unknown> {
    // Rejections are API error values, not Errors: they cross the thread boundary as plain data.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    if (this.closed) return Promise.reject(new InspectorError('closed', 'The engine has shut down.').toValue());
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { ...body, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  notify(notice: PoolNotice): void {
    for (const s of this.slots) s.worker.postMessage(notice);
  }

  get busy(): number {
    return this.slots.filter((s) => s.job).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const closed = new InspectorError('closed', 'The engine has shut down.').toValue();
    for (const job of this.queue) job.reject(closed);
    this.queue = [];
    const slots = this.slots;
    this.slots = [];
    const close: PoolNotice = { kind: 'close' };
    await Promise.all(
      slots.map((s) => {
        this.drop(s, closed);
        return stopThread(s.worker, s.loaded, () => s.worker.postMessage(close), CLOSE_GRACE_MS);
      }),
    );
  }

  private spawn(): Slot {
    const loaded = newLoadFlag();
    const workerData = { ...this.workerData, nativeLoaded: loaded };
    const worker = new Worker(this.url, { workerData, resourceLimits: QUERY_HEAP });
    const slot: Slot = { worker, loaded, job: null, timer: null, ready: false };
    slot.timer = setTimeout(
      () => {
        const error: ApiError = { kind: 'internal', message: 'A query worker did not start.' };
        for (const job of this.queue.splice(0)) job.reject(error);
        this.replace(slot, error);
      },
      Math.max(STARTUP_LIMIT_MS, this.timeoutMs),
    ).unref();
    worker.on('message', (res: PoolResponse | PoolReady) => {
      if ('ready' in res) {
        this.finish(slot); // clears the startup timer
        slot.ready = true;
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.req.id !== res.id) return;
      this.finish(slot);
      if (res.ok) job.resolve(res.value);
      else job.reject(res.error);
      this.dispatch();
    });
    worker.on('error', (err: Error) =>
      this.replace(slot, { kind: 'internal', message: `A query worker failed: ${err.message}` }),
    );
    worker.on('exit', () => {
      if (this.slots.includes(slot))
        this.replace(slot, { kind: 'internal', message: 'A query worker stopped unexpectedly.' });
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        const seconds = this.timeoutMs / 1000;
        this.replace(slot, {
          kind: 'timeout',
          message: `The query took longer than ${seconds} s and was stopped. Try a shorter time range or narrower filters.`,
        });
      }, this.timeoutMs);
      slot.worker.postMessage(job.req);
    }
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  private replace(slot: Slot, error: ApiError): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots[i] = this.spawn();
    void this.retire(slot, error);
    this.dispatch();
  }

  /** Takes the slot's job (answered with `error`) and stops replacing its worker when it exits. */
  private drop(slot: Slot, error: ApiError): void {
    const job = slot.job;
    this.finish(slot);
    job?.reject(error);
    slot.worker.removeAllListeners('exit');
  }

  private async retire(slot: Slot, error: ApiError): Promise<void> {
    this.drop(slot, error);
    await terminateSafely(slot.worker, slot.loaded);
  }
}
