// Where a duration sits on a latency chart's log axis: buckets are equal widths, a value inside a
// bucket is placed by its logarithm between the bucket's edges.
export function bucketPosition(edges: number[], ms: number): number {
  const n = edges.length - 1;
  if (n <= 0) return 0;
  for (let i = 0; i < n; i++) {
    const lo = edges[i];
    const hi = edges[i + 1];
    if (ms < hi || i === n - 1) {
      if (lo <= 0 || ms <= lo) return i;
      return i + Math.min(1, Math.log(ms / lo) / Math.log(hi / lo));
    }
  }
  return n;
}

/** Indexes of the edges that fall on a power of ten (1 ms, 10 ms…): the axis labels. */
export function decadeEdges(edges: number[]): number[] {
  const out: number[] = [];
  edges.forEach((e, i) => {
    if (e > 0 && Math.abs(Math.log10(e) - Math.round(Math.log10(e))) < 1e-9) out.push(i);
  });
  return out;
}
