import { endianness } from 'node:os';
import { decodeDurationsInto } from '../index/call-durations.ts';
import { CALL_BUCKET_MS } from '../index/sidecar-schema.ts';
import { intervalOf } from './bin-counts.ts';
import type { Statement } from 'better-sqlite3';
import type { QueryContext } from './query-context.ts';

/** An interval's timed-call durations as ascending runs (their union, in no order), and how many. */
export interface SortedRuns {
  runs: Float64Array[];
  n: number;
}

/** The same with the interval's calls (timed or not) and failing calls, when asked for. */
export interface CountedRuns extends SortedRuns {
  calls: number;
  errors: number;
}

/** A call_durs blob as a Float64Array: a view when SQLite's copy is 8-byte aligned (usually), else a copy. */
function runOf(blob: Buffer): Float64Array {
  const n = blob.length >>> 3;
  if (LITTLE_ENDIAN && blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, n);
  const out = new Float64Array(n);
  decodeDurationsInto(blob, out, 0);
  return out;
}
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * The durations of the timed calls of `series` in each interval [bounds[i], bounds[i + 1]),
 * exact, as ascending runs (to be ranked by sorted-runs.ts): the minutes wholly inside an interval
 * are their call_durs blobs as they are (the busiest function of a 10M-row file over 24 h: 1,440
 * blobs instead of ~310k durations read one by one), the minutes an interval's edge cuts through
 * are read off calls_s_ts and sorted. `bounds` ascending.
 */
export function sortedRunsByInterval(
  ctx: QueryContext,
  series: number[],
  bounds: number[],
  withCounts = false,
): CountedRuns[] {
  const intervals = bounds.length - 1;
  if (intervals < 1) return [];
  const from = bounds[0];
  const to = bounds[intervals];
  // A minute comes from call_durs when it lies wholly inside one interval.
  const whole = (m: number) => {
    const i = intervalOf(bounds, m * CALL_BUCKET_MS);
    return i >= 0 && (m + 1) * CALL_BUCKET_MS <= bounds[i + 1] ? i : -1;
  };
  const out = Array.from({ length: intervals }, (): CountedRuns => ({ runs: [], n: 0, calls: 0, errors: 0 }));
  const loose = Array.from({ length: intervals }, () => [] as number[]);
  const minutes = ctx.side('SELECT bucket, durs FROM call_durs WHERE s = ? AND bucket >= ? AND bucket < ?').raw(true);
  // The cut minutes' calls are read once, untimed ones too when the counts are asked for (the 24 h
  // history's 49 cut minutes were read again per bucket for its counts: ~27 ms of ~100 at 3M calls).
  const raw = ctx
    .side(
      `SELECT ts, dur, err FROM calls INDEXED BY calls_s_ts WHERE s = ? AND ts >= ? AND ts < ?${withCounts ? '' : ' AND dur IS NOT NULL'}`,
    )
    .raw(true);
  const rollup = ctx
    .side('SELECT bucket, calls, errors FROM call_rollup WHERE s = ? AND bucket >= ? AND bucket < ?')
    .raw(true);
  const partial = cutMinutes(bounds, whole);
  const add = (i: number, run: Float64Array, calls: number, errors: number) => {
    if (run.length > 0) out[i].runs.push(run);
    out[i].n += run.length;
    out[i].calls += calls;
    out[i].errors += errors;
  };
  const [b0, b1] = [Math.ceil(from / CALL_BUCKET_MS), Math.floor(to / CALL_BUCKET_MS)];
  for (const s of series) {
    // The cut minutes' own blobs and rollup rows, for reading only the smaller side of a cut.
    const blobOf = new Map<number, Float64Array>();
    const rolledOf = new Map<number, [number, number]>();
    for (const [m, durs] of minutes.all(s, b0, b1) as [number, Buffer][]) {
      const i = whole(m);
      if (i >= 0) add(i, runOf(durs), 0, 0);
      else blobOf.set(m, runOf(durs));
    }
    if (withCounts)
      for (const [m, calls, errors] of rollup.all(s, b0, b1) as [number, number, number][]) {
        const i = whole(m);
        if (i >= 0) add(i, EMPTY, calls, errors);
        else rolledOf.set(m, [calls, errors]);
      }
    for (const m of partial) {
      const a = m * CALL_BUCKET_MS;
      const z = a + CALL_BUCKET_MS;
      const inner = bounds.filter((b) => b > a && b < z);
      // A minute inside the range cut by one bound: its smaller side is read, the other is the
      // minute's blob and rollup row less it (the history's 47 inner cuts read ~1/4 of a minute
      // each instead of all of it).
      if (a >= from && z <= to && inner.length === 1 && (!withCounts || rolledOf.has(m))) {
        const b = inner[0];
        const [lo, hi, rest] = b - a <= z - b ? [a, b, b] : [b, z, a];
        const small = readCalls(raw, s, lo, hi);
        const others = without(blobOf.get(m) ?? EMPTY, small.durs);
        const [calls, errors] = rolledOf.get(m) ?? [0, 0];
        // A writer between these reads (they share no transaction) can make them disagree: then read it all.
        if (others && (!withCounts || (calls >= small.calls && errors >= small.errors))) {
          add(intervalOf(bounds, lo), small.durs, small.calls, small.errors);
          add(intervalOf(bounds, rest), others, calls - small.calls, errors - small.errors);
          continue;
        }
      }
      const lo = Math.max(from, a);
      const hi = Math.min(to, z);
      for (const [ts, dur, err] of raw.all(s, lo, hi) as [number, number | null, number][]) {
        const i = intervalOf(bounds, ts);
        if (dur !== null) loose[i].push(dur);
        out[i].calls++;
        out[i].errors += err;
      }
    }
  }
  loose.forEach((l, i) => {
    if (l.length === 0) return;
    out[i].runs.push(Float64Array.from(l).sort());
    out[i].n += l.length;
  });
  return out;
}

const EMPTY = new Float64Array(0);

/** The timed durations (sorted), calls and failing calls of series `s` in [lo, hi), off calls_s_ts. */
function readCalls(raw: Statement, s: number, lo: number, hi: number) {
  const durs: number[] = [];
  let calls = 0;
  let errors = 0;
  for (const [, dur, err] of raw.all(s, lo, hi) as [number, number | null, number][]) {
    if (dur !== null) durs.push(dur);
    calls++;
    errors += err;
  }
  return { durs: Float64Array.from(durs).sort(), calls, errors };
}

/** The minutes holding an interval's bound that are not wholly inside one interval, ascending. */
function cutMinutes(bounds: number[], whole: (m: number) => number): number[] {
  const m0 = Math.floor(bounds[0] / CALL_BUCKET_MS);
  const m1 = Math.ceil(bounds[bounds.length - 1] / CALL_BUCKET_MS);
  const cut = new Set<number>();
  for (let i = 0; i + 1 < bounds.length; i++) {
    cut.add(Math.floor(bounds[i] / CALL_BUCKET_MS));
    cut.add(Math.ceil(bounds[i + 1] / CALL_BUCKET_MS) - 1);
  }
  return [...cut].filter((m) => m >= m0 && m < m1 && whole(m) < 0).sort((a, b) => a - b);
}

/** The ascending run `all` less the values of the ascending run `some` (a sub-multiset of it), or null if it is not one. */
function without(all: Float64Array, some: Float64Array): Float64Array | null {
  if (some.length > all.length) return null;
  const out = new Float64Array(all.length - some.length);
  let j = 0;
  let k = 0;
  for (const x of all) {
    if (j < some.length && x === some[j]) j++;
    else if (j < some.length && x > some[j]) return null;
    else if (k < out.length) out[k++] = x;
    else return null;
  }
  return j === some.length ? out : null;
}

/** The same durations copied into one array per interval, in no particular order. */
export function durationsByInterval(ctx: QueryContext, series: number[], bounds: number[]): Float64Array[] {
  return sortedRunsByInterval(ctx, series, bounds).map(({ runs, n }) => {
    const all = new Float64Array(n);
    let at = 0;
    for (const r of runs) {
      all.set(r, at);
      at += r.length;
    }
    return all;
  });
}
