// Writes batches of rows (and heartbeats) into the trace file with Node's built-in SQLite, so the
// tracer has no native dependency. Every batch is one short IMMEDIATE transaction; the busy
// timeout is 0 by default because this runs on the app's own thread: a lock held by someone else
// must fail fast (the circuit breaker decides what happens next), never stall the event loop.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { TraceRowTuple } from './row-queue.ts';

export interface Heartbeat {
  timestampMs: number;
  queueDepth: number;
  status: 'OK' | 'DELAYED' | 'CIRCUIT_OPEN';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS data_trace (
  id INTEGER PRIMARY KEY, process TEXT, data TEXT, data_type TEXT, data_value TEXT, timestamp TEXT,
  status TEXT, exception TEXT, trace_id TEXT, span_id TEXT, parent_span_id TEXT, process_group TEXT,
  duration_ms REAL, memory_delta INTEGER, source_file TEXT, source_line INTEGER);
CREATE TABLE IF NOT EXISTS writer_status (timestamp TEXT, queue_depth INTEGER, status TEXT);`;

const INSERT_ROW = `INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, exception,
  trace_id, span_id, parent_span_id, process_group, duration_ms, memory_delta, source_file, source_line)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** `2026-11-20T14:03:07.123456Z`: ISO with microseconds, which the contract reads as UTC. */
export function isoMicros(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.floor((ms - whole) * 1000);
  return `${new Date(whole).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

export class SqliteSink {
  private readonly path: string;
  private readonly busyTimeoutMs: number;
  private db: DatabaseSync | null = null;
  private insertRow: StatementSync | null = null;
  private insertBeat: StatementSync | null = null;

  constructor(path: string, opts: { busyTimeoutMs?: number } = {}) {
    this.path = path;
    this.busyTimeoutMs = opts.busyTimeoutMs ?? 0;
  }

  /** Opened on first write, and again after a failure, so a file that appears later is picked up. */
  private open(): void {
    if (this.db) return;
    const db = new DatabaseSync(this.path, { timeout: this.busyTimeoutMs });
    try {
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      db.exec(SCHEMA);
      this.insertRow = db.prepare(INSERT_ROW);
      this.insertBeat = db.prepare('INSERT INTO writer_status (timestamp, queue_depth, status) VALUES (?, ?, ?)');
    } catch (err) {
      db.close();
      throw err;
    }
    this.db = db;
  }

  /** Writes heartbeats then rows in one transaction; throws (having rolled back) if it cannot. */
  write(rows: TraceRowTuple[], beats: Heartbeat[]): void {
    this.open();
    const db = this.db!;
    try {
      db.exec('BEGIN IMMEDIATE');
      for (const b of beats) this.insertBeat!.run(isoMicros(b.timestampMs), b.queueDepth, b.status);
      for (const r of rows) {
        this.insertRow!.run(
          r[0],
          r[1],
          r[2],
          r[3],
          isoMicros(r[4]),
          r[5],
          r[6],
          r[7],
          r[8],
          r[9],
          r[10],
          r[11],
          r[12],
          r[13],
          r[14],
        );
      }
      db.exec('COMMIT');
    } catch (err) {
      try {
        if (db.isTransaction) db.exec('ROLLBACK');
      } catch {
        // A failed rollback leaves SQLite to roll back on close; reopen next time.
        this.close();
      }
      throw err;
    }
  }

  close(): void {
    try {
      this.db?.close();
    } catch {
      // Closing can only fail if statements are mid-step, which never outlives write().
    }
    this.db = null;
    this.insertRow = this.insertBeat = null;
  }
}
