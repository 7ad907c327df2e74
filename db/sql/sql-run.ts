// Runs one console statement on a fresh read-only connection: the user's file as `main`, its
// sidecar index attached read-only as `idx`, the friendly TEMP views over both (sql-views.ts).
// Called in a SQL child process (sql-child.ts), never on a thread the engine needs back.
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { InspectorError } from '../api/errors.ts';
import type { ColumnMap, SqlExport, SqlPage, SqlPlanStep, SqlSchemaTable, SqlValue } from '../api/types.ts';
import { csvField } from '../export/csv.ts';
import { fromSqliteError } from '../source/open-source.ts';
import { checkPrepared, checkStatementText, errorPosition } from './sql-guard.ts';
import { viewStatements } from './sql-views.ts';
import type { SqlJob } from './sql-job.ts';

/** A page's rows and characters are capped so one answer stays a few MB whatever the statement selects. */
export const MAX_PAGE_ROWS = 5000;
export const CELL_CHARS = 4000;
const PAGE_CHARS = 4_000_000;
/** An export carries at most this much; the console says when it stopped early. */
export const EXPORT_MAX_ROWS = 200_000;
const EXPORT_CHARS = 64_000_000;
const BLOB_PREVIEW_BYTES = 32;

export function openConsole(sourcePath: string, sidecarPath: string, schema: ColumnMap): Database.Database {
  // Read-only at open: SQLite refuses every write to main, and an attached file inherits the flag.
  const db = new Database(sourcePath, { readonly: true, fileMustExist: true, timeout: 2000 });
  try {
    // Views and triggers in the user's file run only innocuous functions.
    db.pragma('trusted_schema = OFF');
    db.prepare('ATTACH DATABASE ? AS idx').run(sidecarPath);
    for (const ddl of viewStatements(schema)) db.exec(ddl);
    // Only now, as the TEMP views are written: from here on nothing, not even TEMP, can be written.
    db.pragma('query_only = 1');
    db.function('now_ms', { deterministic: false }, () => Date.now());
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The statement, checked as text and as SQLite compiled it. */
function prepareReading(db: Database.Database, sql: string): Database.Statement {
  checkStatementText(sql);
  let stmt: Database.Statement;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    throw sqlError(err, sql);
  }
  checkPrepared(stmt);
  return stmt.raw(true).safeIntegers(true);
}

/** SQLite's message with where it points, as an sql-error (a TypeError/RangeError of better-sqlite3 too: "more than one statement"). */
export function sqlError(err: unknown, sql: string): InspectorError {
  if (err instanceof InspectorError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/more than one statement/i.test(message))
    return new InspectorError('sql-refused', 'Run one statement at a time: the text holds more than one.');
  if (/not authorized/i.test(message)) return new InspectorError('sql-refused', `SQLite refused it: ${message}.`);
  const at = errorPosition(sql, message);
  return new InspectorError(
    'sql-error',
    at ? `${message} (line ${at.line}, column ${at.column})` : message,
    at ? { ...at } : undefined,
  );
}

function cell(v: unknown, cut: boolean): { value: SqlValue; cut: boolean } {
  if (v === null || v === undefined) return { value: null, cut: false };
  if (typeof v === 'bigint')
    return {
      value: v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString(),
      cut: false,
    };
  if (typeof v === 'number') return { value: v, cut: false };
  if (Buffer.isBuffer(v)) {
    const hex = v.subarray(0, BLOB_PREVIEW_BYTES).toString('hex').toUpperCase();
    return {
      value: `X'${hex}${v.length > BLOB_PREVIEW_BYTES ? '…' : ''}' (${v.length} bytes)`,
      cut: v.length > BLOB_PREVIEW_BYTES,
    };
  }
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return cut && s.length > CELL_CHARS ? { value: `${s.slice(0, CELL_CHARS)}…`, cut: true } : { value: s, cut: false };
}

function plan(db: Database.Database, sql: string): SqlPlanStep[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { id: number; parent: number; detail: string }[];
  return rows.map((r) => ({ id: r.id, parent: r.parent, detail: r.detail }));
}

const isQuery = (sql: string) =>
  /^\s*(SELECT|WITH|VALUES)\b/i.test(sql.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, ''));

/**
 * Rows offset..offset+limit of the statement's result. Paging re-runs the statement and skips:
 * a statement kept open between pages would hold a read transaction (and the WAL) for as long
 * as the user looks at the grid.
 */
export function runPage(db: Database.Database, sql: string, offset: number, limit: number): SqlPage {
  const t0 = performance.now();
  const stmt = prepareReading(db, sql);
  const columns = stmt.columns().map((c) => c.name);
  const rows: SqlValue[][] = [];
  let skipped = 0;
  let chars = 0;
  let truncatedCells = 0;
  let more = false;
  try {
    for (const raw of stmt.iterate() as IterableIterator<unknown[]>) {
      if (skipped < offset) {
        skipped++;
        continue;
      }
      if (rows.length >= Math.min(limit, MAX_PAGE_ROWS) || chars > PAGE_CHARS) {
        more = true;
        break;
      }
      const row = raw.map((v) => {
        const c = cell(v, true);
        if (c.cut) truncatedCells++;
        if (typeof c.value === 'string') chars += c.value.length;
        return c.value;
      });
      rows.push(row);
    }
  } catch (err) {
    throw sqlError(err, sql);
  }
  const runMs = performance.now() - t0;
  return {
    columns,
    rows,
    offset,
    more,
    runMs: Math.round(runMs * 100) / 100,
    plan: offset === 0 && isQuery(sql) ? plan(db, sql) : null,
    truncatedCells,
  };
}

/** The whole result (up to EXPORT_MAX_ROWS) as CSV, formula-safe like every export, or JSON Lines. */
export function runExport(db: Database.Database, sql: string, format: 'csv' | 'jsonl'): SqlExport {
  const stmt = prepareReading(db, sql);
  const columns = stmt.columns().map((c) => c.name);
  // JSON Lines objects need distinct keys: `SELECT a.id, b.id` gives id and id_2.
  const keys = columns.map((c, i) => (columns.indexOf(c) === i ? c : `${c}_${i + 1}`));
  const parts: string[] = format === 'csv' ? [`${columns.map((c) => csvField(c)).join(',')}\r\n`] : [];
  let rows = 0;
  let chars = 0;
  let truncated = false;
  try {
    for (const raw of stmt.iterate() as IterableIterator<unknown[]>) {
      if (rows >= EXPORT_MAX_ROWS || chars > EXPORT_CHARS) {
        truncated = true;
        break;
      }
      const values = raw.map((v) => cell(v, false).value);
      const line =
        format === 'csv'
          ? `${values.map(csvField).join(',')}\r\n`
          : `${JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, values[i]])))}\n`;
      parts.push(line);
      chars += line.length;
      rows++;
    }
  } catch (err) {
    throw sqlError(err, sql);
  }
  return { format, text: parts.join(''), rows, truncated, filename: `query.${format === 'csv' ? 'csv' : 'jsonl'}` };
}

/** The friendly views and the file's own tables with their columns, for completion. */
export function readSchema(db: Database.Database): SqlSchemaTable[] {
  const out: SqlSchemaTable[] = [];
  for (const schema of ['temp', 'main'] as const) {
    const list = db
      .prepare(
        `SELECT name, type FROM ${schema}.sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`,
      )
      .all() as { name: string; type: 'table' | 'view' }[];
    for (const t of list) {
      let columns: string[] = [];
      try {
        columns = db.prepare('SELECT name FROM pragma_table_info(?, ?)').pluck().all(t.name, schema) as string[];
      } catch {
        // a view of the user's that does not compile still lists, without columns
      }
      out.push({ name: t.name, schema, kind: t.type, columns });
    }
  }
  return out;
}

export function runJob(job: SqlJob): SqlPage | SqlExport | SqlSchemaTable[] {
  let db: Database.Database;
  try {
    db = openConsole(job.sourcePath, job.sidecarPath, job.schema);
  } catch (err) {
    throw fromSqliteError(err, job.sourcePath);
  }
  try {
    if (job.mode === 'page') return runPage(db, job.sql, job.offset, job.limit);
    if (job.mode === 'export') return runExport(db, job.sql, job.format);
    return readSchema(db);
  } finally {
    db.close();
  }
}
