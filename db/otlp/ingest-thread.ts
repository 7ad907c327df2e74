// The receiver's side of the OTLP ingest thread: hands each request body over (transferred, not
// copied) and answers with its span count, or the error to reply with.
import { Worker } from 'node:worker_threads';
import { OtlpDecodeError } from './model.ts';
import type { OtlpEncoding } from './rpc-status.ts';

/** Where the receiver writes: this thread, or an OtlpStore on the caller's thread (tests, bench). */
export interface OtlpSink {
  readonly path: string;
  ingest(
    encoding: OtlpEncoding,
    body: Buffer,
  ): Promise<{ spans: number; rows: number }> | { spans: number; rows: number };
}

export type IngestCommand =
  { type: 'ingest'; id: number; encoding: OtlpEncoding; body: Uint8Array } | { type: 'close' };
export type IngestEvent =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; ok: true; spans: number; rows: number }
  | { type: 'done'; id: number; ok: false; decode: boolean; message: string };

export class OtlpIngestThread implements OtlpSink {
  readonly path: string;
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { ok: (v: { spans: number; rows: number }) => void; fail: (e: Error) => void }
  >();
  private nextId = 1;

  /** Resolves once the thread has created or opened the database (so the engine can open it). */
  static start(path: string, url = new URL('./ingest-worker.ts', import.meta.url)): Promise<OtlpIngestThread> {
    const t = new OtlpIngestThread(path, url);
    return new Promise((ok, fail) => {
      t.worker.once('message', (e: IngestEvent) => {
        if (e.type === 'ready') ok(t);
        else fail(new Error(e.type === 'failed' ? e.message : 'the OTLP thread did not start'));
      });
      t.worker.once('error', fail);
    });
  }

  private constructor(path: string, url: URL) {
    this.path = path;
    this.worker = new Worker(url, { workerData: { path } });
    this.worker.on('message', (e: IngestEvent) => {
      if (e.type !== 'done') return;
      const p = this.pending.get(e.id);
      this.pending.delete(e.id);
      if (e.ok) p?.ok({ spans: e.spans, rows: e.rows });
      else p?.fail(e.decode ? new OtlpDecodeError(e.message) : new Error(e.message));
    });
    this.worker.on('exit', () => {
      for (const p of this.pending.values()) p.fail(new Error('the OTLP thread stopped'));
      this.pending.clear();
    });
  }

  ingest(encoding: OtlpEncoding, body: Buffer): Promise<{ spans: number; rows: number }> {
    const id = this.nextId++;
    // Transferred, not copied; a slice of Node's shared pool (small bodies) is copied out first.
    const whole =
      body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    const own = whole ? new Uint8Array(body.buffer) : Uint8Array.from(body);
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail });
      this.worker.postMessage({ type: 'ingest', id, encoding, body: own } satisfies IngestCommand, [own.buffer]);
    });
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((r) => this.worker.once('exit', () => r()));
    this.worker.postMessage({ type: 'close' } satisfies IngestCommand);
    await exited;
  }
}
