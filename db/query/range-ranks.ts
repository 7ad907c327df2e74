import { addHourBins } from '../index/call-hour-bins.ts';
import { FINE_BINS, FINE_MIN, addSortedToCounts, fineBounds } from '../index/fine-bins.ts';
import { rankOf, timedCalls } from './call-aggregates.ts';
import type { QueryContext } from './query-context.ts';
import { sortedRunsByInterval } from './range-durations.ts';
import { ranksOfRuns, selectInRuns } from './sorted-runs.ts';

const HOUR_MS = 3_600_000;
/**
 * A rank's bin is read off calls_s_dur over all time, filtered by ts: past this many entries (a
 * range much shorter than the file) ranking the range's blobs is cheaper. Stepping an index entry
 * costs ~20–60 ns, decoding a duration from a blob far less.
 */
const BIN_ENTRIES_MAX = 400_000;

/**
 * Exact nearest-rank percentiles of the timed calls of `series` in [from, to), without reading
 * every duration: whole hours add up their fine bin counts (call_hour_bins), the edges' minutes
 * are binned from their sorted call_durs blobs (and the cut minutes' calls), and each rank's value
 * is picked among the calls of the bin that holds it: the edges' in place, the whole hours' read
 * off calls_s_dur (the 24 h stats of a function with 3M calls read ~30k durations, not 3M).
 * Without calls_s_dur (a first build under way) or a whole hour, the range's sorted runs are
 * ranked whole (sorted-runs.ts).
 */
export function ranksOfRange(
  ctx: QueryContext,
  series: number[],
  from: number,
  to: number,
  ps: readonly number[],
): (number | null)[] {
  const h0 = Math.ceil(from / HOUR_MS);
  const h1 = Math.floor(to / HOUR_MS);
  const allRuns = () => ranksOfRuns(sortedRunsByInterval(ctx, series, [from, to])[0], ps);
  if (h0 >= h1 || !ctx.hasIndex('calls_s_dur')) return allRuns();
  const counts = new Float64Array(FINE_BINS);
  const hours = ctx.side('SELECT bins FROM call_hour_bins WHERE s = ? AND hour >= ? AND hour < ?').pluck();
  for (const s of series) for (const blob of hours.all(s, h0, h1) as Buffer[]) addHourBins(blob, counts);
  const edges = [
    ...(from < h0 * HOUR_MS ? sortedRunsByInterval(ctx, series, [from, h0 * HOUR_MS])[0].runs : []),
    ...(h1 * HOUR_MS < to ? sortedRunsByInterval(ctx, series, [h1 * HOUR_MS, to])[0].runs : []),
  ];
  for (const run of edges) addSortedToCounts(run, counts);
  let n = 0;
  for (const c of counts) n += c;
  if (n === 0) return ps.map(() => null);
  const all = series.reduce((sum, s) => sum + timedCalls(ctx, s), 0);
  const inBin = (top: boolean) =>
    ctx
      .side(
        `SELECT dur FROM calls INDEXED BY calls_s_dur WHERE s = ? AND dur >= ? AND ${top ? 'dur <= ?' : 'dur < ?'} AND ts >= ? AND ts < ? ORDER BY dur`,
      )
      .pluck();
  const out: (number | null)[] = [];
  for (const p of ps) {
    const k = rankOf(p, n);
    let bin = 0;
    let below = 0;
    while (below + counts[bin] <= k) below += counts[bin++];
    // The bin's calls over all time, estimated from the range's share of them.
    if ((counts[bin] * all) / n > BIN_ENTRIES_MAX) return allRuns();
    const [lo, hi] = fineBounds(bin + FINE_MIN);
    // The top bin holds an infinite duration too.
    const top = hi === Infinity;
    const runs = edges.map((r) => r.subarray(firstAtLeast(r, lo), top ? r.length : firstAtLeast(r, hi)));
    for (const s of series)
      runs.push(Float64Array.from(inBin(top).all(s, lo, hi, h0 * HOUR_MS, h1 * HOUR_MS) as number[]));
    // A writer between these reads (they share no transaction) can leave the bin short: rank it all.
    if (runs.reduce((sum, r) => sum + r.length, 0) !== counts[bin]) return allRuns();
    out.push(selectInRuns(runs, k - below));
  }
  return out;
}

/** The first index of an ascending run whose value is >= x (its length if none). */
function firstAtLeast(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
