import { decodeDurationsInto } from '../index/call-durations.ts';
import { CALL_BUCKET_MS } from '../index/sidecar-schema.ts';
import { intervalOf } from './bin-counts.ts';
import type { QueryContext } from './query-context.ts';

/**
 * The durations of the timed calls of `series` in each interval [bounds[i], bounds[i + 1]),
 * exact, in no particular order (to be ranked by percentile.ts): the minutes wholly inside an
 * interval are copied from their call_durs blobs (the busiest function of a 10M-row file over
 * 24 h: 1,440 blobs instead of ~310k durations read one by one), the minutes an interval's edge
 * cuts through are read off calls_s_ts. `bounds` ascending.
 */
export function durationsByInterval(ctx: QueryContext, series: number[], bounds: number[]): Float64Array[] {
  const intervals = bounds.length - 1;
  if (intervals < 1) return [];
  const from = bounds[0];
  const to = bounds[intervals];
  // A minute comes from call_durs when it lies wholly inside one interval.
  const whole = (m: number) => {
    const i = intervalOf(bounds, m * CALL_BUCKET_MS);
    return i >= 0 && (m + 1) * CALL_BUCKET_MS <= bounds[i + 1] ? i : -1;
  };
  const blobs = Array.from({ length: intervals }, () => [] as Buffer[]);
  const loose = Array.from({ length: intervals }, () => [] as number[]);
  const sizes = new Array<number>(intervals).fill(0);
  const minutes = ctx
    .side('SELECT bucket, n, durs FROM call_durs WHERE s = ? AND bucket >= ? AND bucket < ?')
    .raw(true);
  const raw = ctx
    .side('SELECT ts, dur FROM calls INDEXED BY calls_s_ts WHERE s = ? AND ts >= ? AND ts < ? AND dur IS NOT NULL')
    .raw(true);
  // Only the minutes holding an interval's bound can be cut.
  const m0 = Math.floor(from / CALL_BUCKET_MS);
  const m1 = Math.ceil(to / CALL_BUCKET_MS);
  const cut = new Set<number>();
  for (let i = 0; i < intervals; i++) {
    cut.add(Math.floor(bounds[i] / CALL_BUCKET_MS));
    cut.add(Math.ceil(bounds[i + 1] / CALL_BUCKET_MS) - 1);
  }
  const partial = [...cut].filter((m) => m >= m0 && m < m1 && whole(m) < 0).sort((a, b) => a - b);
  for (const s of series) {
    const rows = minutes.all(s, Math.ceil(from / CALL_BUCKET_MS), Math.floor(to / CALL_BUCKET_MS)) as [
      number,
      number,
      Buffer,
    ][];
    for (const [m, n, durs] of rows) {
      const i = whole(m);
      if (i < 0) continue;
      blobs[i].push(durs);
      sizes[i] += n;
    }
    for (const m of partial) {
      const lo = Math.max(from, m * CALL_BUCKET_MS);
      const hi = Math.min(to, (m + 1) * CALL_BUCKET_MS);
      for (const [ts, dur] of raw.all(s, lo, hi) as [number, number][]) {
        const i = intervalOf(bounds, ts);
        loose[i].push(dur);
        sizes[i]++;
      }
    }
  }
  return sizes.map((size, i) => {
    const out = new Float64Array(size);
    let at = 0;
    for (const b of blobs[i]) at = decodeDurationsInto(b, out, at);
    out.set(loose[i], at);
    return out;
  });
}
