import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ColumnMap } from '../api/types.ts';
import { rowFingerprint } from './ingest.ts';
import { DEFERRED_INDEXES, SIDECAR_DDL, SIDECAR_VERSION, readMeta, writeMeta } from './sidecar-schema.ts';
import { sidecarGenerations, sidecarPath } from './sidecar-location.ts';

export interface OpenedSidecar {
  db: Database.Database;
  path: string;
  generation: number;
  /** Why the index starts from scratch, or null when an existing index is resumed. */
  rebuiltBecause: string | null;
}

export function columnsSignature(schema: ColumnMap): string {
  return JSON.stringify([schema.table, schema.columns, schema.writerStatusTable ?? null]);
}

export function removeSidecar(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      rmSync(path + suffix, { force: true });
    } catch {
      // still open elsewhere (Windows): removed at the next open instead
    }
  }
}

/** Every generation of this key's index older than `keep`. */
export function removeOlderGenerations(dir: string, key: string, keep: number): void {
  for (const g of sidecarGenerations(dir, key)) if (g < keep) removeSidecar(sidecarPath(dir, key, g));
}

/** The format version an existing index file says it has (null: none, or no meta table yet). */
function storedVersion(db: Database.Database): number | null {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return null;
  const v = db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get();
  return v === undefined ? null : Number(v);
}

function create(path: string, sourcePath: string, schema: ColumnMap): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // A cache we can always rebuild: durability would only slow the first build down.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  // The indexer's writes go through this cache; what it holds stays resident after the first
  // build. At 1M rows: 32 MB left the process at 229 MB once live, 16 MB at 214, 8 MB at 205 with
  // no build slowdown seen under load; 16 MB until a 10M build says the smaller one costs nothing.
  // Once the index is built (a reopen, the tail) LiveIndex lowers it to 4 MB (BUILT_CACHE_KB).
  db.pragma('cache_size = -16000');
  db.pragma('temp_store = MEMORY');
  // An index of another format is left as it is (it is about to be replaced): its DDL run on an
  // old file could fail, or build a new index over 10M old rows before the version is read.
  const version = storedVersion(db);
  if (version !== null && version !== SIDECAR_VERSION) return db;
  db.exec(SIDECAR_DDL);
  if (readMeta(db).version === undefined) {
    writeMeta(db, {
      version: SIDECAR_VERSION,
      sourcePath,
      columnsSignature: columnsSignature(schema),
      lastId: 0,
      heartbeatLastId: 0,
      badTimestamps: 0,
    });
  }
  return db;
}

/** A fresh, fully initialised generation after the newest one on disk. */
export function createGeneration(
  dir: string,
  key: string,
  sourcePath: string,
  schema: ColumnMap,
  reason: string,
): OpenedSidecar {
  const generation = (sidecarGenerations(dir, key)[0] ?? 0) + 1;
  const path = sidecarPath(dir, key, generation);
  removeSidecar(path);
  return { db: create(path, sourcePath, schema), path, generation, rebuiltBecause: reason };
}

/**
 * Opens the index for a source, resuming the newest generation when it still describes the same
 * file: same version, same columns, and the last row it indexed is still there with the same
 * content. Anything else (a replaced or truncated file, an old or damaged index) starts a new one.
 */
export function openSidecar(
  dir: string,
  key: string,
  source: Database.Database,
  sourcePath: string,
  schema: ColumnMap,
): OpenedSidecar {
  const newest = sidecarGenerations(dir, key)[0];
  let reason: string | null = 'first open';
  if (newest !== undefined) {
    const path = sidecarPath(dir, key, newest);
    let db: Database.Database | null = null;
    try {
      db = create(path, sourcePath, schema);
      const meta = readMeta(db);
      if (Number(meta.version) !== SIDECAR_VERSION) reason = 'the index format changed';
      else if (meta.columnsSignature !== columnsSignature(schema)) reason = "the table's columns changed";
      else if (
        Number(meta.lastId) > 0 &&
        rowFingerprint(source, schema, Number(meta.lastId)) !== meta.lastFingerprint
      ) {
        reason = 'the database was replaced or truncated';
      } else {
        removeOlderGenerations(dir, key, newest);
        return { db, path, generation: newest, rebuiltBecause: Number(meta.lastId) > 0 ? null : 'first open' };
      }
    } catch (err) {
      reason = `the index was unreadable (${(err as Error).message})`;
    }
    db?.close();
  }
  const fresh = createGeneration(dir, key, sourcePath, schema, reason);
  removeOlderGenerations(dir, key, fresh.generation);
  return fresh;
}

/** The indexes a first build leaves out (DEFERRED_INDEXES) that this index does not have yet. */
export function missingDeferredIndexes(db: Database.Database): string[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?");
  return Object.keys(DEFERRED_INDEXES).filter((name) => !exists.get(name));
}

/**
 * Creates the indexes a first build leaves out (DEFERRED_INDEXES), one sort each; nothing
 * when they exist. Called once the build has read every row, before the index says it is live.
 */
export function createDeferredIndexes(db: Database.Database): void {
  const missing = missingDeferredIndexes(db).map((name) => DEFERRED_INDEXES[name]);
  if (!missing.length) return;
  // The sort spills past the cache into temporary files; with temp_store = MEMORY (right for the
  // chunks' small temporary tables) those were heap: 10M rows took the process to 710 MB resident.
  // On disk they cost the OS page cache instead. Changing temp_store drops the connection's
  // temporary tables: the bulk build that used them has ended, and a later one creates them again.
  const was = Number(db.pragma('temp_store', { simple: true }));
  db.pragma('temp_store = FILE');
  try {
    for (const ddl of missing) db.exec(ddl);
  } finally {
    db.pragma(`temp_store = ${was}`);
  }
}
