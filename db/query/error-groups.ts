import { summarizeException } from '../../common/error-fingerprint.ts';
import type { ErrorGroup, ErrorGroups } from '../api/types.ts';
import { allByRowid } from '../source/by-rowid.ts';
import { quoteIdent } from '../source/contract.ts';
import { ERROR_TIERS_MS } from '../index/sidecar-schema.ts';
import { toText } from '../source/text.ts';
import type { QueryContext } from './query-context.ts';
import { resolveRange, type RangeInput } from './time-range.ts';

const SPARK_BUCKETS = 24;
/** A group's latest failing calls looked at for its latest distinct traces. */
const LATEST_CALLS = 30;
const TRACES_MAX = 10;

/** Exception text and trace id of rows of the user's file, read by rowid in batches. */
function exceptionTexts(ctx: QueryContext, rowIds: number[]): Map<number, [string | null, string | null]> {
  const exc = ctx.schema.columns.exception;
  const trace = ctx.schema.columns.trace_id;
  const texts = new Map<number, [string | null, string | null]>();
  const read = ctx
    .src(
      `SELECT rowid, ${exc ? quoteIdent(exc) : 'NULL'}, ${trace ? quoteIdent(trace) : 'NULL'} FROM ${quoteIdent(ctx.schema.table)} WHERE rowid IN (SELECT value FROM json_each(?))`,
    )
    .raw(true);
  for (const [id, text, traceId] of allByRowid<[number, unknown, unknown]>(read, rowIds))
    texts.set(id, [toText(text), toText(traceId)]);
  return texts;
}

/**
 * Each shown group's latest traceback, message and latest distinct traces, from its latest
 * failing calls (in the range, of the function asked for), newest first.
 */
function withLatest(
  ctx: QueryContext,
  shown: (Omit<ErrorGroup, 'processes'> & { g: number })[],
  args: Record<string, unknown>,
  only: string,
): void {
  const latestOf = ctx
    .side(
      `SELECT row FROM error_calls INDEXED BY error_calls_g_ts WHERE g = @g AND ts >= @from AND ts < @to${only}
        ORDER BY ts DESC, row DESC LIMIT ${LATEST_CALLS}`,
    )
    .pluck();
  const latest = new Map(shown.map((x) => [x.g, latestOf.all({ ...args, g: x.g }) as number[]]));
  const texts = exceptionTexts(ctx, [...latest.values()].flat());
  for (const group of shown) {
    const rows = latest.get(group.g)!;
    const [text] = texts.get(rows[0]) ?? [null, null];
    group.latestRowId = rows[0];
    group.latestTraceback = text;
    // The message as the latest call wrote it (the fingerprint masks what varies).
    group.message = summarizeException(text).message;
    for (const row of rows) {
      const traceId = texts.get(row)?.[1];
      if (traceId && group.traceIds.length < TRACES_MAX && !group.traceIds.includes(traceId))
        group.traceIds.push(traceId);
    }
  }
}

/** Failing calls of a group and series: how many, first and last seen. */
type Tally = (g: number, s: number, n: number, first: number, last: number) => void;

/**
 * Each sparkline bar's failing calls, exact: whole hours of error_rollup, then whole minutes,
 * then error_calls for the minutes a bar's edge cuts (version 16: at 100M rows grouping every
 * failing call of the file took 978 ms). `bars` ascending, bar i is [bars[i], bars[i + 1]).
 */
function tallyBars(
  ctx: QueryContext,
  bars: number[],
  only: string,
  args: Record<string, unknown>,
  tally: (bar: number) => Tally,
): void {
  const rolled = ctx
    .side(`SELECT g, s, n, first, last FROM error_rollup WHERE tier = @tier AND bucket >= @b0 AND bucket < @b1${only}`)
    .raw(true);
  const raw = ctx
    .side(`SELECT g, s, ts FROM error_calls INDEXED BY error_calls_ts WHERE ts >= @lo AND ts < @hi${only}`)
    .raw(true);
  const cover = (lo: number, hi: number, tier: number, add: Tally): void => {
    if (lo >= hi) return;
    if (tier < 0) {
      for (const [g, s, ts] of raw.all({ ...args, lo, hi }) as [number, number, number][]) add(g, s, 1, ts, ts);
      return;
    }
    const w = ERROR_TIERS_MS[tier];
    const a = Math.ceil(lo / w);
    const b = Math.floor(hi / w);
    if (a >= b) return cover(lo, hi, tier - 1, add);
    for (const r of rolled.all({ ...args, tier, b0: a, b1: b }) as [number, number, number, number, number][])
      add(...r);
    cover(lo, a * w, tier - 1, add);
    cover(b * w, hi, tier - 1, add);
  };
  for (let i = 0; i + 1 < bars.length; i++) cover(bars[i], bars[i + 1], ERROR_TIERS_MS.length - 1, tally(i));
}

/**
 * Failing calls in a range grouped by the cause of their exception (type and message with the
 * varying parts masked): count, first and last seen, a sparkline, the functions it came from,
 * the latest traceback and the latest traces. The index keeps each failing call once, under its
 * latest error row, with its fingerprint (error_calls, db/index/error-index.ts), counted per hour
 * and minute in error_rollup: each sparkline bar sums its whole hours and minutes (tallyBars),
 * and only the groups shown read rows of the user's file (their latest calls' tracebacks and
 * trace ids). Reading every error's traceback took 2,241 ms over a 10M-row file.
 */
export function queryErrorGroups(
  ctx: QueryContext,
  input: { range?: RangeInput; process?: string; limit?: number },
): ErrorGroups {
  const range = resolveRange(input.range ?? { preset: '24h' });
  const names = new Map(ctx.series().map((s) => [s.id, s.process]));
  const ids = ctx
    .series()
    .filter((s) => input.process === undefined || s.process === input.process)
    .map((s) => s.id);
  // "All functions" needs no filter; one function is the few series it has.
  const only = input.process === undefined ? '' : ' AND s IN (SELECT value FROM json_each(@ids))';
  const args = { from: range.from, to: range.to, ids: JSON.stringify(ids) };
  const span = Math.max(1, range.to - range.from);
  const bucketMs = Math.ceil(span / SPARK_BUCKETS);
  type Group = Omit<ErrorGroup, 'processes'> & { g: number; fns: Map<string, number> };
  const groups = new Map<number, Group>();
  const fp = ctx.side('SELECT fingerprint, type, message FROM error_groups WHERE id = ?').raw(true);
  let failedCalls = 0;
  const tally =
    (bar: number): Tally =>
    (g, s, n, first, last) => {
      let group = groups.get(g);
      if (!group) {
        const [fingerprint, type, message] = fp.get(g) as [string, string, string];
        group = {
          g,
          fingerprint,
          type,
          message,
          count: 0,
          firstTs: first,
          lastTs: last,
          sparkline: new Array<number>(SPARK_BUCKETS).fill(0),
          latestTraceback: null,
          latestRowId: 0,
          traceIds: [],
          fns: new Map(),
        };
        groups.set(g, group);
      }
      group.count += n;
      group.sparkline[bar] += n;
      failedCalls += n;
      group.firstTs = Math.min(group.firstTs, first);
      group.lastTs = Math.max(group.lastTs, last);
      const fn = names.get(s) ?? '(unknown)';
      group.fns.set(fn, (group.fns.get(fn) ?? 0) + n);
    };
  // Bar i holds min(SPARK_BUCKETS - 1, ⌊(ts − from) / bucketMs⌋): the last runs to the range's end.
  const bars = Array.from({ length: SPARK_BUCKETS }, (_, i) => Math.min(range.to, range.from + i * bucketMs));
  tallyBars(ctx, [...bars, range.to], only, args, tally);
  const shown = [...groups.values()]
    .sort((a, b) => b.count - a.count || b.lastTs - a.lastTs)
    .slice(0, input.limit ?? 100);
  withLatest(ctx, shown, args, only);
  return {
    range,
    bucketMs,
    failedCalls,
    groupCount: groups.size,
    truncated: false,
    groups: shown.map(({ g: _g, fns, ...group }) => ({
      ...group,
      processes: [...fns.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([process, calls]) => ({ process, calls })),
    })),
  };
}
