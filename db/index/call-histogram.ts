import type Database from 'better-sqlite3';
import { CALL_BUCKET_MS } from './sidecar-schema.ts';
import { latencyBin } from './latency-bins.ts';

// call_hist (sidecar-schema.ts): per function series, minute and latency bin, how many of its
// calls had a duration in that bin. Kept exactly as call_rollup is (call-rollup.ts): a touched
// minute is recomputed from its calls, never adjusted by adding and subtracting. The bin is
// computed by latencyBin in JavaScript (a registered function) so the index and the queries can
// never disagree about a duration at a bin's edge.

/** Registers ti_latency_bin on the sidecar's writing connection. */
function registerBin(db: Database.Database): void {
  db.function('ti_latency_bin', { deterministic: true }, (dur: unknown) => latencyBin(Number(dur)));
}

/** The row-by-row path: one (series, minute) at a time, after its calls are written. */
export function callHistogramRefill(db: Database.Database): (s: number, b: number) => void {
  registerBin(db);
  const clear = db.prepare('DELETE FROM call_hist WHERE s = ? AND bucket = ?');
  const fill = db.prepare(`INSERT INTO call_hist(s, bucket, bin, n)
    SELECT @s, @b, ti_latency_bin(c.dur), count(*) FROM calls c INDEXED BY calls_s_ts
    WHERE c.s = @s AND c.ts >= @b * ${CALL_BUCKET_MS} AND c.ts < (@b + 1) * ${CALL_BUCKET_MS} AND c.dur IS NOT NULL
    GROUP BY 3`);
  return (s, b) => {
    clear.run(s, b);
    fill.run({ s, b });
  };
}

/**
 * The set-based path (bulk-ingest.ts): every (series, minute) listed in temp.bulk_touched, in two
 * statements; run before that table is cleared.
 */
export function bulkCallHistogramStatements(db: Database.Database): Database.Statement[] {
  registerBin(db);
  return [
    db.prepare('DELETE FROM main.call_hist WHERE (s, bucket) IN (SELECT s, bucket FROM temp.bulk_touched)'),
    db.prepare(`INSERT INTO main.call_hist(s, bucket, bin, n)
      SELECT k.s, k.bucket, ti_latency_bin(c.dur), count(*) FROM (SELECT DISTINCT s, bucket FROM temp.bulk_touched) k
      JOIN main.calls c INDEXED BY calls_s_ts ON c.s = k.s AND c.ts >= k.bucket * ${CALL_BUCKET_MS} AND c.ts < (k.bucket + 1) * ${CALL_BUCKET_MS}
      WHERE c.dur IS NOT NULL
      GROUP BY k.s, k.bucket, 3`),
  ];
}
