import type Database from 'better-sqlite3';
import { bulkCallDurationsStatements, callDurationsRefill } from './call-durations.ts';
import { bulkCallHistogramStatements, callHistogramRefill } from './call-histogram.ts';
import { callAdditions } from './call-additions.ts';
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
 *
 * A minute only the batch's new calls came into keeps its latency bins, sorted durations and its
 * hour's fine bins by adding theirs: counts and a sorted merge are exact, so the rows are the ones
 * a recompute gives (bulk-ingest.test.ts compares both paths). Recomputing them at every batch
 * scanned the writer's current minutes again and again: 40,000 tail rows on a 1M-row index spent
 * 2.0 of 4.4 CPU-s there. A minute a call older than the batch moved into or out of, or changed
 * in, is recomputed whole; call_rollup always is (its sums as SQLite's total() gives them).
 */
export class CallRollup {
  private readonly clear: Database.Statement;
  private readonly fill: Database.Statement;
  private readonly touched = new Map<string, [number, number]>();
  /** Touched minutes where a call older than the batch changed: recomputed whole. */
  private readonly changed = new Set<string>();
  /** The last call id before the batch: later ones are new (begin). */
  private callsBefore = Infinity;
  private readonly newCalls: Database.Statement;
  /** The same minutes' latency bins (call_hist). */
  private readonly histogram: (s: number, b: number) => void;
  /** The same minutes' sorted durations (call_durs). */
  private readonly durations: (s: number, b: number) => void;
  /** Their hours' fine bins (call_hour_bins), from the refilled call_durs rows. */
  private readonly hourBins: (s: number, hour: number) => void;
  private readonly add: ReturnType<typeof callAdditions>;

  constructor(db: Database.Database) {
    this.histogram = callHistogramRefill(db);
    this.durations = callDurationsRefill(db);
    this.hourBins = callHourBinsRefill(db);
    this.add = callAdditions(db);
    this.clear = db.prepare('DELETE FROM call_rollup WHERE s = ? AND bucket = ?');
    this.fill =
      db.prepare(`INSERT INTO call_rollup(s, bucket, calls, errors, timed, dur_sum, dur_max, mem_n, mem_sum, mem_max)
      SELECT @s, @b, ${AGGREGATE} FROM calls c INDEXED BY calls_s_ts WHERE c.s = @s AND c.ts >= @b * ${CALL_BUCKET_MS} AND c.ts < (@b + 1) * ${CALL_BUCKET_MS}
      HAVING count(*) > 0`);
    this.newCalls = db.prepare('SELECT s, ts, dur FROM calls WHERE id > ? AND dur IS NOT NULL').raw(true);
  }

  /** A batch starts: calls numbered after `callsBefore` are its new ones. */
  begin(callsBefore: number): void {
    this.callsBefore = callsBefore;
  }

  /** Call `id` of series `s` at `ts` was added or changed (call both for its old and its new time). */
  touch(s: number, ts: number, id: number): void {
    const b = callBucket(ts);
    const key = `${s}:${b}`;
    this.touched.set(key, [s, b]);
    if (id <= this.callsBefore) this.changed.add(key);
  }

  /** Inside the batch's transaction, after its calls are written. */
  flush(): void {
    // The batch's new timed calls as they end it, by minute.
    const fresh = new Map<string, number[]>();
    if (this.touched.size > this.changed.size)
      for (const [s, ts, dur] of this.newCalls.all(this.callsBefore) as [number, number, number][]) {
        const key = `${s}:${callBucket(ts)}`;
        const list = fresh.get(key);
        if (list) list.push(dur);
        else fresh.set(key, [dur]);
      }
    // Per hour: recomputed from its minutes' blobs (null) or the new runs added to it.
    const hours = new Map<string, { s: number; h: number; runs: Float64Array[] | null }>();
    for (const [key, [s, b]] of this.touched) {
      this.clear.run(s, b);
      this.fill.run({ s, b });
      const h = hourOfMinute(b);
      const hour = hours.get(`${s}:${h}`) ?? { s, h, runs: [] };
      hours.set(`${s}:${h}`, hour);
      if (this.changed.has(key)) {
        this.histogram(s, b);
        this.durations(s, b);
        hour.runs = null;
        continue;
      }
      const durs = fresh.get(key);
      if (!durs) continue; // the new calls that touched it ended the batch in another minute
      const run = Float64Array.from(durs).sort();
      this.add.minute(s, b, run);
      hour.runs?.push(run);
    }
    for (const { s, h, runs } of hours.values()) {
      if (runs === null) this.hourBins(s, h);
      else if (runs.length) this.add.hour(s, h, runs);
    }
    this.forget();
  }

  /** A rolled-back batch: its touches are moot (the batch is read again). */
  forget(): void {
    this.touched.clear();
    this.changed.clear();
    this.callsBefore = Infinity;
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
