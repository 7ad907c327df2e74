import type { TimeRange, TracesPage } from '../api/types.ts';
import { countBySeries, sumCounts } from './count.ts';
import { countSliced, countStepped } from './count-sliced.ts';
import { scanContains, countContains } from './contains-scan.ts';
import { fetchRows } from './fetch-rows.ts';
import { decodeCursor, encodeCursor, type Cursor, type PageOrder } from './keyset-cursor.ts';
import type { QueryContext } from './query-context.ts';
import {
  filterKey,
  hasContains,
  needsRowScan,
  planFilter,
  predicates,
  ROW_DUR,
  TRACE_ROWS,
  type RowPlan,
  type TraceFilter,
} from './row-filter.ts';
import { seekOffset } from './seek-offset.ts';
import { MAX_TS, MIN_TS, resolveRange } from './time-range.ts';

export type { TraceFilter } from './row-filter.ts';

export interface TracesInput extends TraceFilter {
  order?: PageOrder;
  limit?: number;
  cursor?: string;
  /** Start at this row number (0-based) instead of the first; ignored with a cursor. */
  offset?: number;
}

/** A matching row's id and its sort key (timestamp, or call duration for slowest). */
export type Hit = [id: number, key: number | null];

/** Above this many matching series one scan of the time index beats merging per-series scans. */
const MERGE_MAX_SERIES = 200;
/**
 * A filter matching fewer rows than this through its own index (a trace, a narrow duration band)
 * is read whole and sorted here: cheaper than walking the time index and testing every row.
 */
const SMALL_SET = 20_000;
/** A duration band of at least this many calls is not a small set (the demo's calls have ~3.6 rows each). */
const SMALL_SET_CALLS = 5_000;
/** A duration band of fewer rows than this, with other filters, is counted on calls_dur, not by walking the time range. */
const COUNT_BAND_MAX = 100_000;
/** A band alone is counted off its indexes up to this many rows (~0.25 µs an entry) ... */
const BAND_INDEX_MAX = 500_000;
/** ... less its rows outside the range, when there are at most this many (~0.2 µs a row). */
const OUTSIDE_MAX = 200_000;
/**
 * Calls by duration and each call's rows (sidecar version 11: rows hold no duration). CROSS JOIN
 * keeps SQLite walking calls_dur in duration order, so "slowest first" stops after its page.
 */
const BY_DUR = 'calls k INDEXED BY calls_dur CROSS JOIN rows INDEXED BY rows_call ON rows.call = k.id';
/** The same rows while a first build has not yet created calls_dur: SQLite reads the range and sorts. */
const BY_DUR_UNINDEXED = 'rows CROSS JOIN calls k ON k.id = rows.call';
/** How far a variable's rows are counted to choose between its index and the series' (index-only: ~20 ms). */
const NAME_COUNT_MAX = 1_000_000;
/** Counting a filter the rollups cannot count stops after this long and says "at least". */
export const COUNT_BUDGET_MS = 250;
/**
 * A duration band's exact count walks its index entries, a step of calls at a time
 * (bandRowsStepped), for at most this long from the count's start: a warm 10M index walked the
 * 5–6 ms band's 332k rows in 290–490 ms; a cold 100M one took 6.0 s for 500k entries in one
 * statement, past the 5 s query limit. A walk cut short says "at least", or leaves the range to
 * the time slices of COUNT_BUDGET_MS.
 */
const BAND_WALK_MS = 1000;

/**
 * One page of rows, newest, oldest or slowest first. Every path is a keyset range over an index
 * of the sidecar, bounded by the cursor and LIMIT, so the cost does not grow with page depth:
 * (s, ts) per series or (ts) for time order, (d, ts) for a variable, calls by duration for slowest first,
 * and a trace's or a narrow duration band's rows read whole and sorted. "Contains" filters check
 * those candidates against the user's file (contains-scan.ts).
 */
export function queryTraces(ctx: QueryContext, input: TracesInput): TracesPage {
  const order = input.order ?? 'newest';
  const limit = input.limit ?? 100;
  const key = filterKey(input);
  const cursor = input.cursor ? decodeCursor(input.cursor, order, key) : null;
  const range = resolveRange(input.range);
  const plan = planFilter(ctx, input);
  if (plan.empty) return { rows: [], nextCursor: null };
  if (hasContains(plan))
    return scanContains(ctx, { plan, range, order, cursor, offset: input.offset ?? 0, limit, filter: key });
  const hits = sideHits(ctx, plan, range, order, cursor, input.offset ?? 0, limit);
  const last = hits[hits.length - 1];
  return {
    rows: rowsOf(
      ctx,
      hits.map((h) => h[0]),
    ),
    nextCursor: hits.length === limit && last ? encodeCursor({ ts: last[1], id: last[0], order, filter: key }) : null,
  };
}

/** Full rows from the user's file, with each row's call duration from the sidecar. */
export function rowsOf(ctx: QueryContext, ids: number[]) {
  const rows = fetchRows(ctx, ids);
  if (rows.length === 0) return rows;
  const durs = new Map(
    ctx
      .side(
        'SELECT rows.id, k.dur FROM rows LEFT JOIN calls k ON k.id = rows.call WHERE rows.id IN (SELECT value FROM json_each(?))',
      )
      .raw(true)
      .all(JSON.stringify(ids)) as [number, number | null][],
  );
  for (const r of rows) r.callDurationMs = durs.get(r.id) ?? null;
  return rows;
}

/** The ids (and sort keys) of up to `limit` rows after `cursor`, from the sidecar alone. */
export function sideHits(
  ctx: QueryContext,
  plan: RowPlan,
  range: TimeRange,
  order: PageOrder,
  cursor: Cursor | null,
  offset: number,
  limit: number,
): Hit[] {
  if (plan.trace !== null) {
    return collected(
      ctx,
      'rows INDEXED BY rows_call',
      ROW_DUR,
      TRACE_ROWS,
      [plan.trace],
      predicates(plan, 'trace'),
      range,
      order,
      cursor,
      offset,
      limit,
    );
  }
  if (order === 'slowest') {
    const few = fewCandidates(ctx, plan, range, limit);
    if (few)
      return collected(ctx, few.from, ROW_DUR, few.head, few.args, few.pred, range, order, cursor, offset, limit);
    return slowestWalk(ctx, plan, range, cursor, offset, limit);
  }
  const desc = order === 'newest';
  if (!needsRowScan(plan)) return seriesWalk(ctx, plan, range, desc, cursor, offset, limit);
  if (plan.d !== null && (plan.err === 1 || !seriesAreFewer(ctx, plan, range))) {
    // A variable's errors are one walk of the small (d, ts) WHERE err = 1 index, whatever else
    // is filtered: an empty answer is one seek.
    return timeWalk(
      ctx,
      plan.err === 1 ? 'rows INDEXED BY rows_d_err_ts' : 'rows INDEXED BY rows_d_ts',
      'd = ? AND ',
      [plan.d],
      predicates(plan, 'd'),
      range,
      desc,
      cursor,
      offset,
      limit,
    );
  }
  if (plan.d === null && durationBandIsSmall(ctx, plan)) {
    const pred = predicates(plan, null, 'k.dur');
    return collected(ctx, BY_DUR, 'k.dur', 'k.dur IS NOT NULL', [], pred, range, order, cursor, offset, limit);
  }
  return seriesWalk(ctx, plan, range, desc, cursor, offset, limit, residual(plan));
}

/**
 * Slowest first for a variable's or the errors' rows, when they are few: read whole off their own
 * index and sorted by their calls' durations. Walking calls_dur for them tested every timed row
 * ("return" rows with errors, none in the file: 664 ms at 1M rows with rows_dur, 1,000 ms on
 * calls_dur; this way 0.14 ms). A variable's rows are few under 20,000 (the 10M-row demo's rarest
 * walked 203 ms CPU). Errors are few when sorting n of them costs less than the walk's expected
 * limit × total / n entries: n² < limit × total / 16, the factor measured on the 1M-row demo (its
 * 7k errors are walked, 0.7 ms, where sorting them took 13 ms: slow calls fail more often).
 */
function fewCandidates(
  ctx: QueryContext,
  plan: RowPlan,
  range: TimeRange,
  limit: number,
): { from: string; head: string; args: unknown[]; pred: { sql: string; args: unknown[] } } | null {
  let few: { from: string; head: string; args: unknown[]; pred: { sql: string; args: unknown[] } };
  if (plan.d !== null) {
    few =
      plan.err === 1
        ? {
            from: 'rows INDEXED BY rows_d_err_ts',
            head: 'rows.d = ? AND rows.err = 1',
            args: [plan.d],
            pred: predicates(plan, 'd'),
          }
        : { from: 'rows INDEXED BY rows_d_ts', head: 'rows.d = ?', args: [plan.d], pred: predicates(plan, 'd') };
  } else if (plan.err === 1) {
    few = { from: 'rows INDEXED BY rows_err_ts', head: 'rows.err = 1', args: [], pred: predicates(plan) };
  } else return null;
  const total = plan.d !== null ? 0 : sumCounts(countBySeries(ctx, range.from, range.to), null).rows;
  const max = plan.d !== null ? SMALL_SET : Math.min(SMALL_SET, Math.ceil(Math.sqrt((limit * total) / 16)));
  const n = ctx
    .side(`SELECT count(*) FROM (SELECT 1 FROM ${few.from} WHERE ${few.head} AND rows.ts >= ? AND rows.ts < ? LIMIT ?)`)
    .pluck()
    .get(...few.args, range.from, range.to, max) as number;
  return n < max ? few : null;
}

/** The plan's conditions beyond series and status (which seriesWalk's indexes cover). */
function residual(plan: RowPlan): { sql: string; args: unknown[] } {
  return predicates({ ...plan, set: null, err: null });
}

/**
 * A variable's rows or the rows of the filter's series and status: walk whichever are fewer. The
 * second is an exact rollup count; the first a capped index count. "return rows with errors in
 * group orders" walked every `return` row for the few errors (195 ms at 1M rows); the error index
 * walk finds them at once.
 */
function seriesAreFewer(ctx: QueryContext, plan: RowPlan, range: TimeRange): boolean {
  if (plan.set === null && plan.err === null) return false;
  const c = sumCounts(countBySeries(ctx, range.from, range.to), plan.set);
  const bySeries = plan.err === 1 ? c.errors : plan.err === 0 ? c.rows - c.errors : c.rows;
  // The variable's rows are counted only as far as it takes to know which is fewer (an index-only
  // count); at 10M rows a group held 50k+ errors, more than a fixed cap, and the variable 2.9M rows.
  const cap = Math.min(bySeries + 1, NAME_COUNT_MAX);
  const byName = ctx
    .side(`SELECT count(*) FROM (SELECT 1 FROM rows INDEXED BY rows_d_ts WHERE d = ? AND ts >= ? AND ts < ? LIMIT ?)`)
    .pluck()
    .get(plan.d, range.from, range.to, cap) as number;
  return bySeries < byName;
}

export function durationBandIsSmall(ctx: QueryContext, plan: RowPlan): boolean {
  // Without the calls_dur index (a first build under way) the band is walked in time order instead.
  if ((plan.minDur === null && plan.maxDur === null) || !ctx.hasIndex('calls_dur')) return false;
  const { sql, args } = durBounds(plan);
  // The band's calls first, off calls_dur alone: counting its rows costs a rows_call seek per
  // call (4–7 ms for the 5–6 ms band of 11k calls, 40k rows, at 1M rows), counting calls ~0.3 ms.
  const calls = ctx
    .side(
      `SELECT count(*) FROM (SELECT 1 FROM calls k INDEXED BY calls_dur WHERE k.dur IS NOT NULL${sql} LIMIT ${SMALL_SET_CALLS})`,
    )
    .pluck()
    .get(...args) as number;
  return calls < SMALL_SET_CALLS && bandRows(ctx, plan, SMALL_SET) < SMALL_SET;
}

/** The rows of the plan's duration band (calls_dur, then rows_call: index entries only), counted up to `cap`. */
function bandRows(ctx: QueryContext, plan: RowPlan, cap: number): number {
  const { sql, args } = durBounds(plan);
  return ctx
    .side(`SELECT count(*) FROM (SELECT 1 FROM ${BY_DUR} WHERE k.dur IS NOT NULL${sql} LIMIT ?)`)
    .pluck()
    .get(...args, cap) as number;
}

/** Calls of a duration band per step of bandRowsStepped (~3.6 rows each in the demo). */
const BAND_STEP_CALLS = 4096;

/**
 * The band's rows (calls_dur, then rows_call: index entries only), counted a step of calls at a
 * time in (dur, id) order within `budgetMs` (count-sliced.ts): at least `cap` when it stopped
 * there; not done when out of time.
 */
function bandRowsStepped(
  ctx: QueryContext,
  plan: RowPlan,
  cap: number,
  budgetMs: number,
): { count: number; done: boolean } {
  const { sql, args } = durBounds(plan);
  const calls = (after: string) =>
    `SELECT k.dur AS dur, k.id AS id FROM calls k INDEXED BY calls_dur WHERE k.dur IS NOT NULL${sql}${after}
      ORDER BY k.dur, k.id LIMIT ${BAND_STEP_CALLS}`;
  // Two statements a step (one CTE materialized for both took ~10× as long): the step's rows, and its
  // last call with how many it holds.
  const step = (after: string, extra: number[]) => {
    const a = [...args, ...extra];
    const n = ctx
      .side(`SELECT count(*) FROM (${calls(after)}) c CROSS JOIN rows INDEXED BY rows_call ON rows.call = c.id`)
      .pluck()
      .get(...a) as number;
    const last = ctx
      .side(`SELECT count(*) OVER () AS k, dur, id FROM (${calls(after)}) ORDER BY dur DESC, id DESC LIMIT 1`)
      .get(...a) as { k: number; dur: number; id: number } | undefined;
    return { count: n, next: !last || last.k < BAND_STEP_CALLS ? null : ([last.dur, last.id] as [number, number]) };
  };
  return countStepped<[number, number]>(
    (after) =>
      after === null
        ? step('', [])
        : step(' AND k.dur >= ? AND (k.dur > ? OR k.id > ?)', [after[0], after[0], after[1]]),
    cap,
    budgetMs,
  );
}

function durBounds(plan: RowPlan): { sql: string; args: number[] } {
  let sql = '';
  const args: number[] = [];
  if (plan.minDur !== null) {
    sql += ' AND k.dur >= ?';
    args.push(plan.minDur);
  }
  if (plan.maxDur !== null) {
    sql += ' AND k.dur <= ?';
    args.push(plan.maxDur);
  }
  return { sql, args };
}

const compare = {
  newest: (a: Hit, b: Hit) => (b[1] as number) - (a[1] as number) || b[0] - a[0],
  oldest: (a: Hit, b: Hit) => (a[1] as number) - (b[1] as number) || a[0] - b[0],
  // Rows without a duration come last, newest id first.
  slowest: (a: Hit, b: Hit) =>
    (a[1] === null ? (b[1] === null ? 0 : 1) : b[1] === null ? -1 : b[1] - a[1]) || b[0] - a[0],
};

/** Every row under one index key (a trace, a duration band), sorted here and cut after the cursor. */
function collected(
  ctx: QueryContext,
  from: string,
  dur: string,
  head: string,
  headArgs: unknown[],
  pred: { sql: string; args: unknown[] },
  range: TimeRange,
  order: PageOrder,
  cursor: Cursor | null,
  offset: number,
  limit: number,
): Hit[] {
  const col = order === 'slowest' ? dur : 'rows.ts';
  const all = ctx
    .side(`SELECT rows.id, ${col} FROM ${from} WHERE ${head} AND rows.ts >= ? AND rows.ts < ?${pred.sql}`)
    .raw(true)
    .all(...headArgs, range.from, range.to, ...pred.args) as Hit[];
  const cmp = compare[order];
  all.sort(cmp);
  let start = 0;
  if (cursor) {
    const at: Hit = [cursor.id, cursor.ts];
    while (start < all.length && cmp(all[start], at) <= 0) start++;
  } else start = offset;
  return all.slice(start, start + limit);
}

/**
 * Time order over one index. The cursor must become the index range's own bound: given both
 * `ts < to` and a row-value `(ts, id) < cursor`, SQLite bounds the scan by the first and filters
 * by the second, so a page 900k rows deep cost 373 ms. One bound per side (timestamps are
 * integer ms) keeps it O(page).
 */
function timeWalk(
  ctx: QueryContext,
  from: string,
  head: string,
  headArgs: unknown[],
  pred: { sql: string; args: unknown[] },
  range: TimeRange,
  desc: boolean,
  cursor: Cursor | null,
  offset: number,
  limit: number,
): Hit[] {
  const dir = desc ? 'DESC' : 'ASC';
  let lo = range.from;
  let hi = range.to - 1;
  let after = '';
  let cursorArgs: number[] = [];
  if (cursor) {
    const ts = cursor.ts as number;
    if (desc) hi = Math.min(hi, ts);
    else lo = Math.max(lo, ts);
    after = desc ? ' AND (ts < ? OR id < ?)' : ' AND (ts > ? OR id > ?)';
    cursorArgs = [ts, cursor.id];
  }
  const sql = `SELECT id, ts FROM ${from} WHERE ${head}ts >= ? AND ts <= ?${pred.sql}${after} ORDER BY ts ${dir}, id ${dir} LIMIT ? OFFSET ?`;
  return ctx
    .side(sql)
    .raw(true)
    .all(...headArgs, lo, hi, ...pred.args, ...cursorArgs, limit, cursor ? 0 : offset) as Hit[];
}

/**
 * Filters the rollups count (series, status, time): each series in the filter is an index range
 * scan on (s, ts) bounded by the cursor and LIMIT, merged here; without a series filter a single
 * scan of the (ts) index. A row number (offset) is found from the rollup counts (seek-offset.ts).
 */
function seriesWalk(
  ctx: QueryContext,
  plan: RowPlan,
  range: TimeRange,
  desc: boolean,
  cursor: Cursor | null,
  offset: number,
  limit: number,
  rest: { sql: string; args: unknown[] } = { sql: '', args: [] },
): Hit[] {
  const dir = desc ? 'DESC' : 'ASC';
  const set = plan.set;
  const err = (plan.err === null ? '' : ` AND err = ${plan.err}`) + rest.sql;
  let lo = range.from;
  let hi = range.to - 1;
  let after = '';
  let cursorArgs: number[] = [];
  // Rows of the seek's millisecond that come before the wanted one (a few at most).
  let skip = 0;
  if (!cursor && offset) {
    // The rollups count errors, not OK rows, and nothing of the other filters: those row numbers are found by walking.
    if (plan.err === 0 || rest.sql)
      return timeWalk(ctx, 'rows INDEXED BY rows_ts', '', [], predicates(plan), range, desc, null, offset, limit);
    const at = seekOffset(ctx, { from: range.from, to: range.to, set, errorsOnly: plan.err === 1, desc, offset });
    if (!at) return [];
    if (desc) hi = at.ts;
    else lo = at.ts;
    skip = at.skip;
  }
  if (cursor) {
    const ts = cursor.ts as number;
    if (desc) hi = Math.min(hi, ts);
    else lo = Math.max(lo, ts);
    after = desc ? ' AND (ts < ? OR id < ?)' : ' AND (ts > ? OR id > ?)';
    cursorArgs = [ts, cursor.id];
  }
  const tail = ` ORDER BY ts ${dir}, id ${dir} LIMIT ?`;
  if (!set || set.size > MERGE_MAX_SERIES) {
    // "+s" keeps SQLite on the time index: with many series the matches are dense in time.
    const inSet = set ? ' AND +s IN (SELECT value FROM json_each(?))' : '';
    // Named indexes once other filters join in: SQLite would otherwise take (d, ts) for them.
    const index = rest.sql ? (plan.err === 1 ? ' INDEXED BY rows_err_ts' : ' INDEXED BY rows_ts') : '';
    const sql = `SELECT id, ts FROM rows${index} WHERE ts >= ? AND ts <= ?${err}${inSet}${after}${tail} OFFSET ?`;
    return ctx
      .side(sql)
      .raw(true)
      .all(lo, hi, ...rest.args, ...(set ? [JSON.stringify([...set])] : []), ...cursorArgs, limit, skip) as Hit[];
  }
  const index = rest.sql ? (plan.err === 1 ? ' INDEXED BY rows_s_err_ts' : ' INDEXED BY rows_s_ts') : '';
  const stmt = ctx
    .side(`SELECT id, ts FROM rows${index} WHERE s = ? AND ts >= ? AND ts <= ?${err}${after}${tail}`)
    .raw(true);
  let hits: Hit[] = [];
  for (const s of set) hits.push(...(stmt.all(s, lo, hi, ...rest.args, ...cursorArgs, limit + skip) as Hit[]));
  hits.sort(desc ? compare.newest : compare.oldest);
  hits = hits.slice(skip, skip + limit);
  return hits;
}

/**
 * Slowest first: calls_dur walked down from the longest call, each call's rows tested against the
 * other filters; then the rows whose call has no duration, newest id first. The cursor's key is
 * the duration (null in the second part).
 */
function slowestWalk(
  ctx: QueryContext,
  plan: RowPlan,
  range: TimeRange,
  cursor: Cursor | null,
  offset: number,
  limit: number,
): Hit[] {
  const pred = predicates(plan, null, 'k.dur');
  const hits: Hit[] = [];
  let skip = cursor ? 0 : offset;
  // Until a first build has created calls_dur (sidecar-schema.ts), SQLite sorts the range's
  // timed rows: slower, on a partial index whose answers say so.
  const byDur = ctx.hasIndex('calls_dur') ? BY_DUR : BY_DUR_UNINDEXED;
  if (!cursor || cursor.ts !== null) {
    let upper = '';
    const upperArgs: number[] = [];
    if (cursor) {
      upper = ' AND k.dur <= ? AND (k.dur < ? OR rows.id < ?)';
      upperArgs.push(cursor.ts as number, cursor.ts as number, cursor.id);
    }
    const sql = `SELECT rows.id, k.dur FROM ${byDur} WHERE k.dur IS NOT NULL AND rows.ts >= ? AND rows.ts < ?${pred.sql}${upper} ORDER BY k.dur DESC, rows.id DESC LIMIT ? OFFSET ?`;
    hits.push(
      ...(ctx
        .side(sql)
        .raw(true)
        .all(range.from, range.to, ...pred.args, ...upperArgs, limit, skip) as Hit[]),
    );
    if (hits.length === limit || plan.minDur !== null || plan.maxDur !== null) return hits;
    if (skip > 0) {
      // The row number lies past every timed row: skip those in the untimed part.
      const timed = ctx
        .side(`SELECT count(*) FROM ${byDur} WHERE k.dur IS NOT NULL AND rows.ts >= ? AND rows.ts < ?${pred.sql}`)
        .pluck()
        .get(range.from, range.to, ...pred.args) as number;
      skip = Math.max(0, skip - timed);
    }
  }
  const below = cursor && cursor.ts === null ? ' AND rows.id < ?' : '';
  const belowArgs = below ? [cursor!.id] : [];
  const rest = limit - hits.length;
  if (untimedAreFew(ctx)) {
    // Few calls lack a duration (1M-row demo: 245 of 304k): read their rows off calls_untimed and
    // sort them, where walking every row of the range looked each one's call up.
    const sql = `SELECT id, NULL FROM (
        SELECT rows.id AS id FROM calls k INDEXED BY calls_untimed CROSS JOIN rows INDEXED BY rows_call ON rows.call = k.id
          WHERE k.dur IS NULL AND rows.ts >= ? AND rows.ts < ?${pred.sql}${below}
        UNION ALL SELECT rows.id FROM rows INDEXED BY rows_call WHERE rows.call IS NULL AND rows.ts >= ? AND rows.ts < ?${pred.sql}${below})
      ORDER BY id DESC LIMIT ? OFFSET ?`;
    const part = [range.from, range.to, ...pred.args, ...belowArgs];
    hits.push(
      ...(ctx
        .side(sql)
        .raw(true)
        .all(...part, ...part, rest, skip) as Hit[]),
    );
    return hits;
  }
  const sql = `SELECT rows.id, NULL FROM rows LEFT JOIN calls k ON k.id = rows.call WHERE k.dur IS NULL AND rows.ts >= ? AND rows.ts < ?${pred.sql}${below} ORDER BY rows.id DESC LIMIT ? OFFSET ?`;
  hits.push(
    ...(ctx
      .side(sql)
      .raw(true)
      .all(range.from, range.to, ...pred.args, ...belowArgs, rest, skip) as Hit[]),
  );
  return hits;
}

/** Whether the calls without a duration are few enough to read whole (calls_untimed holds them). */
function untimedAreFew(ctx: QueryContext): boolean {
  const n = ctx
    .side(`SELECT count(*) FROM (SELECT 1 FROM calls INDEXED BY calls_untimed WHERE dur IS NULL LIMIT ${SMALL_SET})`)
    .pluck()
    .get() as number;
  return n < SMALL_SET;
}

/**
 * How many rows a filter matches. Series, status and time come from the rollups, exact at any
 * size (count.ts). Other filters are counted on their index, newest slice first, for at most
 * COUNT_BUDGET_MS: past that the answer is "at least count" (exact: false).
 */
export function countTraces(ctx: QueryContext, input: TraceFilter): { count: number; exact: boolean } {
  const t0 = performance.now();
  const budgetLeft = () => COUNT_BUDGET_MS - (performance.now() - t0);
  const range = resolveRange(input.range);
  const plan = planFilter(ctx, input);
  if (plan.empty) return { count: 0, exact: true };
  if (hasContains(plan)) return countContains(ctx, plan, range, COUNT_BUDGET_MS);
  if (!needsRowScan(plan)) {
    const c = sumCounts(countBySeries(ctx, range.from, range.to), plan.set);
    return { count: plan.err === 1 ? c.errors : plan.err === 0 ? c.rows - c.errors : c.rows, exact: true };
  }
  const one = (from: string, head: string, headArgs: unknown[], pred: { sql: string; args: unknown[] }) => ({
    count: ctx
      .side(`SELECT count(*) FROM ${from} WHERE ${head} AND rows.ts >= ? AND rows.ts < ?${pred.sql}`)
      .pluck()
      .get(...headArgs, range.from, range.to, ...pred.args) as number,
    exact: true,
  });
  if (plan.trace !== null) return one('rows INDEXED BY rows_call', TRACE_ROWS, [plan.trace], predicates(plan, 'trace'));
  if (plan.d === null && (plan.minDur !== null || plan.maxDur !== null) && ctx.hasIndex('calls_dur')) {
    // A band alone is counted off calls_dur and rows_call, index entries only (~0.25 µs each), less
    // its rows outside the range, walked on (ts) with each row's call looked up (~0.2 µs a row): the
    // 5–6 ms band at 1M rows, 40k rows, 7 ms where walking the range took 126–229 ms, past the
    // budget under load. With other filters each of a small band's rows is read, in duration order
    // (random pages, ~1.1 µs each): for a band under a sixth of the range's rows.
    const inRange = sumCounts(countBySeries(ctx, range.from, range.to), plan.set).rows;
    const walk = (cap: number) => bandRowsStepped(ctx, plan, cap, BAND_WALK_MS - (performance.now() - t0));
    let walked: number | null = null;
    // The band's index walk did not end in BAND_WALK_MS: the range is counted by time slices.
    let slow = false;
    if (plan.set === null && plan.err === null) {
      const outside = sumCounts(countBySeries(ctx, MIN_TS, MAX_TS), null).rows - inRange;
      if (outside < Math.min(inRange, OUTSIDE_MAX)) {
        const w = walk(BAND_INDEX_MAX);
        // With no row outside the range, the band's rows walked so far are all in it: at least those.
        if (!w.done && outside === 0) return { count: w.count, exact: false };
        if (w.done) walked = w.count;
        else slow = true;
      }
      if (walked !== null && walked < BAND_INDEX_MAX) {
        const n = walked;
        const pred = predicates(plan);
        const beyond = (where: string, at: number) =>
          ctx
            .side(`SELECT count(*) FROM rows INDEXED BY rows_ts WHERE ${where}${pred.sql}`)
            .pluck()
            .get(at, ...pred.args) as number;
        return { count: n - beyond('rows.ts < ?', range.from) - beyond('rows.ts >= ?', range.to), exact: true };
      }
    }
    // A band walked to BAND_INDEX_MAX above holds more than COUNT_BAND_MAX rows: no second walk.
    const small = slow ? null : walked === null ? walk(COUNT_BAND_MAX) : { count: walked, done: true };
    const band = small?.done ? Math.min(small.count, COUNT_BAND_MAX) : null;
    if (band !== null && band * 6 < Math.min(inRange, COUNT_BAND_MAX * 6))
      return one(BY_DUR, 'k.dur IS NOT NULL', [], predicates(plan, null, 'k.dur'));
  }
  const [from, head, headArgs, pred] =
    plan.d !== null
      ? ([
          `rows INDEXED BY ${plan.err === 1 ? 'rows_d_err_ts' : 'rows_d_ts'}`,
          'd = ? AND ',
          [plan.d],
          predicates(plan, 'd'),
        ] as const)
      : (['rows INDEXED BY rows_ts', '', [], predicates(plan)] as const);
  return countTimeSlices(
    ctx,
    range,
    budgetLeft(),
    (lo, hi) =>
      ctx
        .side(`SELECT count(*) FROM ${from} WHERE ${head}ts >= ? AND ts < ?${pred.sql}`)
        .pluck()
        .get(...headArgs, lo, hi, ...pred.args) as number,
  );
}

/** Counts [from, to) newest slice first within the budget (count-sliced.ts). */
function countTimeSlices(
  ctx: QueryContext,
  range: TimeRange,
  budgetMs: number,
  countIn: (lo: number, hi: number) => number,
): { count: number; exact: boolean } {
  const edge = (dir: 'ASC' | 'DESC') =>
    ctx
      .side(`SELECT ts FROM rows WHERE ts >= ? AND ts < ? ORDER BY ts ${dir} LIMIT 1`)
      .pluck()
      .get(range.from, range.to) as number | undefined;
  const first = edge('ASC');
  const last = edge('DESC');
  if (first === undefined || last === undefined) return { count: 0, exact: true };
  const rows = sumCounts(countBySeries(ctx, first, last + 1), null).rows;
  return countSliced(first, last, rows, countIn, budgetMs);
}
