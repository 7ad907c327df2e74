// Fixed log-scale latency bins, shared by the index (call_hist, call-histogram.ts) and the
// queries (latency histogram, heatmap; exact percentiles come from call_durs): bin k holds durations in
// [binEdge(k), binEdge(k + 1)) ms, the lowest bin everything below binEdge(MIN_BIN + 1) (0 ms and
// negative durations included), the highest everything from binEdge(MAX_BIN) up.

/** Bins per decade: 10^(k/4) ms edges, so each bin is ~1.78× the one before. */
export const BINS_PER_DECADE = 4;
/** 1 µs: a call faster than that falls in the lowest bin. */
export const MIN_BIN = -3 * BINS_PER_DECADE;
/** 10^12 ms (~32 years): anything longer falls in the highest bin. */
export const MAX_BIN = 12 * BINS_PER_DECADE;

export function binEdge(k: number): number {
  return 10 ** (k / BINS_PER_DECADE);
}

/**
 * The bin of a duration, decided by comparing it with binEdge itself (log10 alone can land one
 * bin off right at an edge): a bin's calls are then exactly those with binEdge(k) <= dur <
 * binEdge(k + 1), which is how a bar's calls are read back by their duration range (latencyCalls).
 */
export function latencyBin(ms: number): number {
  if (!(ms >= binEdge(MIN_BIN + 1))) return MIN_BIN; // NaN too
  if (ms >= binEdge(MAX_BIN)) return MAX_BIN;
  let k = Math.floor(Math.log10(ms) * BINS_PER_DECADE);
  if (ms >= binEdge(k + 1)) k++;
  else if (ms < binEdge(k)) k--;
  return k;
}

/**
 * Bin k as a SQL condition on `dur` with its parameters: the outer bins are open-ended (an
 * infinite duration lands in the top bin and is read back from it).
 */
export function binCondition(k: number): [string, number[]] {
  if (k <= MIN_BIN) return ['dur < ?', [binEdge(MIN_BIN + 1)]];
  if (k >= MAX_BIN) return ['dur >= ?', [binEdge(MAX_BIN)]];
  return ['(dur >= ? AND dur < ?)', [binEdge(k), binEdge(k + 1)]];
}
