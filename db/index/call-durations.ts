import type Database from 'better-sqlite3';
import { endianness } from 'node:os';
import { CALL_BUCKET_MS } from './sidecar-schema.ts';

// call_durs (sidecar-schema.ts): per function series and minute, its timed calls' durations
// sorted ascending, as a blob of little-endian float64s (exact: a duration is a SQLite REAL).
// Kept exactly as call_rollup is (call-rollup.ts): a touched minute is recomputed from its calls.

const LITTLE_ENDIAN = endianness() === 'LE';

/** Sorted durations as call_durs stores them. */
export function encodeDurations(sorted: Float64Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength);
  const out = Buffer.allocUnsafe(sorted.length * 8);
  sorted.forEach((d, i) => out.writeDoubleLE(d, i * 8));
  return out;
}

/** Copies a call_durs blob's durations into `into` from position `at`; returns the position after them. */
export function decodeDurationsInto(blob: Buffer, into: Float64Array, at: number): number {
  const n = blob.length >>> 3;
  // A Float64Array view needs an 8-byte aligned offset; SQLite's blob copies usually are.
  if (LITTLE_ENDIAN && blob.byteOffset % 8 === 0) into.set(new Float64Array(blob.buffer, blob.byteOffset, n), at);
  else for (let i = 0; i < n; i++) into[at + i] = blob.readDoubleLE(i * 8);
  return at + n;
}

/** Registers ti_sorted_durs(dur), an aggregate: the group's durations (NULLs skipped) as a call_durs blob. */
function registerAggregate(db: Database.Database): void {
  db.aggregate('ti_sorted_durs', {
    start: () => [] as number[],
    step: (list: number[], dur: unknown) => {
      if (dur !== null) list.push(Number(dur));
      return list;
    },
    result: (list: number[]) => encodeDurations(Float64Array.from(list).sort()),
  });
}

/** The row-by-row path: one (series, minute) at a time, after its calls are written. */
export function callDurationsRefill(db: Database.Database): (s: number, b: number) => void {
  registerAggregate(db);
  const clear = db.prepare('DELETE FROM call_durs WHERE s = ? AND bucket = ?');
  const fill = db.prepare(`INSERT INTO call_durs(s, bucket, n, durs)
    SELECT @s, @b, count(*), ti_sorted_durs(c.dur) FROM calls c INDEXED BY calls_s_ts
    WHERE c.s = @s AND c.ts >= @b * ${CALL_BUCKET_MS} AND c.ts < (@b + 1) * ${CALL_BUCKET_MS} AND c.dur IS NOT NULL
    HAVING count(*) > 0`);
  return (s, b) => {
    clear.run(s, b);
    fill.run({ s, b });
  };
}

/**
 * The set-based path (bulk-ingest.ts): every (series, minute) listed in temp.bulk_touched, in two
 * statements; run before that table is cleared.
 */
export function bulkCallDurationsStatements(db: Database.Database): Database.Statement[] {
  registerAggregate(db);
  return [
    db.prepare('DELETE FROM main.call_durs WHERE (s, bucket) IN (SELECT s, bucket FROM temp.bulk_touched)'),
    db.prepare(`INSERT INTO main.call_durs(s, bucket, n, durs)
      SELECT k.s, k.bucket, count(*), ti_sorted_durs(c.dur) FROM (SELECT DISTINCT s, bucket FROM temp.bulk_touched) k
      JOIN main.calls c INDEXED BY calls_s_ts ON c.s = k.s AND c.ts >= k.bucket * ${CALL_BUCKET_MS} AND c.ts < (k.bucket + 1) * ${CALL_BUCKET_MS}
      WHERE c.dur IS NOT NULL
      GROUP BY k.s, k.bucket`),
  ];
}
