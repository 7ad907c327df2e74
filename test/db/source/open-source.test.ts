// openSource is the only door to the user's file: every way the file can be wrong gets its own
// error kind and a sentence naming the problem, and nothing it does may change the file.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InspectorError, type ErrorKind } from '../../../db/api/errors.ts';
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from '../../../db/source/contract.ts';
import { openSource } from '../../../db/source/open-source.ts';
import { ALL_COLUMNS, appendRows, createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';

const OPEN_SOURCE_URL = pathToFileURL(resolve(import.meta.dirname, '../../../db/source/open-source.ts')).href;

interface FileState {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** Every file in a folder with its bytes and mtime: what "nothing was modified" means. */
function snapshot(dir: string): Record<string, FileState> {
  const out: Record<string, FileState> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (!st.isFile()) continue;
    out[name] = {
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    };
  }
  return out;
}

function fileState(path: string): FileState {
  const st = statSync(path);
  return { size: st.size, mtimeMs: st.mtimeMs, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
}

/** Runs openSource expecting it to throw; returns the InspectorError after checking its kind. */
function openFails(path: string, kind: ErrorKind, opts?: { busyTimeoutMs?: number }): InspectorError {
  let caught: unknown;
  try {
    const h = openSource(path, opts);
    h.db.close();
  } catch (err) {
    caught = err;
  }
  expect(caught, `openSource(${path}) should have thrown ${kind}`).toBeInstanceOf(InspectorError);
  const err = caught as InspectorError;
  expect({ kind: err.kind, message: err.message }).toMatchObject({ kind });
  return err;
}

/** openFails, plus: the folder holds exactly the same files, byte for byte, afterwards. */
function failsUntouched(dir: string, path: string, kind: ErrorKind): InspectorError {
  const before = snapshot(dir);
  const err = openFails(path, kind);
  expect(snapshot(dir)).toEqual(before);
  return err;
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

function countRows(db: Database.Database, table = 'data_trace'): number {
  return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** A data_trace table built by hand, for names the fixture helper does not quote. */
function createRawDb(path: string, sql: string): void {
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const REQUIRED_DDL = 'process, data, data_type, data_value, timestamp, status, exception';

/**
 * Root ignores file modes, so permission checks run openSource in a child process as nobody
 * (65534) when the tests run as root (as they do in CI), as the current user otherwise. The child
 * prints what happened as JSON.
 */
function openUnprivileged(path: string): { kind: string; message?: string; rows?: number } {
  const code = `
    import { openSource } from ${JSON.stringify(OPEN_SOURCE_URL)};
    try {
      const h = openSource(${JSON.stringify(path)});
      const rows = h.db.prepare('SELECT count(*) AS n FROM data_trace').get().n;
      h.db.close();
      console.log(JSON.stringify({ kind: 'opened', rows }));
    } catch (e) {
      console.log(JSON.stringify({ kind: e.kind ?? 'thrown', message: e.message }));
    }`;
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    ...asNobody,
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(r.error, r.stderr).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim());
}

/** A temp folder anyone can enter (mkdtemp makes it 0700). */
function traversableDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  return dir;
}

describe('openSource: each bad input has its own error kind and a sentence naming the problem', () => {
  it('reports a missing path as not-found and creates nothing', () => {
    const dir = tempDir();
    const path = join(dir, 'nope.db');
    const err = failsUntouched(dir, path, 'not-found');
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/does not exist/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports a folder as not-a-file', () => {
    const dir = tempDir();
    const folder = join(dir, 'trace.db');
    mkdirSync(folder);
    const err = failsUntouched(dir, folder, 'not-a-file');
    expect(err.message).toMatch(/is a folder/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('reports a 0-byte file as empty-file and leaves it at 0 bytes', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    writeFileSync(path, '');
    const err = failsUntouched(dir, path, 'empty-file');
    expect(err.message).toMatch(/empty \(0 bytes\)/);
    expect(statSync(path).size).toBe(0);
  });

  it('reports a text file as not-sqlite and says it looks like text', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    writeFileSync(path, 'process,data,data_value\napp.main,order_id,42\n');
    const err = failsUntouched(dir, path, 'not-sqlite');
    expect(err.message).toMatch(/is not a SQLite database/);
    expect(err.message).toMatch(/looks like a text file/);
  });

  it('does not mistake a page-sized text file for an encrypted database', () => {
    const dir = tempDir();
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'The quick brown fox jumps over the lazy dog. 0123456789\n'.repeat(200).slice(0, 4096));
    expect(statSync(path).size).toBe(4096);
    const err = failsUntouched(dir, path, 'not-sqlite');
    expect(err.message).toMatch(/looks like a text file/);
  });

  it('reports a short binary file as not-sqlite without calling it text', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    writeFileSync(
      path,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    ); // a PNG header
    const err = failsUntouched(dir, path, 'not-sqlite');
    expect(err.message).not.toMatch(/text file/);
  });

  it('reports a file of 4096 random bytes as encrypted', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    writeFileSync(path, randomBytes(4096));
    const err = failsUntouched(dir, path, 'encrypted');
    expect(err.message).toMatch(/encrypted/);
    expect(err.message).toContain(path);
  });

  it('reports a SQLite file whose pages after the header are garbage as corrupt', () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, wal: false, rows: sampleRows(2000) });
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(16 * 4096); // many pages, so page 2 onwards really holds the table
    overwrite(path, 4096, randomBytes(size - 4096));
    const err = failsUntouched(dir, path, 'corrupt');
    expect(err.message).toMatch(/is damaged/);
    expect(err.message).toMatch(/Nothing was changed/);
  });

  it('reports a SQLite file truncated mid-table as corrupt', () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, wal: false, rows: sampleRows(2000) });
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, 4096 * 3 + 100));
    failsUntouched(dir, path, 'corrupt');
  });

  it('reports a SQLite file with a damaged header as corrupt, not as "not a SQLite database"', () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, wal: false, rows: sampleRows(10) });
    overwrite(path, 16, Buffer.from([0x00, 0x03])); // page size 3: impossible, SQLite answers SQLITE_NOTADB
    const err = failsUntouched(dir, path, 'corrupt');
    expect(err.message).toMatch(/header is unreadable/);
  });

  it('reports a database without data_trace as missing-table and lists the tables it has', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    createRawDb(
      path,
      'CREATE TABLE events (id INTEGER PRIMARY KEY, name); CREATE TABLE spans (id); CREATE VIEW recent AS SELECT * FROM events',
    );
    const err = failsUntouched(dir, path, 'missing-table');
    expect(err.message).toMatch(/no table named data_trace/);
    expect(err.message).toMatch(/it has: events, spans, recent/);
    expect(err.details?.tables).toEqual(['events', 'spans', 'recent']);
  });

  it('says so when the database has no tables at all', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    createRawDb(path, 'PRAGMA user_version = 7'); // writes the header page: a valid, table-less database
    expect(statSync(path).size).toBeGreaterThan(0);
    const err = failsUntouched(dir, path, 'missing-table');
    expect(err.message).toMatch(/no tables at all/);
  });

  it('reports missing required columns, naming the missing and the found ones', () => {
    const dir = tempDir();
    const columns = ALL_COLUMNS.filter((c) => c !== 'data_type' && c !== 'exception');
    const path = createTraceDb({ dir, wal: false, columns, rows: sampleRows(3) });
    const err = failsUntouched(dir, path, 'missing-columns');
    expect(err.message).toMatch(/missing required columns data_type, exception/);
    expect(err.message).toMatch(/found: id, process, data, data_value, timestamp, status, trace_id/);
    expect(err.details?.missing).toEqual(['data_type', 'exception']);
    expect(err.details?.found).toEqual(['id', ...columns]);
  });

  it('refuses data_trace as a view (unsafe-schema)', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    createRawDb(
      path,
      `CREATE TABLE real_trace (id INTEGER PRIMARY KEY, ${REQUIRED_DDL}); CREATE VIEW data_trace AS SELECT * FROM real_trace`,
    );
    const err = failsUntouched(dir, path, 'unsafe-schema');
    expect(err.message).toMatch(/data_trace .* is a view/);
  });

  it('refuses a WITHOUT ROWID data_trace (unsupported-table)', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    createRawDb(path, `CREATE TABLE data_trace (${REQUIRED_DDL}, PRIMARY KEY (process, timestamp)) WITHOUT ROWID`);
    const err = failsUntouched(dir, path, 'unsupported-table');
    expect(err.message).toMatch(/WITHOUT ROWID/);
  });

  it('reports a file it may not read as permission-denied', () => {
    const dir = traversableDir();
    const readable = createTraceDb({ dir, name: 'readable.db', wal: false, rows: sampleRows(4) });
    const forbidden = createTraceDb({ dir, name: 'forbidden.db', wal: false, rows: sampleRows(4) });
    const before = snapshot(dir);
    chmodSync(forbidden, 0o000);
    try {
      // The same child opens a readable file, so the refusal below is about the mode, not the harness.
      expect(openUnprivileged(readable)).toEqual({ kind: 'opened', rows: 4 });
      const res = openUnprivileged(forbidden);
      expect(res.kind).toBe('permission-denied');
      expect(res.message).toMatch(/permission/);
      expect(res.message).toContain(forbidden);
    } finally {
      chmodSync(forbidden, 0o644); // chmod moves ctime, not mtime: the snapshot still compares
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('reports a database inside a folder it may not enter as permission-denied', () => {
    const outer = traversableDir();
    const inner = join(outer, 'private');
    mkdirSync(inner);
    const path = createTraceDb({ dir: inner, wal: false, rows: sampleRows(2) });
    chmodSync(inner, 0o000);
    try {
      const res = openUnprivileged(path);
      expect(res.kind).toBe('permission-denied');
      expect(res.message).toContain(path);
    } finally {
      chmodSync(inner, 0o755); // so the fixture can remove it
    }
  });

  it('explains a WAL database in a folder it may not write (no -shm can be created) as permission-denied', () => {
    const dir = traversableDir();
    const path = createTraceDb({ dir, wal: true, rows: sampleRows(3) });
    expect(readdirSync(dir)).toEqual(['trace.db']); // the writer closed cleanly: no -wal, no -shm
    chmodSync(dir, 0o555);
    try {
      const res = openUnprivileged(path);
      expect(res.kind).toBe('permission-denied');
      expect(res.message).toMatch(/WAL database in a folder you cannot write to/);
      expect(res.message).toMatch(/trace\.db-shm/);
    } finally {
      chmodSync(dir, 0o755);
    }
    expect(readdirSync(dir)).toEqual(['trace.db']);
  });

  it('reports a database held under an EXCLUSIVE lock as locked, quickly', () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, wal: false, rows: sampleRows(5) });
    const holder = new Database(path);
    try {
      holder.pragma('locking_mode = EXCLUSIVE');
      // In rollback-journal mode the exclusive lock is taken by the first write and kept afterwards.
      holder.prepare("INSERT INTO data_trace (process, status) VALUES ('holder', 'OK')").run();
      const started = performance.now();
      const err = openFails(path, 'locked', { busyTimeoutMs: 100 });
      expect(performance.now() - started).toBeLessThan(1500);
      expect(err.message).toMatch(/is locked by another process/);
    } finally {
      holder.close();
    }
    // Once the lock is gone the same file opens, with the holder's row.
    const h = openSource(path, { busyTimeoutMs: 100 });
    try {
      expect(countRows(h.db)).toBe(6);
    } finally {
      h.db.close();
    }
  });
});

describe('openSource: paths are file names, never URIs', () => {
  it('opens a path with spaces and non-Latin letters', () => {
    const root = tempDir();
    const dir = join(root, 'tëst dir');
    mkdirSync(dir);
    const path = createTraceDb({ dir, name: 'трасса 1.db', rows: sampleRows(3) });
    const h = openSource(path);
    try {
      expect(h.path).toBe(path);
      expect(countRows(h.db)).toBe(3);
    } finally {
      h.db.close();
    }
  });

  it('opens a file literally named "file:x.db?mode=rwc" by relative path and creates nothing else', () => {
    const dir = tempDir();
    const name = 'file:x.db?mode=rwc';
    const path = createTraceDb({ dir, name, wal: false, rows: sampleRows(2) });
    const before = snapshot(dir);
    expect(Object.keys(before)).toEqual([name]);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const h = openSource(name);
      try {
        expect(h.path).toBe(path);
        expect(countRows(h.db)).toBe(2);
      } finally {
        h.db.close();
      }
      // As a URI, "mode=rwc" would have created an empty x.db next to it.
      expect(existsSync('x.db')).toBe(false);
      expect(openFails('file:other.db?mode=rwc', 'not-found').message).toContain(join(dir, 'file:other.db?mode=rwc'));
    } finally {
      process.chdir(cwd);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('opens the same URI-looking name by absolute path', () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, name: 'file:x.db?mode=rwc', wal: false, rows: sampleRows(4) });
    const before = snapshot(dir);
    const h = openSource(path);
    try {
      expect(countRows(h.db)).toBe(4);
    } finally {
      h.db.close();
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('openSource: schema detection', () => {
  it('is not broken by a hostile column name, and leaves the table in place', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    const hostile = 'x"; DROP TABLE data_trace; --';
    createRawDb(
      path,
      `CREATE TABLE data_trace (id INTEGER PRIMARY KEY, ${REQUIRED_DDL}, "${hostile.replace(/"/g, '""')}");
      INSERT INTO data_trace (process, status, "${hostile.replace(/"/g, '""')}") VALUES ('app.main', 'OK', 'boom')`,
    );
    const before = snapshot(dir);
    const h = openSource(path);
    try {
      expect(h.schema.table).toBe('data_trace');
      expect(Object.values(h.schema.columns)).not.toContain(hostile);
      expect(countRows(h.db)).toBe(1);
    } finally {
      h.db.close();
    }
    expect(snapshot(dir)).toEqual(before);
    const check = new Database(path, { readonly: true });
    try {
      expect(countRows(check)).toBe(1);
    } finally {
      check.close();
    }
  });

  it('lists hostile table names verbatim when data_trace is missing', () => {
    const dir = tempDir();
    const path = join(dir, 'trace.db');
    const hostile = `'); DROP TABLE "other"; --`;
    createRawDb(path, `CREATE TABLE "${hostile.replace(/"/g, '""')}" (a); CREATE TABLE other (b)`);
    const err = failsUntouched(dir, path, 'missing-table');
    expect(err.message).toContain(hostile);
    expect(err.details?.tables).toEqual([hostile, 'other']);
  });

  it('matches table and column names case-insensitively and maps canonical names to the actual ones', () => {
    const dir = tempDir();
    const columns = [
      'PROCESS',
      'Data',
      'DATA_TYPE',
      'Data_Value',
      'TimeStamp',
      'Status',
      'EXCEPTION',
      'Trace_ID',
      'DURATION_MS',
    ];
    const path = createTraceDb({ dir, tableName: 'Data_Trace', columns, rows: [] });
    const h = openSource(path);
    try {
      expect(h.schema.table).toBe('Data_Trace');
      expect(h.schema.columns).toEqual({
        process: 'PROCESS',
        data: 'Data',
        data_type: 'DATA_TYPE',
        data_value: 'Data_Value',
        timestamp: 'TimeStamp',
        status: 'Status',
        exception: 'EXCEPTION',
        id: 'id',
        trace_id: 'Trace_ID',
        duration_ms: 'DURATION_MS',
      });
      expect(h.schema.missingOptional).toEqual([
        'span_id',
        'parent_span_id',
        'process_group',
        'memory_delta',
        'source_file',
        'source_line',
      ]);
    } finally {
      h.db.close();
    }
  });

  it('lists every absent optional column in missingOptional, and none when all are present', () => {
    const dir = tempDir();
    const minimal = createTraceDb({ dir, name: 'minimal.db', columns: REQUIRED_COLUMNS });
    const full = createTraceDb({ dir, name: 'full.db' });
    const a = openSource(minimal);
    const b = openSource(full);
    try {
      // The fixture always adds an INTEGER PRIMARY KEY named id.
      expect(a.schema.missingOptional).toEqual(OPTIONAL_COLUMNS.filter((c) => c !== 'id'));
      expect(Object.keys(a.schema.columns).sort()).toEqual([...REQUIRED_COLUMNS, 'id'].sort());
      expect(b.schema.missingOptional).toEqual([]);
      expect(Object.keys(b.schema.columns).sort()).toEqual([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].sort());
    } finally {
      a.db.close();
      b.db.close();
    }
  });

  it('detects a writer_status table that has timestamp, queue_depth and status', () => {
    const dir = tempDir();
    const withStatus = createTraceDb({
      dir,
      name: 'with.db',
      writerStatus: [{ timestamp: 1_700_000_000, queue_depth: 3, status: 'running' }],
    });
    const without = createTraceDb({ dir, name: 'without.db' });
    const a = openSource(withStatus);
    const b = openSource(without);
    try {
      expect(a.schema.hasWriterStatus).toBe(true);
      expect(a.schema.writerStatusTable).toBe('writer_status');
      expect(b.schema.hasWriterStatus).toBe(false);
      expect(b.schema).not.toHaveProperty('writerStatusTable');
    } finally {
      a.db.close();
      b.db.close();
    }
  });

  it('matches writer_status case-insensitively, ignores one missing a column, and refuses one defined as a view', () => {
    const dir = tempDir();
    const upper = createTraceDb({ dir, name: 'upper.db', wal: false });
    createRawDb(
      upper,
      'CREATE TABLE WRITER_STATUS (TIMESTAMP, Queue_Depth INTEGER, STATUS TEXT, "x""; DROP TABLE data_trace; --")',
    );
    const partial = createTraceDb({ dir, name: 'partial.db', wal: false });
    createRawDb(partial, 'CREATE TABLE writer_status (timestamp, status TEXT)');
    const view = createTraceDb({ dir, name: 'view.db', wal: false });
    createRawDb(
      view,
      'CREATE TABLE ws_real (timestamp, queue_depth, status); CREATE VIEW writer_status AS SELECT * FROM ws_real',
    );
    openFails(view, 'unsafe-schema');
    const [u, p] = [upper, partial].map((path) => openSource(path));
    try {
      expect(u.schema).toMatchObject({ hasWriterStatus: true, writerStatusTable: 'WRITER_STATUS' });
      expect(p.schema.hasWriterStatus).toBe(false);
    } finally {
      for (const h of [u, p]) h.db.close();
    }
  });
});

describe('openSource: read-only guarantee', () => {
  it('leaves a rollback-journal database byte-for-byte unchanged and creates no journal', () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, wal: false, rows: sampleRows(50) });
    const before = snapshot(dir);
    const h = openSource(path);
    try {
      expect(h.journalMode).toBe('delete');
      expect(countRows(h.db)).toBe(50);
      // The connection itself refuses writes.
      expect(() => h.db.exec('DELETE FROM data_trace')).toThrow(/readonly|query_only/i);
      expect(() => h.db.exec('CREATE TABLE scratch (a)')).toThrow(/readonly|query_only/i);
    } finally {
      h.db.close();
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('leaves a WAL database file unchanged and writes nothing into the -wal', () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, wal: true, rows: sampleRows(50) });
    const before = fileState(path);
    const h = openSource(path);
    try {
      expect(h.journalMode).toBe('wal');
      expect(countRows(h.db)).toBe(50);
      expect(() => h.db.exec('DELETE FROM data_trace')).toThrow(/readonly|query_only/i);
    } finally {
      h.db.close();
    }
    expect(fileState(path)).toEqual(before);
    // SQLite may create -wal/-shm for a reader; the -wal must stay empty (no frames written).
    if (existsSync(`${path}-wal`)) expect(statSync(`${path}-wal`).size).toBe(0);
  });

  it('opens a WAL database while another connection is writing it, seeing only committed rows', () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, wal: true, rows: sampleRows(10) });
    const writer = new Database(path);
    try {
      appendRows(path, sampleRows(5)); // committed by another connection, still in the -wal
      writer.exec('BEGIN IMMEDIATE');
      writer.prepare("INSERT INTO data_trace (process, status) VALUES ('pending', 'OK')").run();
      const mainBefore = fileState(path);
      const started = performance.now();
      const h = openSource(path, { busyTimeoutMs: 100 });
      try {
        expect(performance.now() - started).toBeLessThan(1500);
        expect(h.journalMode).toBe('wal');
        expect(countRows(h.db)).toBe(15);
        writer.exec('COMMIT');
        expect(countRows(h.db)).toBe(16);
      } finally {
        h.db.close();
      }
      expect(fileState(path)).toEqual(mainBefore);
    } finally {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      writer.close();
    }
  });
});
