import type Database from 'better-sqlite3';
import { bulkCallDurationsStatements, callDurationsRefill } from './call-durations.ts';
import { bulkCallHistogramStatements, callHistogramRefill } from './call-histogram.ts';
import { bulkCallHourBinsStatements, callHourBinsRefill, hourOfMinute } from './call-hour-bins.ts';
import { CALL_BUCKET_MS } from './sidecar-schema.ts';

/** The call_rollup bucket of a timestamp (floored, also before 1970). */
export const callBucket = (ts: number): number => Math.floor(ts / CALL_BUCKET_MS);

/** The same in SQL, for an integer expression. */
export const callBucketSql = (ts: string): string =>
  `((${ts} - (((${ts} % ${CALL_BUCKET_MS}) + ${CALL_BUCKET_MS}) % ${CALL_BUCKET_MS})) / ${CALL_BUCKET_MS})`;

/** A minute's figures, from its calls (read off the covering calls_s_ts index). */
const AGGREGATE = `count(*), total(c.err), count(c.dur), total(c.dur), max(c.dur), count(c.mem), total(c.mem), max(c.mem)`;

/**
 * Recomputes the call_rollup rows of the (series, bucket) pairs the row-by-row path touched: each
 * is a scan of one minute of one function's calls (~250 at 10M rows), where keeping sums by
 * subtracting a call's old figures would drift and could not lower a maximum.
 */
export class CallRollup {
  private readonly clear: Database.Statement;
  private readonly fill: Database.Statement;
  private readonly touched = new Map<string, [number, number]>();
  /** The same minutes' latency bins (call_hist). */
  private readonly histogram: (s: number, b: number) => void;
  /** The same minutes' sorted durations (call_durs). */
  private readonly durations: (s: number, b: number) => void;
  /** Their hours' fine bins (call_hour_bins), from the refilled call_durs rows. */
  private readonly hourBins: (s: number, hour: number) => void;

  constructor(db: Database.Database) {
    this.histogram = callHistogramRefill(db);
    this.durations = callDurationsRefill(db);
    this.hourBins = callHourBinsRefill(db);
    this.clear = db.prepare('DELETE FROM call_rollup WHERE s = ? AND bucket = ?');
    this.fill =
      db.prepare(`INSERT INTO call_rollup(s, bucket, calls, errors, timed, dur_sum, dur_max, mem_n, mem_sum, mem_max)
      SELECT @s, @b, ${AGGREGATE} FROM calls c INDEXED BY calls_s_ts WHERE c.s = @s AND c.ts >= @b * ${CALL_BUCKET_MS} AND c.ts < (@b + 1) * ${CALL_BUCKET_MS}
      HAVING count(*) > 0`);
  }

  /** A call of series `s` at `ts` was added or changed (call both for its old and its new time). */
  touch(s: number, ts: number): void {
    const b = callBucket(ts);
    this.touched.set(`${s}:${b}`, [s, b]);
  }

  /** Inside the batch's transaction, after its calls are written. */
  flush(): void {
    const hours = new Map<string, [number, number]>();
    for (const [s, b] of this.touched.values()) {
      this.clear.run(s, b);
      this.fill.run({ s, b });
      this.histogram(s, b);
      this.durations(s, b);
      hours.set(`${s}:${hourOfMinute(b)}`, [s, hourOfMinute(b)]);
    }
    for (const [s, h] of hours.values()) this.hourBins(s, h);
    this.touched.clear();
  }

  /** A rolled-back batch: its touches are moot (the batch is read again). */
  forget(): void {
    this.touched.clear();
  }
}

/**
 * The set-based path's version (bulk-ingest.ts): every (series, bucket) listed in
 * temp.bulk_touched is recomputed in one statement, its latency bins (call_hist), sorted
 * durations (call_durs) and its hours' fine bins (call_hour_bins) in others.
 */
export function bulkCallRollupStatements(db: Database.Database): Database.Statement[] {
  return [
    db.prepare('DELETE FROM main.call_rollup WHERE (s, bucket) IN (SELECT s, bucket FROM temp.bulk_touched)'),
    db.prepare(`INSERT INTO main.call_rollup(s, bucket, calls, errors, timed, dur_sum, dur_max, mem_n, mem_sum, mem_max)
      SELECT k.s, k.bucket, ${AGGREGATE} FROM (SELECT DISTINCT s, bucket FROM temp.bulk_touched) k
      JOIN main.calls c INDEXED BY calls_s_ts ON c.s = k.s AND c.ts >= k.bucket * ${CALL_BUCKET_MS} AND c.ts < (k.bucket + 1) * ${CALL_BUCKET_MS}
      GROUP BY k.s, k.bucket`),
    ...bulkCallHistogramStatements(db),
    ...bulkCallDurationsStatements(db),
    ...bulkCallHourBinsStatements(db),
    db.prepare('DELETE FROM temp.bulk_touched'),
  ];
}
