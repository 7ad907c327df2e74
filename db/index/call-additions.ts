import type Database from 'better-sqlite3';
import { decodeDurationsInto, encodeDurations } from './call-durations.ts';
import { addHourBins, encodeHourBins } from './call-hour-bins.ts';
import { addSortedToCounts, FINE_BINS } from './fine-bins.ts';
import { latencyBin } from './latency-bins.ts';

// New calls added into a minute's latency bins (call_hist) and sorted durations (call_durs) and
// into its hour's fine bins (call_hour_bins), for the row path's minutes only new calls came into
// (call-rollup.ts): what a recompute of the minute and the hour would give, without reading them.

/** Ascending `a` and `b` merged. */
function merge(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

export function callAdditions(db: Database.Database) {
  const bins = db.prepare(`INSERT INTO call_hist(s, bucket, bin, n) VALUES (?, ?, ?, ?)
    ON CONFLICT(s, bucket, bin) DO UPDATE SET n = n + excluded.n`);
  const getDurs = db.prepare('SELECT durs FROM call_durs WHERE s = ? AND bucket = ?').pluck();
  const setDurs = db.prepare('UPDATE call_durs SET n = ?, durs = ? WHERE s = ? AND bucket = ?');
  const newDurs = db.prepare('INSERT INTO call_durs(s, bucket, n, durs) VALUES (?, ?, ?, ?)');
  const getHour = db.prepare('SELECT bins FROM call_hour_bins WHERE s = ? AND hour = ?').pluck();
  const setHour = db.prepare('UPDATE call_hour_bins SET bins = ? WHERE s = ? AND hour = ?');
  const newHour = db.prepare('INSERT INTO call_hour_bins(s, hour, bins) VALUES (?, ?, ?)');
  return {
    /** Minute `b` of series `s` gains the ascending durations `run`. */
    minute(s: number, b: number, run: Float64Array): void {
      const perBin = new Map<number, number>();
      for (const d of run) {
        const k = latencyBin(d);
        perBin.set(k, (perBin.get(k) ?? 0) + 1);
      }
      for (const [k, n] of perBin) bins.run(s, b, k, n);
      const old = getDurs.get(s, b) as Buffer | undefined;
      if (!old) {
        newDurs.run(s, b, run.length, encodeDurations(run));
        return;
      }
      const had = new Float64Array(old.length >>> 3);
      decodeDurationsInto(old, had, 0);
      const all = merge(had, run);
      setDurs.run(all.length, encodeDurations(all), s, b);
    },
    /** Hour `h` of series `s` gains the ascending runs' durations. */
    hour(s: number, h: number, runs: Float64Array[]): void {
      const counts = new Uint32Array(FINE_BINS);
      const old = getHour.get(s, h) as Buffer | undefined;
      if (old) addHourBins(old, counts);
      for (const run of runs) addSortedToCounts(run, counts);
      const blob = encodeHourBins(counts);
      if (old) setHour.run(blob, s, h);
      else newHour.run(s, h, blob);
    },
  };
}
