import type Database from 'better-sqlite3';
import { summarizeException } from '../../common/error-fingerprint.ts';
import type { ColumnMap } from '../api/types.ts';
import { allByRowid } from '../source/by-rowid.ts';
import { quoteIdent } from '../source/contract.ts';
import { toText } from '../source/text.ts';
import { ERROR_TIERS_MS } from './sidecar-schema.ts';

const [MINUTE_MS, HOUR_MS] = ERROR_TIERS_MS;
const MINUTES_PER_HOUR = HOUR_MS / MINUTE_MS;

// Error groups in the index (issue 15): each failing call's fingerprint (type and message with
// numbers and ids masked, common/error-fingerprint.ts), computed once when its error rows are
// indexed, so the errors view over the whole file groups rows of the sidecar instead of reading
// every error's traceback from the user's file (2,241 ms at 10M rows). Errors are few: the
// exception texts of a batch's error rows are read by rowid, in JavaScript, for both build paths.

/**
 * Keeps error_groups and error_calls (sidecar-schema.ts) for the rows of each indexed batch:
 * a call is counted once, under its latest error row (newest time, then the highest rowid), as
 * the errors view always counted it; rows without a call count alone.
 */
export class ErrorIndex {
  private readonly errorRows: Database.Statement;
  private readonly texts: Database.Statement | null;
  private readonly groupGet: Database.Statement;
  private readonly groupInsert: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly oldTs: Database.Statement;
  private readonly bucketClear: Database.Statement;
  private readonly minuteFill: Database.Statement;
  private readonly hourFill: Database.Statement;

  constructor(source: Database.Database, sidecar: Database.Database, schema: ColumnMap) {
    const exc = schema.columns.exception;
    this.texts = exc
      ? source
          .prepare(
            `SELECT rowid, ${quoteIdent(exc)} FROM ${quoteIdent(schema.table)} WHERE rowid IN (SELECT value FROM json_each(?))`,
          )
          .raw(true)
      : null;
    this.errorRows = sidecar
      .prepare('SELECT id, ts, s, coalesce(call, -id) FROM rows WHERE id >= ? AND id <= ? AND err = 1')
      .raw(true);
    this.groupGet = sidecar.prepare('SELECT id FROM error_groups WHERE fingerprint = ?').pluck();
    this.groupInsert = sidecar.prepare('INSERT INTO error_groups(fingerprint, type, message) VALUES (?, ?, ?)');
    this.upsert = sidecar.prepare(`INSERT INTO error_calls(k, row, ts, s, g) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(k) DO UPDATE SET row = excluded.row, ts = excluded.ts, s = excluded.s, g = excluded.g
      WHERE excluded.ts > ts OR (excluded.ts = ts AND excluded.row > row)`);
    this.oldTs = sidecar.prepare('SELECT ts FROM error_calls WHERE k = ?').pluck();
    this.bucketClear = sidecar.prepare('DELETE FROM error_rollup WHERE tier = ? AND bucket = ?');
    this.minuteFill = sidecar.prepare(`INSERT INTO error_rollup(tier, bucket, g, s, n, first, last)
      SELECT 0, @m, g, s, count(*), min(ts), max(ts) FROM error_calls INDEXED BY error_calls_ts
      WHERE ts >= @m * ${MINUTE_MS} AND ts < (@m + 1) * ${MINUTE_MS} GROUP BY g, s`);
    this.hourFill = sidecar.prepare(`INSERT INTO error_rollup(tier, bucket, g, s, n, first, last)
      SELECT 1, @h, g, s, sum(n), min(first), max(last) FROM error_rollup
      WHERE tier = 0 AND bucket >= @h * ${MINUTES_PER_HOUR} AND bucket < (@h + 1) * ${MINUTES_PER_HOUR} GROUP BY g, s`);
  }

  /** Inside a batch's transaction, after its rows are written: the error rows among rowids [first, last]. */
  add(first: number, last: number): void {
    const rows = this.errorRows.all(first, last) as [number, number, number, number][];
    if (rows.length === 0) return;
    const texts = new Map<number, string | null>();
    if (this.texts)
      for (const [id, text] of allByRowid<[number, unknown]>(
        this.texts,
        rows.map((r) => r[0]),
      ))
        texts.set(id, toText(text));
    // Group ids of this batch only: a rolled-back batch takes the groups it created with it.
    const groups = new Map<string, number>();
    // The minutes whose error_minutes rows change: each call's new minute and the one it left.
    const minutes = new Set<number>();
    for (const [id, ts, s, k] of rows) {
      const old = this.oldTs.get(k) as number | undefined;
      if (old !== undefined) minutes.add(Math.floor(old / MINUTE_MS));
      minutes.add(Math.floor(ts / MINUTE_MS));
      const { fingerprint, type, message } = summarizeException(texts.get(id) ?? null);
      let g = groups.get(fingerprint);
      if (g === undefined) {
        g =
          (this.groupGet.get(fingerprint) as number | undefined) ??
          Number(this.groupInsert.run(fingerprint, type, message).lastInsertRowid);
        groups.set(fingerprint, g);
      }
      this.upsert.run(k, id, ts, s, g);
    }
    // Recomputed, not adjusted: a minute's first and last cannot be subtracted.
    const hours = new Set<number>();
    for (const m of minutes) {
      this.bucketClear.run(0, m);
      this.minuteFill.run({ m });
      hours.add(Math.floor(m / MINUTES_PER_HOUR));
    }
    for (const h of hours) {
      this.bucketClear.run(1, h);
      this.hourFill.run({ h });
    }
  }
}
