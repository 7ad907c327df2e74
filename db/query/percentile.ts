/** Nearest-rank percentile of an ascending array: the smallest value with at least p% of values at or below it. */
export function nearestRank(sorted: Float64Array | number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[rank - 1];
}
