import type { TracesPage } from '../api/types.ts';
import { countBySeries, sumCounts } from './count.ts';
import { fetchRows } from './fetch-rows.ts';
import { decodeCursor, encodeCursor } from './keyset-cursor.ts';
import type { QueryContext } from './query-context.ts';
import { seekOffset } from './seek-offset.ts';
import { seriesFilter } from './series-filter.ts';
import { resolveRange, type RangeInput } from './time-range.ts';

export interface TraceFilter {
  range?: RangeInput;
  groups?: (string | null)[];
  errorsOnly?: boolean;
  search?: string;
}

export interface TracesInput extends TraceFilter {
  order?: 'newest' | 'oldest';
  limit?: number;
  cursor?: string;
  /** Start at this row number (0-based) instead of the first; ignored with a cursor. */
  offset?: number;
}

/** Above this many matching series one scan of the time index beats merging per-series scans. */
const MERGE_MAX_SERIES = 200;

function filterKey(f: TraceFilter): string {
  return JSON.stringify([f.range ?? null, f.groups ?? null, f.errorsOnly ?? false, f.search ?? '']);
}

/**
 * One page of rows, newest or oldest first. Each series in the filter is an index range scan on
 * (s, ts) bounded by the cursor and LIMIT; the pages are merged here. Without a series filter it
 * is a single range scan of the (ts) index. Either way the cost is independent of page depth.
 */
export function queryTraces(ctx: QueryContext, input: TracesInput): TracesPage {
  const order = input.order ?? 'newest';
  const limit = input.limit ?? 100;
  const desc = order === 'newest';
  const key = filterKey(input);
  const cursor = input.cursor ? decodeCursor(input.cursor, order, key) : null;
  const { from, to } = resolveRange(input.range);
  const set = seriesFilter(ctx, input);
  if (set && set.size === 0) return { rows: [], nextCursor: null };

  const dir = desc ? 'DESC' : 'ASC';
  const err = input.errorsOnly ? ' AND err = 1' : ''; // a literal, so SQLite can pick the partial error indexes
  // The cursor must become the index range's own bound: given both `ts < to` and a row-value
  // `(ts, id) < cursor`, SQLite bounds the scan by the first and filters by the second, so a page
  // 900k rows deep cost 373 ms. One bound per side (timestamps are integer ms) keeps it O(page).
  let lo = from;
  let hi = to - 1;
  let after = '';
  let cursorArgs: number[] = [];
  // Rows of the seek's millisecond that come before the wanted one (a few at most).
  let skip = 0;
  if (!cursor && input.offset) {
    const at = seekOffset(ctx, { from, to, set, errorsOnly: input.errorsOnly ?? false, desc, offset: input.offset });
    if (!at) return { rows: [], nextCursor: null };
    if (desc) hi = at.ts;
    else lo = at.ts;
    skip = at.skip;
  }
  if (cursor) {
    if (desc) hi = Math.min(hi, cursor.ts);
    else lo = Math.max(lo, cursor.ts);
    after = desc ? ' AND (ts < ? OR id < ?)' : ' AND (ts > ? OR id > ?)';
    cursorArgs = [cursor.ts, cursor.id];
  }
  const tail = ` ORDER BY ts ${dir}, id ${dir} LIMIT ?`;

  let hits: [number, number][];
  if (!set || set.size > MERGE_MAX_SERIES) {
    // "+s" keeps SQLite on the time index: with many series the matches are dense in time.
    const inSet = set ? ' AND +s IN (SELECT value FROM json_each(?))' : '';
    const sql = `SELECT id, ts FROM rows WHERE ts >= ? AND ts <= ?${err}${inSet}${after}${tail} OFFSET ?`;
    const args = [lo, hi, ...(set ? [JSON.stringify([...set])] : []), ...cursorArgs, limit, skip];
    hits = ctx
      .side(sql)
      .raw(true)
      .all(...args) as [number, number][];
  } else {
    const stmt = ctx.side(`SELECT id, ts FROM rows WHERE s = ? AND ts >= ? AND ts <= ?${err}${after}${tail}`).raw(true);
    hits = [];
    for (const s of set) hits.push(...(stmt.all(s, lo, hi, ...cursorArgs, limit + skip) as [number, number][]));
    hits.sort(desc ? (a, b) => b[1] - a[1] || b[0] - a[0] : (a, b) => a[1] - b[1] || a[0] - b[0]);
    hits = hits.slice(skip, skip + limit);
  }
  const rows = fetchRows(
    ctx,
    hits.map((h) => h[0]),
  );
  const last = hits[hits.length - 1];
  const nextCursor =
    hits.length === limit && last ? encodeCursor({ ts: last[1], id: last[0], order, filter: key }) : null;
  return { rows, nextCursor };
}

/** Exact count of the rows a filter matches, from the rollups (see count.ts). */
export function countTraces(ctx: QueryContext, input: TraceFilter): { count: number } {
  const { from, to } = resolveRange(input.range);
  const set = seriesFilter(ctx, input);
  if (set && set.size === 0) return { count: 0 };
  const c = sumCounts(countBySeries(ctx, from, to), set);
  return { count: input.errorsOnly ? c.errors : c.rows };
}
