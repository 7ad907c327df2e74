// Fine log-scale duration bins (call_hour_bins, call-hour-bins.ts): 50 per decade, each ~4.7 %
// wider than the one before, fine enough that the bin holding a percentile's rank holds at most a
// few percent of a function's calls, whose durations are then read to pick the exact value.
// Computed by comparing with fineEdge itself, as latencyBin does, so the index and the queries'
// SQL conditions on `dur` agree at every edge.

export const FINE_PER_DECADE = 50;
/** 1 ns: anything faster (0 and negative durations, NaN) falls in the lowest bin. */
export const FINE_MIN = -6 * FINE_PER_DECADE;
/** 10^12 ms: anything longer falls in the highest bin. */
export const FINE_MAX = 12 * FINE_PER_DECADE;

export function fineEdge(k: number): number {
  return 10 ** (k / FINE_PER_DECADE);
}

const LOWEST = fineEdge(FINE_MIN + 1);
const HIGHEST = fineEdge(FINE_MAX);

/** The fine bin of a duration: bin k holds fineEdge(k) <= ms < fineEdge(k + 1), the outer bins open-ended. */
export function fineBin(ms: number): number {
  if (!(ms >= LOWEST)) return FINE_MIN;
  if (ms >= HIGHEST) return FINE_MAX;
  let k = Math.floor(Math.log10(ms) * FINE_PER_DECADE);
  if (ms >= fineEdge(k + 1)) k++;
  else if (ms < fineEdge(k)) k--;
  return k;
}

/** Bin k's durations as [lo, hi) bounds; the outer bins' open ends are ±Infinity (the top one holds Infinity too). */
export function fineBounds(k: number): [number, number] {
  return [k <= FINE_MIN ? -Infinity : fineEdge(k), k >= FINE_MAX ? Infinity : fineEdge(k + 1)];
}

/**
 * Adds an ascending run's values to `counts` (indexed by bin − FINE_MIN): one log per bin met,
 * not per value (a busy minute's ~2,000 durations fall in ~150 bins).
 */
export function addSortedToCounts(run: Float64Array, counts: Uint32Array | Float64Array): void {
  let i = 0;
  while (i < run.length) {
    const k = fineBin(run[i]);
    const hi = fineBounds(k)[1];
    let j = i + 1;
    while (j < run.length && run[j] < hi) j++;
    counts[k - FINE_MIN] += j - i;
    i = j;
  }
}

/** Bins FINE_MIN..FINE_MAX. */
export const FINE_BINS = FINE_MAX - FINE_MIN + 1;
