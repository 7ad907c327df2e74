// The source side of the first build (bulk-ingest.ts): reads of the user's file, each one
// statement that returns a window of rows as a JSONB array (and their values as JSON text, walked
// here for the window's staleness runs: window-runs.ts). By default a thread of its own reads
// the next windows while the indexer applies the current ones (issue 14: the reads were ~9 s of
// every ~34 s per 2M rows, on one core while the other idled).
import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { normalizeStatus } from '../source/status.ts';
import { toNumber, toText } from '../source/text.ts';
import { toEpochMs } from '../source/timestamp.ts';
import { valueKey } from './staleness.ts';
import { windowRuns, type ValueRow, type WindowRun } from './window-runs.ts';

/**
 * One non-empty read: the rows with rowid in (after, upto] as BulkIngest's read statement returns
 * them, and the window's staleness runs found in its value rows (window-runs.ts).
 */
export interface Read {
  upto: number;
  rows: Buffer;
  runs: WindowRun[];
  n: number;
}

/** What BulkIngest needs of the reads: the next non-empty window after `after`, none once past `end`. */
export interface ChunkReader {
  next(after: number, end: number, window: number): Read | null;
  close(): void;
}

/** A file's identity (stat's dev and ino). */
export interface FileId {
  dev: number;
  ino: number;
}

/** The SQL a reader runs on the user's file: BulkIngest builds it from the file's columns. */
export interface ReadSql {
  read: string;
  nextRowid: string;
}

/** The pure conversions the read statement calls for the rows SQL alone cannot convert (bulk-ingest.ts). */
export function registerSourceFunctions(source: Database.Database): void {
  source.function('ti_text', { deterministic: true }, (v: unknown) => toText(v));
  source.function('ti_num', { deterministic: true }, (v: unknown) => toNumber(v));
  source.function('ti_epoch', { deterministic: true }, (v: unknown) => toEpochMs(v));
  source.function('ti_err', { deterministic: true }, (status: unknown, exc: unknown) =>
    normalizeStatus(toText(status), exc ? 'yes' : null) === 'ERROR' ? 1 : 0,
  );
  source.function('ti_value_key', { deterministic: true }, (type: unknown, value: unknown) =>
    valueKey(toText(value), toText(type)),
  );
}

/** Reads windows of rowids one statement each, skipping gaps; shared by both readers. */
export class WindowReader {
  private readonly read: Database.Statement;
  private readonly nextRowid: Database.Statement;

  constructor(source: Database.Database, sql: ReadSql) {
    this.read = source.prepare(sql.read).raw(true);
    this.nextRowid = source.prepare(sql.nextRowid).pluck();
  }

  next(after: number, end: number, window: number): Read | null {
    while (after < end) {
      const upto = Math.min(after + window, end);
      const [rows, values, n] = this.read.get(after, upto) as [Buffer | null, string | null, number];
      // Parsed after the statement: its read transaction has ended.
      if (n > 0) return { upto, rows: rows!, runs: values ? windowRuns(JSON.parse(values) as ValueRow[]) : [], n };
      after = ((this.nextRowid.get(upto) as number | null) ?? end + 1) - 1; // a gap in the rowids
    }
    return null;
  }
}

/** Reads on the indexer's own connection, between its statements (tests, and if the thread cannot start). */
export class InlineReader implements ChunkReader {
  private readonly reader: WindowReader;
  constructor(source: Database.Database, sql: ReadSql) {
    this.reader = new WindowReader(source, sql);
  }
  next(after: number, end: number, window: number): Read | null {
    return this.reader.next(after, end, window);
  }
  close(): void {}
}

export type ReaderCommand =
  | { type: 'start'; gen: number; after: number; end: number; window: number }
  | { type: 'extend'; gen: number; end: number }
  | { type: 'stop' };

export type ReaderMessage =
  | { type: 'opened'; dev: number; ino: number }
  | { type: 'read'; gen: number; upto: number; rows: Uint8Array; runs: WindowRun[]; n: number }
  | { type: 'end'; gen: number; upto: number }
  | { type: 'error'; gen: number; message: string; code: string | null };

/** Shared counters: messages posted by the thread, taken by the indexer, and a wake-up the thread waits on. */
export const POSTED = 0;
export const TAKEN = 1;
export const WAKE = 2;
/**
 * Reads the thread keeps ready ahead of the indexer: a read (~90 ms for 20k rows) is ~3× quicker
 * than what the indexer does with it, so a few cover a chunk's apply; each is a few MB of JSONB.
 */
export const AHEAD = 4;
/** The indexer gives up on a thread that has not answered in this long (it may have died: its events cannot run while the indexer waits). */
const ANSWER_MS = 30_000;

/** A thread that has not opened the file in this long is given up (a script that failed to load posts nothing): reads go inline. */
const OPEN_MS = 10_000;
/** A thread still reading this long after it was told to stop is terminated. */
const STOP_MS = 1000;

/** The thread's script: the .ts beside this file, or the bundle's .mjs beside the bundled index worker (scripts/build-desktop.ts). */
function threadUrl(): URL {
  return new URL(
    import.meta.url.endsWith('.ts') ? './bulk-reader-thread.ts' : './bulk-reader-thread.mjs',
    import.meta.url,
  );
}

/**
 * Reads in a worker thread with its own read-only, query_only connection on the user's file (as
 * openSource opens it): it runs ahead of the indexer by up to AHEAD reads of one window each, each
 * read one statement (its read transaction ends with it: the writer's checkpoints are never held
 * back). The indexer takes reads synchronously (Atomics.wait + receiveMessageOnPort), so the
 * build's code and its rollback stay as they were: a read that does not follow the last one taken
 * (a chunk rolled back, the row path ran in between) restarts the thread's stream there.
 */
export class ThreadReader implements ChunkReader {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly ctl: Int32Array;
  private gen = 0;
  /** Where the thread's current stream is: the next read it posts starts after `after`. */
  private stream: { after: number; end: number; window: number } | null = null;
  private closed = false;

  /** `expect`: the file the indexer's connection has open, when known; the thread reads that one or none. */
  constructor(path: string, sql: ReadSql, expect: FileId | null = null) {
    this.ctl = new Int32Array(new SharedArrayBuffer(12));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(threadUrl(), {
      workerData: { path, sql, ctl: this.ctl, port: port2 },
      transferList: [port2],
      // Its reads' buffers live outside the V8 heap, which holds little else: a small heap keeps
      // the thread's footprint small (issue 14: peak RSS ≤ 250 MB for a 10M-row build).
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 8 },
    });
    this.worker.unref();
    this.worker.on('error', () => undefined); // reported to the indexer as a read that fails or never comes
    const opened = this.take(OPEN_MS);
    if (opened.type !== 'opened') throw readerError(opened);
    // The file the thread opened is the one the indexer has open, not one that replaced it at
    // its path since (log rotation): the indexer's connection keeps reading the old one.
    const st = expect ?? statSync(path);
    if (st.dev !== opened.dev || st.ino !== opened.ino) {
      this.close();
      throw new Error(`${path} is not the file the indexer has open (replaced since)`);
    }
  }

  next(after: number, end: number, window: number): Read | null {
    const s = this.stream;
    if (!s || s.after !== after || s.window !== window || end < s.end) {
      this.stream = { after, end, window };
      this.send({ type: 'start', gen: ++this.gen, after, end, window });
    } else if (end > s.end) {
      s.end = end;
      this.send({ type: 'extend', gen: this.gen, end });
    }
    for (;;) {
      const m = this.take();
      if (m.type === 'opened' || m.gen !== this.gen) continue; // a read of a stream given up
      if (m.type === 'error') {
        this.stream = null;
        throw readerError(m);
      }
      if (m.type === 'end') {
        if (m.upto < end) continue; // the end of the stream before it was extended
        this.stream!.after = m.upto;
        return null;
      }
      this.stream!.after = m.upto;
      const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
      return { upto: m.upto, rows: buf(m.rows), runs: m.runs, n: m.n };
    }
  }

  /** Stops the thread; a read under way ends within one statement. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // The thread closes its connection and exits when it sees this (it waits between reads, and
    // a read is one statement); terminate is the backstop for one that does not.
    this.send({ type: 'stop' });
    this.worker.once('exit', () => this.port.close());
    setTimeout(() => void this.worker.terminate(), STOP_MS).unref();
  }

  private send(c: ReaderCommand): void {
    this.port.postMessage(c);
    Atomics.add(this.ctl, WAKE, 1);
    Atomics.notify(this.ctl, WAKE);
  }

  private take(ms = ANSWER_MS): ReaderMessage {
    const deadline = performance.now() + ms;
    for (;;) {
      const posted = Atomics.load(this.ctl, POSTED);
      const got = receiveMessageOnPort(this.port);
      if (got) {
        Atomics.add(this.ctl, TAKEN, 1);
        Atomics.add(this.ctl, WAKE, 1);
        Atomics.notify(this.ctl, WAKE);
        return got.message as ReaderMessage;
      }
      if (performance.now() > deadline) {
        this.stream = null;
        throw new Error('the reader thread stopped answering');
      }
      // The thread posts before it counts: a message posted after the receive above moves POSTED.
      Atomics.wait(this.ctl, POSTED, posted, 100);
    }
  }
}

/** An error of the thread's read, with SQLite's code kept (LiveIndex tells damage from a busy file by it). */
function readerError(m: ReaderMessage): Error {
  const err = new Error(m.type === 'error' ? m.message : 'the reader thread did not start') as Error & {
    code?: string;
  };
  if (m.type === 'error' && m.code) err.code = m.code;
  return err;
}
