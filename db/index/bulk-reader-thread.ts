// The reader thread of the first build (bulk-reader.ts, ThreadReader): reads windows of the
// user's file ahead of the indexer on its own read-only, query_only connection.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  AHEAD,
  POSTED,
  TAKEN,
  WAKE,
  WindowReader,
  registerSourceFunctions,
  type ReadSql,
  type ReaderCommand,
  type ReaderMessage,
} from './bulk-reader.ts';

const { path, sql, ctl, port } = workerData as { path: string; sql: ReadSql; ctl: Int32Array; port: MessagePort };

function post(m: ReaderMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
  // Counted after posting: the indexer reads POSTED before it looks for a message (no lost wake-up).
  Atomics.add(ctl, POSTED, 1);
  Atomics.notify(ctl, POSTED);
}

/** A buffer's memory handed over without a copy when it is the buffer's own (better-sqlite3 allocates each result apart). */
function owned(b: Buffer | null): ArrayBuffer[] {
  return b && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? [b.buffer as ArrayBuffer] : [];
}

let db: Database.Database;
let reader: WindowReader;
try {
  // The identity of what was opened: stat before and after, the same file both times.
  const before = statSync(path);
  db = new Database(path, { readonly: true, fileMustExist: true, timeout: 2000 });
  db.pragma('trusted_schema = OFF');
  db.pragma('query_only = 1');
  // Each page is read once, in rowid order: a small cache (as LiveIndex sets its source connection's).
  db.pragma('cache_size = -2000');
  registerSourceFunctions(db);
  reader = new WindowReader(db, sql);
  const after = statSync(path);
  if (before.dev !== after.dev || before.ino !== after.ino) throw new Error(`${path} was replaced while it was opened`);
  post({ type: 'opened', dev: after.dev, ino: after.ino });
} catch (err) {
  post({ type: 'error', gen: 0, message: (err as Error).message, code: (err as { code?: string }).code ?? null });
  process.exit(0);
}

let stream: { gen: number; after: number; end: number; window: number; ended: boolean } | null = null;
for (;;) {
  const wake = Atomics.load(ctl, WAKE);
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const c = m.message as ReaderCommand;
    if (c.type === 'stop') {
      db.close();
      process.exit(0);
    }
    if (c.type === 'start') stream = { ...c, ended: false };
    else if (stream && c.gen === stream.gen && c.end > stream.end) {
      stream.end = c.end;
      stream.ended = false;
    }
  }
  const ahead = Atomics.load(ctl, POSTED) - Atomics.load(ctl, TAKEN);
  if (stream && !stream.ended && ahead < AHEAD) {
    const s = stream;
    try {
      const r = reader.next(s.after, s.end, s.window);
      if (r) {
        s.after = r.upto;
        post({ type: 'read', gen: s.gen, upto: r.upto, rows: r.rows, runs: r.runs, n: r.n }, owned(r.rows));
      } else {
        s.after = s.end;
        s.ended = true;
        post({ type: 'end', gen: s.gen, upto: s.end });
      }
    } catch (err) {
      // The indexer rethrows it; the stream stops until it starts another.
      stream = null;
      post({
        type: 'error',
        gen: s.gen,
        message: (err as Error).message,
        code: (err as { code?: string }).code ?? null,
      });
    }
    continue;
  }
  // Woken by a command or a read taken; the timeout only bounds a missed wake-up.
  Atomics.wait(ctl, WAKE, wake, 1000);
}
