import { InspectorError } from '../api/errors.ts';
import type { FunctionHistory, FunctionStats } from '../api/types.ts';
import { callAggregate, type CallAggregate } from './call-aggregates.ts';
import { CALL_BUCKET_MS } from '../index/sidecar-schema.ts';
import { nearestRanks } from './percentile.ts';
import { sortedRunsByInterval } from './range-durations.ts';
import { ranksOfRange } from './range-ranks.ts';
import { ranksOfRuns } from './sorted-runs.ts';
import type { QueryContext } from './query-context.ts';
import { resolveRange, type RangeInput } from './time-range.ts';

/**
 * A range for charting a function's calls (default: the last 24 h); "all" spans the calls
 * themselves rather than the whole calendar.
 */
export function callsRange(ctx: QueryContext, seriesIds: number[], input: RangeInput | undefined) {
  const range = resolveRange(input ?? { preset: '24h' });
  if (range.from < -1e15 || range.to > 1e15) {
    const ids = JSON.stringify(seriesIds);
    const lo = ctx.side('SELECT min(ts) FROM calls WHERE s IN (SELECT value FROM json_each(?))').pluck().get(ids) as
      number | null;
    const hi = ctx.side('SELECT max(ts) FROM calls WHERE s IN (SELECT value FROM json_each(?))').pluck().get(ids) as
      number | null;
    range.from = Math.max(range.from, lo ?? 0);
    range.to = Math.min(range.to, (hi ?? 0) + 1);
  }
  return range;
}

export function seriesOf(ctx: QueryContext, process: string) {
  const series = ctx.series().filter((s) => s.process === process);
  if (series.length === 0)
    throw new InspectorError(
      'not-found',
      `No traced function named ${JSON.stringify(process.slice(0, 200))} in this database.`,
    );
  return series;
}

/**
 * Per-function stats with exact percentiles. Counts, sums and maxima come from the per-minute call
 * rollups plus the edges' partial minutes (call-aggregates.ts), exact percentiles from the hours'
 * fine duration bins and the calls of the bin holding each rank (range-ranks.ts).
 */
export function queryFunctionStats(ctx: QueryContext, input: { process: string; range?: RangeInput }): FunctionStats {
  const series = seriesOf(ctx, input.process);
  const range = resolveRange(input.range);
  const aggs = series.map(({ id }) => callAggregate(ctx, id, range.from, range.to));
  const sum = (f: (a: CallAggregate) => number) => aggs.reduce((n, a) => n + f(a), 0);
  const maxOf = (f: (a: CallAggregate) => number | null) =>
    aggs.reduce<number | null>((m, a) => (f(a) === null ? m : m === null ? f(a) : Math.max(m, f(a)!)), null);
  const calls = sum((a) => a.calls);
  const errors = sum((a) => a.errors);
  const timed = sum((a) => a.timed);
  const memN = sum((a) => a.memN);
  // Ranks from the hours' fine bins and the rank's bin alone (range-ranks.ts): the busiest
  // function of a 3.2M-call file over 24 h took 68–110 ms copying and quickselecting every
  // duration, now 10–14; over the whole file 34–42 counting entries off calls_s_dur, now ~10.
  const [p50, p95, p99] = ranksOfRange(
    ctx,
    series.map((s) => s.id),
    range.from,
    range.to,
    [50, 95, 99],
  );
  const located = series.find((s) => s.sourceFile !== null);
  return {
    process: input.process,
    range,
    calls,
    errors,
    errorRate: calls ? errors / calls : 0,
    timedCalls: timed,
    avgMs: timed ? sum((a) => a.durSum) / timed : null,
    p50Ms: p50,
    p95Ms: p95,
    p99Ms: p99,
    maxMs: maxOf((a) => a.durMax),
    memAvg: memN ? sum((a) => a.memSum) / memN : null,
    memMax: maxOf((a) => a.memMax),
    sourceFile: located?.sourceFile ?? null,
    sourceLine: located?.sourceLine ?? null,
  };
}

/** History buckets ranked per read of their minutes' sorted blobs (range-durations.ts). */
const HISTORY_GROUP = 8;

/** The same figures per time bucket (24 h in 48 buckets by default), as column arrays. */
export function queryFunctionHistory(
  ctx: QueryContext,
  input: { process: string; range?: RangeInput; buckets?: number },
): FunctionHistory {
  const series = seriesOf(ctx, input.process);
  const range = callsRange(
    ctx,
    series.map((s) => s.id),
    input.range,
  );
  const n = input.buckets ?? 48;
  const bucketMs = Math.max(1, Math.ceil((range.to - range.from) / n));
  const ids = series.map((s) => s.id);
  const calls = new Array<number>(n).fill(0);
  const errors = new Array<number>(n).fill(0);
  const p50: (number | null)[] = [];
  const p95: (number | null)[] = [];
  const p99: (number | null)[] = [];
  // The last bucket runs to the range's end, as a call's bucket is min(n - 1, ⌊(ts − from) / bucketMs⌋).
  const lo = (i: number) => range.from + i * bucketMs;
  const hi = (i: number) => (i === n - 1 ? range.to : lo(i) + bucketMs);
  // Buckets of whole minutes and more rank their calls' durations copied from the per-minute
  // sorted blobs (call_durs) and the edges' calls: reading every duration as a plucked column
  // took 76 ms CPU for 319k calls at 10M rows. Buckets under a minute hold no whole minute (and
  // their bounds may pass the range's end): each reads its calls, as before.
  const whole = bucketMs >= CALL_BUCKET_MS;
  const dursOf = ctx.side('SELECT dur FROM calls WHERE s = ? AND ts >= ? AND ts < ? AND dur IS NOT NULL').pluck(true);
  let group: { first: number; runs: ReturnType<typeof sortedRunsByInterval> } | null = null;
  for (let i = 0; i < n; i++) {
    const parts: number[][] = [];
    if (whole && (group === null || i >= group.first + group.runs.length)) {
      // HISTORY_GROUP buckets' blobs at a time, not all 48: the busiest function's 24 h history at
      // 100M rows, repeated, grew the process by ~24–39 MB a batch of calls (release-buffers.ts).
      const last = Math.min(n, i + HISTORY_GROUP);
      const bounds = [...Array.from({ length: last - i }, (_, j) => lo(i + j)), hi(last - 1)];
      group = { first: i, runs: sortedRunsByInterval(ctx, ids, bounds, true) };
    }
    const mine = group ? group.runs[i - group.first] : null; // set only when `whole`
    if (mine) {
      calls[i] = mine.calls;
      errors[i] = mine.errors;
    } else
      for (const id of ids) {
        // Whole minutes from the call rollups.
        const a = callAggregate(ctx, id, lo(i), hi(i));
        calls[i] += a.calls;
        errors[i] += a.errors;
        parts.push(dursOf.all(id, lo(i), hi(i)) as number[]);
      }
    const [a, b, c] = mine
      ? ranksOfRuns(mine, [50, 95, 99])
      : nearestRanks(Float64Array.from(parts.flat()), [50, 95, 99]);
    p50.push(a);
    p95.push(b);
    p99.push(c);
  }
  return {
    process: input.process,
    range,
    bucketMs,
    t: Array.from({ length: n }, (_, i) => range.from + i * bucketMs),
    calls,
    errors,
    p50,
    p95,
    p99,
  };
}
