import type { Overview, Rate } from '../api/types.ts';
import { TIERS_MS } from '../index/sidecar-schema.ts';
import { countBySeries, sumCounts } from './count.ts';
import { fetchRows } from './fetch-rows.ts';
import { indexProgress } from './index-progress.ts';
import type { QueryContext } from './query-context.ts';
import { queryStaleness } from './staleness.ts';
import { MAX_TS, MIN_TS, resolveRange, type RangeInput } from './time-range.ts';
import { writerStatus } from './writer-status.ts';

/** Charts get at most this many buckets: the finest rollup tier that fits is used. */
const MAX_BUCKETS = 400;
const RATE_WINDOW_MS = 60_000;

function rate(current: number, previous: number): Rate {
  const trend =
    Math.abs(current - previous) <= Math.max(1e-9, 0.05 * Math.max(current, previous))
      ? 'flat'
      : current > previous
        ? 'up'
        : 'down';
  return { current, previous, trend };
}

/** Everything the Overview tab shows, in one call: every figure comes from rollups or short index ranges. */
export function queryOverview(ctx: QueryContext, input: { range?: RangeInput }): Overview {
  const now = Date.now();
  const range = resolveRange(input.range, now);
  if (range.from <= MIN_TS || range.to >= MAX_TS) {
    // Two statements: SQLite answers a lone min() or max() from the index end, but not both at once.
    const lo = ctx.side('SELECT min(ts) FROM rows').pluck().get() as number | null;
    const hi = ctx.side('SELECT max(ts) FROM rows').pluck().get() as number | null;
    if (range.from <= MIN_TS) range.from = lo ?? now - 3_600_000;
    if (range.to >= MAX_TS) range.to = Math.max(hi ?? now, now) + 1;
  }
  let tier = TIERS_MS.findIndex((T) => (range.to - range.from) / T <= MAX_BUCKETS);
  // Past 400 h (a file from last month, "all" on a long history) even hourly buckets are too many:
  // whole hours are merged, k at a time. Found by the suite run at a later date (issue 10).
  let merge = 1;
  if (tier < 0) {
    tier = TIERS_MS.length - 1;
    merge = Math.ceil((range.to - range.from) / TIERS_MS[tier] / MAX_BUCKETS);
  }
  const T = TIERS_MS[tier] * merge;
  const b0 = Math.floor(range.from / T);
  const b1 = Math.floor((range.to - 1) / T);
  const nb = b1 - b0 + 1;
  const series = {
    t: [] as number[],
    rows: new Array<number>(nb).fill(0),
    errors: new Array<number>(nb).fill(0),
    traces: new Array<number>(nb).fill(0),
  };
  for (let i = 0; i < nb; i++) series.t.push((b0 + i) * T);
  const buckets = ctx
    .side(
      'SELECT bucket / CAST(? AS INTEGER) AS b, sum(rows), sum(errors), sum(traces) FROM rollup WHERE tier = ? AND bucket >= ? AND bucket <= ? GROUP BY b',
    )
    .raw(true)
    .all(merge, tier, b0 * merge, (b1 + 1) * merge - 1) as number[][];
  for (const [b, r, e, t] of buckets) {
    series.rows[b - b0] = r;
    series.errors[b - b0] = e;
    series.traces[b - b0] = t;
  }

  // Rates over the last full minute of the range (whole 10 s buckets), against the minute before.
  const end = Math.floor(Math.min(range.to, now) / TIERS_MS[0]);
  const win = RATE_WINDOW_MS / TIERS_MS[0];
  const sums = ctx
    .side('SELECT total(rows), total(errors), total(traces) FROM rollup WHERE tier = 0 AND bucket >= ? AND bucket < ?')
    .raw(true);
  const [cr, ce, ct] = sums.get(end - win, end) as number[];
  const [pr, pe, pt] = sums.get(end - 2 * win, end - win) as number[];
  const secs = RATE_WINDOW_MS / 1000;

  const counts = countBySeries(ctx, range.from, range.to);
  const groups = new Map<string | null, { group: string | null; rows: number; errors: number }>();
  const groupOf = new Map(ctx.series().map((s) => [s.id, s.grp]));
  for (const [s, c] of counts) {
    const g = groupOf.get(s) ?? null;
    const acc = groups.get(g) ?? { group: g, rows: 0, errors: 0 };
    acc.rows += c.rows;
    acc.errors += c.errors;
    groups.set(g, acc);
  }

  const hb = ctx
    .side('SELECT ts, queue_depth FROM heartbeats WHERE ts >= ? AND ts < ? ORDER BY ts')
    .raw(true)
    .all(range.from, range.to) as [number, number | null][];
  const qT = Math.max(1, Math.ceil((range.to - range.from) / MAX_BUCKETS));
  const queue = { t: [] as number[], depth: [] as number[] };
  for (const [ts, depth] of hb) {
    if (depth === null) continue;
    const bt = range.from + Math.floor((ts - range.from) / qT) * qT;
    // Keep the peak of each bucket: a spike is what the chart must not hide.
    if (queue.t[queue.t.length - 1] === bt)
      queue.depth[queue.depth.length - 1] = Math.max(queue.depth[queue.depth.length - 1], depth);
    else {
      queue.t.push(bt);
      queue.depth.push(depth);
    }
  }

  const errorIds = ctx
    .side('SELECT id FROM rows WHERE err = 1 AND ts >= ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT 10')
    .pluck()
    .all(range.from, range.to) as number[];
  return {
    range,
    bucketMs: T,
    series,
    totals: sumCounts(counts, null),
    errorRate: rate(cr ? (100 * ce) / cr : 0, pr ? (100 * pe) / pr : 0),
    rowsPerSec: rate(cr / secs, pr / secs),
    tracesPerSec: rate(ct / secs, pt / secs),
    queue,
    writer: writerStatus(ctx, now),
    recentErrors: fetchRows(ctx, errorIds),
    groups: [...groups.values()].sort((a, b) => b.rows - a.rows),
    staleCount: queryStaleness(ctx, {}).total,
    index: indexProgress(ctx),
  };
}
