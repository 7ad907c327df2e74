import type { LatencyCalls, LatencyDistribution } from '../api/types.ts';
import { callsRange, seriesOf } from './function-stats.ts';
import { nearestRank } from './percentile.ts';
import type { QueryContext } from './query-context.ts';
import { startShift } from './timestamp-convention.ts';
import type { RangeInput } from './time-range.ts';

/** Latency buckets per decade: 10^(k/4) ms edges, so each bucket is ~1.78× the one before. */
export const BUCKETS_PER_DECADE = 4;
/** The smallest edge: a call faster than 1 µs falls in the first bucket. */
const MIN_EXP = -3 * BUCKETS_PER_DECADE;

/** The bucket (an exponent k: [10^(k/4), 10^((k+1)/4)) ms) a duration falls in. */
export function latencyBucket(ms: number): number {
  if (!(ms > 0)) return MIN_EXP;
  const k = Math.floor(Math.log10(ms) * BUCKETS_PER_DECADE + 1e-9);
  return Math.max(MIN_EXP, k);
}

export function bucketEdge(k: number): number {
  return 10 ** (k / BUCKETS_PER_DECADE);
}

/**
 * A function's latency as a histogram over log-scale buckets, with exact p50/p95/p99, and as a
 * heatmap of those buckets against time. One pass over the covering (s, ts, dur) index: the
 * busiest function of the 1M-row bench (30k calls) reads in a few ms, 314k calls in ~100 ms.
 */
export function queryLatency(
  ctx: QueryContext,
  input: { process: string; range?: RangeInput; columns?: number },
): LatencyDistribution {
  const ids = seriesOf(ctx, input.process).map((s) => s.id);
  const range = callsRange(ctx, ids, input.range);
  const columns = input.columns ?? 60;
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
    const k = latencyBucket(durs[i]);
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
    edgesMs: Array.from({ length: n + 1 }, (_, i) => (i === 0 && lo === MIN_EXP ? 0 : bucketEdge(lo + i))),
    counts,
    p50Ms: nearestRank(sorted, 50),
    p95Ms: nearestRank(sorted, 95),
    p99Ms: nearestRank(sorted, 99),
    heatmap: { bucketMs, t: Array.from({ length: columns }, (_, i) => range.from + i * bucketMs), counts: heat },
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
      `SELECT c.id, c.ts, c.dur, c.err, t.key AS traceId FROM calls c LEFT JOIN traces t ON t.id = c.trace
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
