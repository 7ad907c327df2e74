import type Database from 'better-sqlite3';

/** Rowids per read of the user's file: one statement each, so each read transaction stays short. */
export const ROWID_BATCH = 2000;

/**
 * Runs `read` (a raw statement whose one parameter is a JSON array of rowids, read with
 * `rowid IN (SELECT value FROM json_each(?))`) over `ids` in batches, and returns every row.
 */
export function allByRowid<R extends unknown[]>(read: Database.Statement, ids: readonly number[]): R[] {
  const rows: R[] = [];
  for (let i = 0; i < ids.length; i += ROWID_BATCH)
    for (const row of read.all(JSON.stringify(ids.slice(i, i + ROWID_BATCH))) as R[]) rows.push(row);
  return rows;
}
