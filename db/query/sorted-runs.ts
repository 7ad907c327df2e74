import { rankOf } from './call-aggregates.ts';

/** Nearest-rank percentiles (p of 100) of the union of `n` values held in ascending runs; null when empty. */
export function ranksOfRuns(
  { runs, n }: { runs: readonly Float64Array[]; n: number },
  ps: readonly number[],
): (number | null)[] {
  return ps.map((p) => (n === 0 ? null : selectInRuns(runs, rankOf(p, n))));
}

/**
 * Exact ranks over the union of ascending runs (a range's per-minute call_durs blobs and its
 * sorted edge calls) without merging or copying them: each step takes a pivot from the values
 * still in play, counts the values below and at it in every run by binary search, and keeps only
 * the side that holds the rank. Copying the busiest function's ~3M durations of 24 h into one
 * array and quickselecting it cost ~230 ms at 100M rows (docs/performance.md); this reads each
 * blob in place.
 */
export function selectInRuns(runs: readonly Float64Array[], k: number): number {
  const m = runs.length;
  const lo = new Int32Array(m);
  const hi = new Int32Array(m);
  let left = 0;
  for (let i = 0; i < m; i++) left += hi[i] = runs[i].length;
  if (!(k >= 0 && k < left)) throw new RangeError(`rank ${k} outside 0..${left - 1}`);
  // A fixed-seed generator: the pivot is random (expected ~2 ln n steps), the answer is exact either way.
  let seed = 0x9e3779b9 ^ left;
  const lt = new Int32Array(m);
  const le = new Int32Array(m);
  for (;;) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    let at = Math.floor((seed / 4294967296) * left);
    let pivot = NaN;
    for (let i = 0; i < m; i++) {
      const size = hi[i] - lo[i];
      if (at < size) {
        pivot = runs[i][lo[i] + at];
        break;
      }
      at -= size;
    }
    let below = 0;
    let upTo = 0;
    for (let i = 0; i < m; i++) {
      if (lo[i] === hi[i]) {
        lt[i] = le[i] = lo[i];
        continue;
      }
      lt[i] = firstAtLeast(runs[i], lo[i], hi[i], pivot);
      le[i] = firstAbove(runs[i], lt[i], hi[i], pivot);
      below += lt[i] - lo[i];
      upTo += le[i] - lo[i];
    }
    if (k < below) {
      for (let i = 0; i < m; i++) hi[i] = lt[i];
      left = below;
    } else if (k < upTo) return pivot;
    else {
      for (let i = 0; i < m; i++) lo[i] = le[i];
      k -= upTo;
      left -= upTo;
    }
  }
}

/** The first index in [lo, hi) of an ascending run whose value is >= x (hi if none). */
function firstAtLeast(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in [lo, hi) of an ascending run whose value is > x (hi if none). */
function firstAbove(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
