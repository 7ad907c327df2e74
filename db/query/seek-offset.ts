import { countBySeries, sumCounts } from './count.ts';
import type { QueryContext } from './query-context.ts';

export interface SeekInput {
  /** Half-open [from, to) in epoch ms, already resolved. */
  from: number;
  to: number;
  /** Series ids the filter allows (null: every series). */
  set: Set<number> | null;
  errorsOnly: boolean;
  desc: boolean;
  /** 0-based position in page order. */
  offset: number;
}

/** Where row number `offset` lies: its millisecond, and how many rows of that millisecond come before it. */
export interface SeekPoint {
  ts: number;
  skip: number;
}

/**
 * Finds row number `offset` of a filter without walking the rows before it: a binary search over
 * time where each probe is an exact rollup count (count.ts). A scrollbar dragged to the middle of
 * 10M rows costs ~30 probes of a few hundred rollup rows each, instead of 5M index entries.
 * Returns null when the filter has `offset` rows or fewer.
 */
export function seekOffset(ctx: QueryContext, q: SeekInput): SeekPoint | null {
  const edge = (dir: 'ASC' | 'DESC') =>
    ctx.side(`SELECT ts FROM rows WHERE ts >= ? AND ts < ? ORDER BY ts ${dir} LIMIT 1`).pluck();
  const first = edge('ASC').get(q.from, q.to) as number | undefined;
  const last = edge('DESC').get(q.from, q.to) as number | undefined;
  if (first === undefined || last === undefined) return null;
  const count = (a: number, b: number): number => {
    if (a >= b) return 0;
    const c = sumCounts(countBySeries(ctx, a, b), q.set);
    return q.errorsOnly ? c.errors : c.rows;
  };
  const end = last + 1;
  if (q.desc) {
    // Rows newer than or at t, newest first: the largest t with more than `offset` of them.
    const newer = (t: number) => count(t, end);
    if (newer(first) <= q.offset) return null;
    let a = first; // newer(a) > offset
    let b = end; // newer(b) = 0 <= offset
    while (b - a > 1) {
      const m = Math.floor((a + b) / 2);
      if (newer(m) > q.offset) a = m;
      else b = m;
    }
    return { ts: a, skip: q.offset - newer(a + 1) };
  }
  // Rows older than or at t, oldest first: the smallest t with more than `offset` of them.
  const older = (t: number) => count(first, t + 1);
  if (older(last) <= q.offset) return null;
  let a = first - 1; // older(a) = 0 <= offset
  let b = last; // older(b) > offset
  while (b - a > 1) {
    const m = Math.floor((a + b) / 2);
    if (older(m) > q.offset) b = m;
    else a = m;
  }
  return { ts: b, skip: q.offset - older(b - 1) };
}
