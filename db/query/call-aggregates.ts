import { CALL_BUCKET_MS } from '../index/sidecar-schema.ts';
import type { QueryContext } from './query-context.ts';

/** One function series' call figures over a time range. */
export interface CallAggregate {
  calls: number;
  errors: number;
  /** Calls with a duration. */
  timed: number;
  durSum: number;
  durMax: number | null;
  memN: number;
  memSum: number;
  memMax: number | null;
}

type Row = [number, number, number, number, number | null, number, number, number | null];

const EMPTY: Row = [0, 0, 0, 0, null, 0, 0, null];

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

function add(a: Row, b: Row): Row {
  return [
    a[0] + b[0],
    a[1] + b[1],
    a[2] + b[2],
    a[3] + b[3],
    maxOf(a[4], b[4]),
    a[5] + b[5],
    a[6] + b[6],
    maxOf(a[7], b[7]),
  ];
}

/**
 * A series' calls in [from, to), exact: whole minutes summed from call_rollup (kept by the
 * indexer, sidecar-schema.ts), the partial minutes at the edges read off the covering calls_s_ts
 * index. The busiest function of a 10M-row file over 24 h: 1,440 rollup rows and at most two
 * minutes of calls, where the covering scan read ~350k entries (75–90 ms under load).
 */
export function callAggregate(ctx: QueryContext, s: number, from: number, to: number): CallAggregate {
  const raw = ctx
    .side(
      `SELECT count(*), total(err), count(dur), total(dur), max(dur), count(mem), total(mem), max(mem)
      FROM calls INDEXED BY calls_s_ts WHERE s = ? AND ts >= ? AND ts < ?`,
    )
    .raw(true);
  const b0 = Math.ceil(from / CALL_BUCKET_MS);
  const b1 = Math.floor(to / CALL_BUCKET_MS);
  let r: Row;
  if (b0 >= b1) r = raw.get(s, from, to) as Row;
  else {
    const whole = ctx
      .side(
        `SELECT coalesce(sum(calls), 0), total(errors), coalesce(sum(timed), 0), total(dur_sum), max(dur_max),
        coalesce(sum(mem_n), 0), total(mem_sum), max(mem_max) FROM call_rollup WHERE s = ? AND bucket >= ? AND bucket < ?`,
      )
      .raw(true)
      .get(s, b0, b1) as Row;
    const head = from < b0 * CALL_BUCKET_MS ? (raw.get(s, from, b0 * CALL_BUCKET_MS) as Row) : EMPTY;
    const tail = b1 * CALL_BUCKET_MS < to ? (raw.get(s, b1 * CALL_BUCKET_MS, to) as Row) : EMPTY;
    r = add(add(head, whole), tail);
  }
  return {
    calls: r[0],
    errors: r[1],
    timed: r[2],
    durSum: r[3],
    durMax: r[4],
    memN: r[5],
    memSum: r[6],
    memMax: r[7],
  };
}

/** How many of a series' calls have a duration, over all time. */
export function timedCalls(ctx: QueryContext, s: number): number {
  return ctx.side('SELECT coalesce(sum(timed), 0) FROM call_rollup WHERE s = ?').pluck().get(s) as number;
}

/** Nearest rank: the 0-based position of the p-th percentile among n sorted values (ceil(p·n) in integers). */
export const rankOf = (p: number, n: number): number => Math.max(1, Math.floor((p * n + 99) / 100)) - 1;
