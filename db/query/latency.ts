import { CALL_BUCKET_MS } from '../index/sidecar-schema.ts';
import { MIN_BIN, binEdge, latencyBin } from '../index/latency-bins.ts';
import { traceTextSql } from '../index/span-key.ts';
import type { LatencyCalls, LatencyDistribution } from '../api/types.ts';
import { binCountsByInterval, type BinCounts } from './bin-counts.ts';
import { callsRange, seriesOf } from './function-stats.ts';
import { nearestRank } from './percentile.ts';
import { ranksOfRange } from './range-ranks.ts';
import type { QueryContext } from './query-context.ts';
import { startShift } from './timestamp-convention.ts';
import type { RangeInput } from './time-range.ts';

/** The histogram's edges from bin `lo` on, n bins (the index's bins, latency-bins.ts): the lowest bin starts at 0. */
function edgesOf(lo: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => (i === 0 && lo === MIN_BIN ? 0 : binEdge(lo + i)));
}

/**
 * A function's latency as a histogram over log-scale buckets, with exact p50/p95/p99, and as a
 * heatmap of those buckets against time. Columns of whole minutes add up the index's per-minute
 * bins (call_hist): the busiest function of a 10M-row file over 24 h took 725 ms reading its
 * ~310k calls. Ranges under a minute per column, and files stamped at calls' ends (a call's
 * column is its start, which the per-minute bins do not know), read every call instead.
 */
export function queryLatency(
  ctx: QueryContext,
  input: { process: string; range?: RangeInput; columns?: number },
): LatencyDistribution {
  const ids = seriesOf(ctx, input.process).map((s) => s.id);
  const range = callsRange(ctx, ids, input.range);
  const columns = input.columns ?? 60;
  if (range.to - range.from >= columns * CALL_BUCKET_MS && startShift(ctx) === 0)
    return latencyFromBins(ctx, input.process, ids, range, columns);
  const bucketMs = Math.max(1, Math.ceil((range.to - range.from) / columns));
  const stmt = ctx.side('SELECT ts, dur FROM calls WHERE s = ? AND ts >= ? AND ts < ? AND dur IS NOT NULL').raw(true);
  const tsOf: number[] = [];
  const durs: number[] = [];
  const shift = startShift(ctx); // heatmap columns by the call's start
  for (const s of ids)
    for (const [ts, dur] of stmt.iterate(s, range.from, range.to) as Iterable<[number, number]>) {
      tsOf.push(Math.max(range.from, ts - shift * dur));
      durs.push(dur);
    }
  let lo = Infinity;
  let hi = -Infinity;
  const keys = new Int32Array(durs.length);
  for (let i = 0; i < durs.length; i++) {
    const k = latencyBin(durs[i]);
    keys[i] = k;
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  const n = durs.length ? hi - lo + 1 : 0;
  const counts = new Array<number>(n).fill(0);
  const heat = Array.from({ length: columns }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < durs.length; i++) {
    counts[keys[i] - lo]++;
    const col = Math.min(columns - 1, Math.floor((tsOf[i] - range.from) / bucketMs));
    heat[col][keys[i] - lo]++;
  }
  const sorted = Float64Array.from(durs).sort();
  return {
    process: input.process,
    range,
    timedCalls: durs.length,
    // The lowest bucket also holds anything faster (0 ms included): its lower edge is then 0.
    edgesMs: edgesOf(lo, n),
    counts,
    p50Ms: nearestRank(sorted, 50),
    p95Ms: nearestRank(sorted, 95),
    p99Ms: nearestRank(sorted, 99),
    heatmap: { bucketMs, t: Array.from({ length: columns }, (_, i) => range.from + i * bucketMs), counts: heat },
  };
}

/** queryLatency off call_hist: columns aligned to minutes, only the edges' partial minutes read. */
function latencyFromBins(
  ctx: QueryContext,
  process: string,
  ids: number[],
  range: { from: number; to: number },
  columns: number,
): LatencyDistribution {
  const a0 = Math.floor(range.from / CALL_BUCKET_MS) * CALL_BUCKET_MS;
  const bucketMs = Math.ceil((range.to - a0) / columns / CALL_BUCKET_MS) * CALL_BUCKET_MS;
  const ncols = Math.max(1, Math.ceil((range.to - a0) / bucketMs));
  // Column i is [t[i], t[i + 1]): the first starts at the range's start, the rest on minutes.
  const t = Array.from({ length: ncols }, (_, i) => (i === 0 ? range.from : a0 + i * bucketMs));
  const bounds = [...t, range.to];
  const perSeries = ids.map((s) => ({ s, cols: binCountsByInterval(ctx, s, bounds) }));
  const total: BinCounts = new Map();
  let lo = Infinity;
  let hi = -Infinity;
  for (const { cols } of perSeries)
    for (const col of cols)
      for (const [bin, n] of col) {
        total.set(bin, (total.get(bin) ?? 0) + n);
        if (bin < lo) lo = bin;
        if (bin > hi) hi = bin;
      }
  const n = total.size ? hi - lo + 1 : 0;
  const counts = Array.from({ length: n }, (_, i) => total.get(lo + i) ?? 0);
  const heat = Array.from({ length: ncols }, () => new Array<number>(n).fill(0));
  for (const { cols } of perSeries) cols.forEach((col, c) => col.forEach((k, bin) => (heat[c][bin - lo] += k)));
  // Exact p50/p95/p99 rank every duration of the range, copied from the per-minute sorted blobs
  // (call_durs) and the edges' calls: finding each rank's bin from the counts and reading that
  // bin's calls read ~44 % of the busiest function's calls for p50 (101 ms CPU at 10M rows).
  const timedCalls = counts.reduce((a, b) => a + b, 0);
  const [p50, p95, p99] = ranksOfRange(ctx, ids, range.from, range.to, [50, 95, 99]);
  return {
    process,
    range,
    timedCalls,
    edgesMs: edgesOf(lo, n),
    counts,
    p50Ms: p50,
    p95Ms: p95,
    p99Ms: p99,
    heatmap: { bucketMs, t, counts: heat },
  };
}

/**
 * The calls of a function inside a region of its latency heatmap (a time span and a latency
 * span), slowest first, exactly: a histogram bar or a heatmap cell opens the calls behind it.
 */
export function queryLatencyCalls(
  ctx: QueryContext,
  input: { process: string; range?: RangeInput; minMs?: number; maxMs?: number; limit?: number },
): LatencyCalls {
  const ids = seriesOf(ctx, input.process).map((s) => s.id);
  const range = callsRange(ctx, ids, input.range);
  const limit = input.limit ?? 50;
  const min = input.minMs ?? 0;
  const max = input.maxMs ?? Number.MAX_VALUE;
  const stmt = ctx
    .side(
      `SELECT c.id, c.ts, c.dur, c.err, ${traceTextSql('t.key')} AS traceId FROM calls c LEFT JOIN traces t ON t.id = c.trace
        WHERE c.s = ? AND c.ts >= ? AND c.ts < ? AND c.dur >= ? AND c.dur < ?`,
    )
    .raw(true);
  const found: { id: number; ts: number; durationMs: number; error: boolean; traceId: string | null }[] = [];
  const shift = startShift(ctx);
  for (const s of ids)
    for (const [id, ts, dur, err, traceId] of stmt.iterate(s, range.from, range.to, min, max) as Iterable<
      [number, number, number, number, string | null]
    >)
      found.push({ id, ts: ts - shift * dur, durationMs: dur, error: err === 1, traceId });
  found.sort((a, b) => b.durationMs - a.durationMs || b.ts - a.ts);
  return { process: input.process, range, total: found.length, calls: found.slice(0, limit) };
}
