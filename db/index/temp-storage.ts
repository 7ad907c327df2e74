import type Database from 'better-sqlite3';

/**
 * Drops the connection's temporary tables and the memory they hold: with temp_store = MEMORY a
 * temporary table's pages stay allocated after its rows are deleted (they go to its freelist),
 * until the temporary database is closed, which a change of temp_store does (SQLite drops every
 * temporary table then). Leaves temp_store as it was.
 */
export function releaseTempStorage(db: Database.Database): void {
  const was = Number(db.pragma('temp_store', { simple: true }));
  db.pragma(`temp_store = ${was === 1 ? 2 : 1}`);
  db.pragma(`temp_store = ${was}`);
}
