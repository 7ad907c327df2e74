import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InspectorError } from '../api/errors.ts';
import type { ColumnMap } from '../api/types.ts';
import {
  OPTIONAL_COLUMNS,
  REQUIRED_COLUMNS,
  TRACE_TABLE,
  WRITER_STATUS_COLUMNS,
  WRITER_STATUS_TABLE,
  quoteIdent,
} from './contract.ts';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');

export interface SourceHandle {
  db: Database.Database;
  path: string;
  schema: ColumnMap;
  journalMode: string;
}

/**
 * Opens the user's trace database read-only and checks it against the contract. Every way it can
 * be wrong gets its own error kind and a sentence that names the problem. The connection is
 * read-only and query_only, so nothing here can write to the user's file.
 */
export function openSource(path: string, opts: { busyTimeoutMs?: number } = {}): SourceHandle {
  // Absolute paths are never read as "file:" URIs, whatever the user typed.
  const abs = resolve(path);
  checkFile(abs);
  let db: Database.Database;
  try {
    db = new Database(abs, { readonly: true, fileMustExist: true, timeout: opts.busyTimeoutMs ?? 2000 });
  } catch (err) {
    throw openFailure(err, abs);
  }
  try {
    // Before anything reads the schema: functions named in the file's own schema (views,
    // triggers, generated columns, CHECKs) may then only be SQLite's innocuous built-ins.
    db.pragma('trusted_schema = OFF');
    db.pragma('query_only = 1');
    const journalMode = String(db.pragma('journal_mode', { simple: true }));
    const schema = detectSchema(db, abs);
    // Touch the newest and oldest rows: a damaged file fails here, not in the middle of a query.
    for (const table of [schema.table, schema.writerStatusTable]) {
      if (table === undefined) continue;
      db.prepare(`SELECT * FROM ${quoteIdent(table)} ORDER BY rowid DESC LIMIT 1`).all();
      db.prepare(`SELECT * FROM ${quoteIdent(table)} ORDER BY rowid LIMIT 1`).all();
    }
    return { db, path: abs, schema, journalMode };
  } catch (err) {
    db.close();
    throw err instanceof InspectorError ? err : openFailure(err, abs);
  }
}

/**
 * fromSqliteError, refined by what openSource knows: the file is opened read-only, and checkFile has
 * already seen the "SQLite format 3" magic.
 */
function openFailure(err: unknown, abs: string): InspectorError {
  const code = String((err as { code?: string })?.code ?? '');
  // A read-only connection cannot create the -shm file a WAL database needs (SQLite >= 3.22 reads
  // without it only if the folder is writable); otherwise this surfaces as "attempt to write a readonly database".
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new InspectorError(
      'permission-denied',
      `${abs} is a WAL database in a folder you cannot write to, so SQLite cannot create the ${basename(abs)}-shm file it needs to read it. Copy it (with its -wal file) to a folder you own, or open it while the app that writes it is running.`,
      { path: abs },
    );
  }
  const e = fromSqliteError(err, abs);
  if (e.kind !== 'not-sqlite') return e;
  // With the magic present, SQLITE_NOTADB means a damaged header (bad page size…), not a foreign file.
  return new InspectorError(
    'corrupt',
    `${abs} is damaged: it starts like a SQLite database but its header is unreadable (SQLite reports: ${(err as Error)?.message ?? String(err)}). Nothing was changed.`,
    { path: abs },
  );
}

function checkFile(abs: string): void {
  let size: number;
  try {
    const st = statSync(abs);
    if (st.isDirectory()) throw new InspectorError('not-a-file', `${abs} is a folder, not a database file.`);
    if (!st.isFile()) throw new InspectorError('not-a-file', `${abs} is not a regular file.`);
    size = st.size;
  } catch (err) {
    if (err instanceof InspectorError) throw err;
    throw fromFsError(err, abs);
  }
  if (size === 0)
    throw new InspectorError('empty-file', `${abs} is empty (0 bytes): there is no database in it yet.`, { path: abs });
  const header = Buffer.alloc(100);
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    readSync(fd, header, 0, 100, 0);
  } catch (err) {
    throw fromFsError(err, abs);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (header.subarray(0, 16).equals(SQLITE_MAGIC)) return;
  if (looksEncrypted(header, size)) {
    throw new InspectorError(
      'encrypted',
      `${abs} looks like an encrypted database (e.g. SQLCipher): its header is unreadable without the key. Trace Inspector opens unencrypted SQLite files.`,
      { path: abs },
    );
  }
  const printable = header
    .subarray(0, Math.min(size, 100))
    .every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  throw new InspectorError(
    'not-sqlite',
    `${abs} is not a SQLite database${printable ? ' (it looks like a text file)' : ''}.`,
    { path: abs },
  );
}

/** Encrypted SQLite files are whole pages of random bytes; anything else with a foreign header is just not SQLite. */
function looksEncrypted(header: Buffer, size: number): boolean {
  if (size < 1024 || size % 512 !== 0) return false;
  const head = header.subarray(0, 64);
  const distinct = new Set(head).size;
  const nonPrintable = head.filter((b) => b < 32 || b >= 127).length;
  return distinct > 40 && nonPrintable > 16;
}

/**
 * A trace database holds a handful of tables; every connection parses the whole schema when it
 * opens (20,000 tables: ~280 ms each, on every worker), so a schema this big is refused.
 */
export const MAX_SCHEMA_OBJECTS = 2000;

/** A view or a virtual table runs whatever the file says (an endless recursive CTE, a module's code) when read. */
function refuseUnsafe(o: { name: string; type: string; sql: string | null }, abs: string): void {
  const virtual = o.type === 'table' && /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(o.sql ?? '');
  if (o.type !== 'view' && !virtual) return;
  const what = virtual
    ? `a virtual table (module ${/USING\s+("?)([\w-]+)\1/i.exec(o.sql ?? '')?.[2] ?? 'unknown'})`
    : 'a view';
  throw new InspectorError(
    'unsafe-schema',
    `${o.name} in ${abs} is ${what}, not a plain table. Reading it would run a query or code the file itself defines, which can take forever or do anything its module does, so Trace Inspector does not open it.`,
    { path: abs, table: o.name, type: virtual ? 'virtual-table' : 'view' },
  );
}

/**
 * For a connection opened after the file was vetted (a query worker's): the tables it reads are
 * still plain tables. Reading sqlite_schema runs nothing the file defines.
 */
export function checkStillPlainTables(db: Database.Database, abs: string, schema: ColumnMap): void {
  const names = [schema.table, schema.writerStatusTable]
    .filter((n): n is string => n !== undefined)
    .map((n) => n.toLowerCase());
  const objects = db.prepare(`SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view')`).all() as {
    name: string;
    type: string;
    sql: string | null;
  }[];
  for (const o of objects) if (names.includes(o.name.toLowerCase())) refuseUnsafe(o, abs);
}

function detectSchema(db: Database.Database, abs: string): ColumnMap {
  const count = Number(db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get());
  if (count > MAX_SCHEMA_OBJECTS) {
    throw new InspectorError(
      'too-large',
      `${abs} defines ${count.toLocaleString('en-US')} tables, indexes, views and triggers; a trace database has a handful, and one this big would slow every query, so it is not opened.`,
      { path: abs, schemaObjects: count },
    );
  }
  const objects = db
    .prepare(
      `SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
    )
    .all() as { name: string; type: string; sql: string | null }[];
  const find = (wanted: string) => objects.find((o) => o.name.toLowerCase() === wanted);
  const table = find(TRACE_TABLE);
  if (!table) {
    const names = objects.map((o) => o.name);
    throw new InspectorError(
      'missing-table',
      `${abs} has no table named ${TRACE_TABLE}${names.length ? `; it has: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}` : ' (it has no tables at all)'}.`,
      { path: abs, tables: names },
    );
  }
  refuseUnsafe(table, abs);
  const found = (db.prepare(`PRAGMA table_info(${quoteIdent(table.name)})`).all() as { name: string }[]).map(
    (c) => c.name,
  );
  const byLower = new Map(found.map((n) => [n.toLowerCase(), n]));
  const missing = REQUIRED_COLUMNS.filter((c) => !byLower.has(c));
  if (missing.length) {
    throw new InspectorError(
      'missing-columns',
      `${table.name} is missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; found: ${found.join(', ') || 'none'}.`,
      { path: abs, missing, found },
    );
  }
  try {
    db.prepare(`SELECT rowid FROM ${quoteIdent(table.name)} LIMIT 0`).all();
  } catch {
    throw new InspectorError(
      'unsupported-table',
      `${table.name} in ${abs} is a WITHOUT ROWID table; Trace Inspector needs a rowid (or an INTEGER PRIMARY KEY id) to page through rows.`,
      { path: abs },
    );
  }
  const columns: Record<string, string> = {};
  for (const c of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
    const name = byLower.get(c);
    if (name !== undefined) columns[c] = name;
  }
  const ws = find(WRITER_STATUS_TABLE);
  if (ws) refuseUnsafe(ws, abs);
  let hasWriterStatus = false;
  if (ws?.type === 'table') {
    const wsCols = new Set(
      (db.prepare(`PRAGMA table_info(${quoteIdent(ws.name)})`).all() as { name: string }[]).map((c) =>
        c.name.toLowerCase(),
      ),
    );
    hasWriterStatus = WRITER_STATUS_COLUMNS.every((c) => wsCols.has(c));
  }
  return {
    table: table.name,
    columns,
    missingOptional: OPTIONAL_COLUMNS.filter((c) => !(c in columns)),
    hasWriterStatus,
    ...(hasWriterStatus && ws ? { writerStatusTable: ws.name } : {}),
  };
}

function fromFsError(err: unknown, abs: string): InspectorError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new InspectorError('not-found', `${abs} does not exist.`, { path: abs });
  if (code === 'EACCES' || code === 'EPERM')
    return new InspectorError('permission-denied', `You do not have permission to read ${abs}.`, { path: abs });
  if (code === 'EISDIR')
    return new InspectorError('not-a-file', `${abs} is a folder, not a database file.`, { path: abs });
  return new InspectorError('internal', `Could not read ${abs}: ${(err as Error).message}`, { path: abs });
}

/** Maps better-sqlite3's SQLITE_* codes to the error kinds the user sees. */
export function fromSqliteError(err: unknown, abs: string): InspectorError {
  const code = String((err as { code?: string })?.code ?? '');
  const msg = (err as Error)?.message ?? String(err);
  if (code.startsWith('SQLITE_NOTADB'))
    return new InspectorError('not-sqlite', `${abs} is not a SQLite database (or it is encrypted).`, { path: abs });
  if (code.startsWith('SQLITE_CORRUPT'))
    return new InspectorError(
      'corrupt',
      `${abs} is damaged (SQLite reports: ${msg}). Nothing was changed; a copy made with "sqlite3 ${abs} .recover" may be readable.`,
      { path: abs },
    );
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new InspectorError(
      'locked',
      `${abs} is locked by another process right now; Trace Inspector will keep trying.`,
      { path: abs },
    );
  if (code.startsWith('SQLITE_CANTOPEN'))
    return new InspectorError(
      'permission-denied',
      `${abs} cannot be opened (no permission, or its folder is not accessible).`,
      { path: abs },
    );
  if (code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH'))
    return new InspectorError('permission-denied', `You do not have permission to read ${abs}.`, { path: abs });
  if (code.startsWith('SQLITE_IOERR'))
    return new InspectorError(
      'vanished',
      `Reading ${abs} failed (${msg}): the file may have been moved, deleted or truncated.`,
      { path: abs },
    );
  return new InspectorError('internal', `SQLite failed on ${abs}: ${msg}`, { path: abs });
}
