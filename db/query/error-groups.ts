import { summarizeException } from '../../common/error-fingerprint.ts';
import type { ErrorGroup, ErrorGroups } from '../api/types.ts';
import { quoteIdent } from '../source/contract.ts';
import { toText } from '../source/text.ts';
import type { QueryContext } from './query-context.ts';
import { resolveRange, type RangeInput } from './time-range.ts';

const SPARK_BUCKETS = 24;
/** Error rows read per answer at most; the answer says when the range held more. */
export const ERROR_ROWS_MAX = 200_000;
const ROWID_BATCH = 2000;

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
  for (let i = 0; i < rowIds.length; i += ROWID_BATCH)
    for (const [id, text, traceId] of read.all(JSON.stringify(rowIds.slice(i, i + ROWID_BATCH))) as [
      number,
      unknown,
      unknown,
    ][])
      texts.set(id, [toText(text), toText(traceId)]);
  return texts;
}

/**
 * Failing calls in a range grouped by the cause of their exception (type and message with the
 * varying parts masked): count, first and last seen, a sparkline, the functions it came from,
 * the latest traceback and the latest traces. Error rows come off the sidecar's partial
 * (ts) WHERE err = 1 index, one per call; their exception text from the user's file by rowid.
 */
export function queryErrorGroups(
  ctx: QueryContext,
  input: { range?: RangeInput; process?: string; limit?: number },
): ErrorGroups {
  const range = resolveRange(input.range ?? { preset: '24h' });
  const series = new Map(ctx.series().map((s) => [s.id, s.process]));
  const wanted =
    input.process === undefined
      ? null
      : new Set(
          ctx
            .series()
            .filter((s) => s.process === input.process)
            .map((s) => s.id),
        );
  const errRows = ctx
    .side('SELECT id, ts, s, call FROM rows WHERE err = 1 AND ts >= ? AND ts < ? ORDER BY ts DESC LIMIT ?')
    .raw(true)
    .all(range.from, range.to, ERROR_ROWS_MAX + 1) as [number, number, number, number | null][];
  const truncated = errRows.length > ERROR_ROWS_MAX;
  // One row per failing call (its latest): a call writes several rows, all marked as failed.
  const seenCalls = new Set<number>();
  const picked = errRows.slice(0, ERROR_ROWS_MAX).filter(([, , s, call]) => {
    if (wanted && !wanted.has(s)) return false;
    if (call === null) return true;
    if (seenCalls.has(call)) return false;
    seenCalls.add(call);
    return true;
  });
  const texts = exceptionTexts(
    ctx,
    picked.map((r) => r[0]),
  );
  const span = Math.max(1, range.to - range.from);
  const bucketMs = Math.ceil(span / SPARK_BUCKETS);
  const groups = new Map<string, ErrorGroup & { fns: Map<string, number> }>();
  for (const [id, ts, s] of picked) {
    const [text, traceId] = texts.get(id) ?? [null, null];
    const sum = summarizeException(text);
    let g = groups.get(sum.fingerprint);
    if (!g) {
      // Rows come newest first: the first one seen carries the latest traceback.
      g = {
        fingerprint: sum.fingerprint,
        type: sum.type,
        message: sum.message,
        count: 0,
        firstTs: ts,
        lastTs: ts,
        sparkline: new Array<number>(SPARK_BUCKETS).fill(0),
        processes: [],
        latestTraceback: text,
        latestRowId: id,
        traceIds: [],
        fns: new Map(),
      };
      groups.set(sum.fingerprint, g);
    }
    g.count++;
    g.firstTs = Math.min(g.firstTs, ts);
    const b = Math.floor((ts - range.from) / bucketMs);
    if (b >= 0 && b < SPARK_BUCKETS) g.sparkline[b]++;
    const fn = series.get(s) ?? '(unknown)';
    g.fns.set(fn, (g.fns.get(fn) ?? 0) + 1);
    if (traceId && g.traceIds.length < 10 && !g.traceIds.includes(traceId)) g.traceIds.push(traceId);
  }
  const list = [...groups.values()]
    .sort((a, b) => b.count - a.count || b.lastTs - a.lastTs)
    .slice(0, input.limit ?? 100)
    .map(({ fns, ...g }) => ({
      ...g,
      processes: [...fns.entries()].sort((a, b) => b[1] - a[1]).map(([process, calls]) => ({ process, calls })),
    }));
  return {
    range,
    bucketMs,
    failedCalls: picked.length,
    groupCount: groups.size,
    truncated,
    groups: list,
  };
}
