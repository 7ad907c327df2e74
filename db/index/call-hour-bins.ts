import type Database from 'better-sqlite3';
import { endianness } from 'node:os';
import { FINE_BINS, FINE_MIN, addSortedToCounts } from './fine-bins.ts';

// call_hour_bins (sidecar-schema.ts): per function series and hour, how many of its timed calls
// fall in each fine duration bin (fine-bins.ts), as one blob: the lowest bin held (int32) then a
// count per bin up to the highest (uint32), little-endian. Recomputed from the hour's call_durs
// blobs whenever one of its minutes is (call-rollup.ts): they are sorted, so binning them costs a
// log per bin met, and a touched hour reads at most 60 rows.

const MINUTES_PER_HOUR = 60;

/** The hour of a call_rollup minute, floored (also before 1970), in SQL. */
const hourOf = (minute: string) =>
  `((${minute} - (((${minute} % ${MINUTES_PER_HOUR}) + ${MINUTES_PER_HOUR}) % ${MINUTES_PER_HOUR})) / ${MINUTES_PER_HOUR})`;

/** The hour of a call_rollup minute, floored. */
export const hourOfMinute = (minute: number): number => Math.floor(minute / MINUTES_PER_HOUR);

/** An hour's bin counts as call_hour_bins stores them. */
export function encodeHourBins(counts: Uint32Array): Buffer | null {
  let lo = 0;
  while (lo < counts.length && counts[lo] === 0) lo++;
  if (lo === counts.length) return null;
  let hi = counts.length - 1;
  while (counts[hi] === 0) hi--;
  const out = Buffer.allocUnsafe(4 + (hi - lo + 1) * 4);
  out.writeInt32LE(lo + FINE_MIN, 0);
  for (let i = lo; i <= hi; i++) out.writeUInt32LE(counts[i], 4 + (i - lo) * 4);
  return out;
}

/** Adds a call_hour_bins blob's counts into `counts` (indexed by bin − FINE_MIN). */
export function addHourBins(blob: Buffer, counts: Float64Array | Uint32Array): void {
  const lo = blob.readInt32LE(0) - FINE_MIN;
  const n = (blob.length - 4) >>> 2;
  for (let i = 0; i < n; i++) counts[lo + i] += blob.readUInt32LE(4 + i * 4);
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** A call_durs blob (sorted little-endian float64s) as a Float64Array: a view when it can be. */
function durations(blob: Buffer): Float64Array {
  if (LITTLE_ENDIAN && blob.byteOffset % 8 === 0)
    return new Float64Array(blob.buffer, blob.byteOffset, blob.length >>> 3);
  const out = new Float64Array(blob.length >>> 3);
  for (let i = 0; i < out.length; i++) out[i] = blob.readDoubleLE(i * 8);
  return out;
}

/** Registers ti_hour_bins(durs), an aggregate of call_durs blobs: their bin counts as a call_hour_bins blob. */
function registerAggregate(db: Database.Database): void {
  db.aggregate('ti_hour_bins', {
    start: () => new Uint32Array(FINE_BINS),
    step: (counts: Uint32Array, blob: unknown) => {
      if (Buffer.isBuffer(blob)) addSortedToCounts(durations(blob), counts);
      return counts;
    },
    result: (counts: Uint32Array) => encodeHourBins(counts),
  });
}

/** The row-by-row path: an hour of one series, after its minutes' call_durs rows are refilled. */
export function callHourBinsRefill(db: Database.Database): (s: number, hour: number) => void {
  registerAggregate(db);
  const clear = db.prepare('DELETE FROM call_hour_bins WHERE s = ? AND hour = ?');
  const fill = db.prepare(`INSERT INTO call_hour_bins(s, hour, bins)
    SELECT @s, @h, ti_hour_bins(durs) FROM call_durs WHERE s = @s AND bucket >= @h * ${MINUTES_PER_HOUR} AND bucket < (@h + 1) * ${MINUTES_PER_HOUR}
    HAVING count(*) > 0`);
  return (s, h) => {
    clear.run(s, h);
    fill.run({ s, h });
  };
}

/**
 * The set-based path (bulk-ingest.ts): the hours of every (series, minute) listed in
 * temp.bulk_touched, in two statements; run after call_durs is refilled, before that table is cleared.
 */
export function bulkCallHourBinsStatements(db: Database.Database): Database.Statement[] {
  registerAggregate(db);
  const touched = `SELECT DISTINCT s, ${hourOf('bucket')} AS h FROM temp.bulk_touched`;
  return [
    db.prepare(`DELETE FROM main.call_hour_bins WHERE (s, hour) IN (${touched})`),
    db.prepare(`INSERT INTO main.call_hour_bins(s, hour, bins)
      SELECT k.s, k.h, ti_hour_bins(d.durs) FROM (${touched}) k
      JOIN main.call_durs d ON d.s = k.s AND d.bucket >= k.h * ${MINUTES_PER_HOUR} AND d.bucket < (k.h + 1) * ${MINUTES_PER_HOUR}
      GROUP BY k.s, k.h`),
  ];
}
