import Database from 'better-sqlite3';
import type { ColumnMap } from '../api/types.ts';
import { InspectorError } from '../api/errors.ts';
import { checkStillPlainTables, fromSqliteError } from '../source/open-source.ts';

export interface SeriesInfo {
  id: number;
  process: string;
  grp: string | null;
  sourceFile: string | null;
  sourceLine: number | null;
  rows: number;
}

/**
 * SQLite page caches, in KiB (negative: a size, not a page count). better-sqlite3 builds SQLite
 * with a 16 MB default per connection, and each query worker holds two connections per database.
 * Reads of the user's file are rows by rowid and "contains" scans that touch each page once; the
 * sidecar's are index range scans; the OS page cache serves a re-read in microseconds. Measured at
 * 1M rows, both workers busy (issue 14, peak RSS ≤ 250 MB): the source at 16 → 2 MB took 30 MB off
 * the operations' peak (248 → 218 MB), the sidecar at 8 → 2 MB another 8–10 MB, with operation
 * times unchanged within this shared machine's noise.
 */
const SOURCE_CACHE_KB = -2000;
const SIDECAR_CACHE_KB = -2000;
/** The alerts thread reads rollups and small index ranges. */
const ALERTS_SIDECAR_CACHE_KB = -1000;

/** What a query worker needs to reach one open database: where its files are and how its columns are named. */
export interface DatabaseTarget {
  db: string;
  sourcePath: string;
  sidecarPath: string;
  /** Bumped when the sidecar is rebuilt, so workers reopen it. */
  generation: number;
  schema: ColumnMap;
  /** What the user set the file's timestamps to mark (absent: detected from the file). */
  timestamps?: 'start' | 'end';
  /** Set when the indexer hit damage in the source (see LiveIndex.damaged). */
  damaged?: { message: string; indexedRows: number };
}

/**
 * A query worker's read-only connections to one database and its sidecar, with prepared
 * statements cached by SQL text. Queries run in the worker, so nothing here blocks an event loop
 * the UI depends on.
 */
export class QueryContext {
  target: DatabaseTarget;
  private readonly sourceDb: Database.Database | null;
  readonly sidecar: Database.Database;
  private stmts = new Map<string, Database.Statement>();
  private seriesCache: { maxId: number; list: SeriesInfo[] } | null = null;
  private schemaVersion = 0;
  /** Indexes seen in the sidecar: created once (after a first build) and never dropped in a generation. */
  private indexes = new Set<string>();

  /**
   * `indexOnly` (the alerts thread) opens the sidecar alone, with a 1 MB cache: its queries read
   * rollups and small index ranges, never the user's rows.
   */
  constructor(target: DatabaseTarget, opts: { indexOnly?: boolean } = {}) {
    this.target = target;
    if (opts.indexOnly) this.sourceDb = null;
    else {
      try {
        this.sourceDb = new Database(target.sourcePath, { readonly: true, fileMustExist: true, timeout: 2000 });
      } catch (err) {
        throw fromSqliteError(err, target.sourcePath);
      }
      try {
        this.sourceDb.pragma('trusted_schema = OFF');
        this.sourceDb.pragma('query_only = 1');
        this.sourceDb.pragma(`cache_size = ${SOURCE_CACHE_KB}`);
        this.schemaVersion = Number(this.sourceDb.pragma('schema_version', { simple: true }));
        checkStillPlainTables(this.sourceDb, target.sourcePath, target.schema);
      } catch (err) {
        this.sourceDb.close();
        throw err instanceof InspectorError ? err : fromSqliteError(err, target.sourcePath);
      }
    }
    this.sidecar = new Database(target.sidecarPath, { readonly: true, fileMustExist: true, timeout: 2000 });
    // Queries are short index range scans that the OS page cache serves well; a small SQLite
    // cache per worker keeps the inspector's resident memory down.
    this.sidecar.pragma(`cache_size = ${opts.indexOnly ? ALERTS_SIDECAR_CACHE_KB : SIDECAR_CACHE_KB}`);
  }

  /** The file's schema changed since this context vetted it (a cheap header read). */
  schemaChanged(): boolean {
    if (!this.sourceDb) return false;
    try {
      return Number(this.sourceDb.pragma('schema_version', { simple: true })) !== this.schemaVersion;
    } catch {
      return true;
    }
  }

  get source(): Database.Database {
    if (!this.sourceDb) throw new Error('this context reads the index only');
    return this.sourceDb;
  }

  get schema(): ColumnMap {
    return this.target.schema;
  }

  side(sql: string): Database.Statement {
    return this.cached('i', this.sidecar, sql);
  }

  /**
   * Whether the sidecar has this index yet: the duration indexes are created at the end of a
   * first build (DEFERRED_INDEXES in sidecar-schema.ts); until then a query naming one with
   * INDEXED BY would fail, so it walks another.
   */
  hasIndex(name: string): boolean {
    if (this.indexes.has(name)) return true;
    const found = this.side("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").get(name) !== undefined;
    if (found) this.indexes.add(name);
    return found;
  }

  src(sql: string): Database.Statement {
    return this.cached('s', this.source, sql);
  }

  private cached(prefix: string, db: Database.Database, sql: string): Database.Statement {
    const key = prefix + sql;
    let stmt = this.stmts.get(key);
    if (!stmt) {
      stmt = db.prepare(sql);
      this.stmts.set(key, stmt);
    }
    return stmt;
  }

  /** All (process, group) series; re-read only when a new one has been indexed. */
  series(): SeriesInfo[] {
    const maxId = (this.side('SELECT max(id) FROM series').pluck().get() as number | null) ?? 0;
    if (this.seriesCache?.maxId !== maxId) {
      const list = this.side(
        'SELECT id, process, grp, source_file AS sourceFile, source_line AS sourceLine, rows FROM series ORDER BY id',
      ).all() as SeriesInfo[];
      this.seriesCache = { maxId, list };
    }
    // Row counts change with every batch; re-read them cheaply when asked for (functions list).
    return this.seriesCache.list;
  }

  close(): void {
    this.sourceDb?.close();
    this.sidecar.close();
  }
}
