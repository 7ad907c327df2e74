// The database OTLP spans are written into: a file that follows the contract (created with its
// tables if missing, WAL so the inspector reads it live). Each request is one transaction, so a
// payload that fails half-way leaves nothing behind.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OtlpSink } from './ingest-thread.ts';
import { ingestTraceRequest } from './ingest.ts';
import type { OtlpEncoding } from './rpc-status.ts';
import { ROW_COLUMNS, type ContractRow } from './span-rows.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS data_trace (
  id INTEGER PRIMARY KEY, process TEXT, data TEXT, data_type TEXT, data_value TEXT, timestamp TEXT,
  status TEXT, exception TEXT, trace_id TEXT, span_id TEXT, parent_span_id TEXT, process_group TEXT,
  duration_ms REAL, memory_delta INTEGER, source_file TEXT, source_line INTEGER)`;

/** On the caller's thread (tests, the bench); serve mode writes through OtlpIngestThread. */
export class OtlpStore implements OtlpSink {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly insertMany: (rows: ContractRow[]) => void;

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    // A short busy timeout: the only other writer of this file would be a second receiver.
    this.db = new Database(path, { timeout: 500 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const insert = this.db.prepare(
      `INSERT INTO data_trace (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.insertMany = this.db.transaction((rows: ContractRow[]) => {
      for (const r of rows) insert.run(...r);
    });
  }

  ingest(encoding: OtlpEncoding, body: Buffer): { spans: number; rows: number } {
    return ingestTraceRequest(this, encoding, body);
  }

  /** All rows or none. */
  insert(rows: ContractRow[]): void {
    this.insertMany(rows);
  }

  close(): void {
    this.db.close();
  }
}
