import type { TraceRow, ColumnMap } from '../api/types.ts';
import { quoteIdent } from '../source/contract.ts';
import { normalizeStatus } from '../source/status.ts';
import { toNumber, toText } from '../source/text.ts';
import { toEpochMs } from '../source/timestamp.ts';
import type Database from 'better-sqlite3';

/** Anything that can run a cached statement on the source: a query worker's context or the indexer. */
export interface RowSource {
  readonly schema: ColumnMap;
  src(sql: string): Database.Statement;
}

/** How much of a value a list carries; the `row` operation returns it whole (values can be megabytes). */
export const LIST_VALUE_CHARS = 2000;
export const LIST_EXCEPTION_CHARS = 8000;

function selectSql(ctx: RowSource, full: boolean): string {
  const c = ctx.schema.columns;
  const col = (name: string) => (c[name] ? quoteIdent(c[name]) : 'NULL');
  const cut = (name: string, n: number) => (full ? col(name) : `substr(${col(name)}, 1, ${n})`);
  return `SELECT rowid, ${col('process')}, ${col('data')}, ${col('data_type')}, ${cut('data_value', LIST_VALUE_CHARS)},
    length(${col('data_value')}), ${col('timestamp')}, ${col('status')}, ${cut('exception', LIST_EXCEPTION_CHARS)}, length(${col('exception')}),
    ${col('trace_id')}, ${col('span_id')}, ${col('parent_span_id')}, ${col('process_group')}, ${col('duration_ms')}, ${col('memory_delta')}
    FROM ${quoteIdent(ctx.schema.table)} WHERE rowid IN (SELECT value FROM json_each(?))`;
}

export function toTraceRow(r: unknown[], full = false): TraceRow {
  const [id, process, data, type, value, valueLen, ts, status, exc, excLen, trace, span, parent, group, dur, mem] = r;
  const dataValue = toText(value);
  const exception = toText(exc);
  const statusRaw = toText(status);
  const valueLength = Number(valueLen ?? 0);
  return {
    id: Number(id),
    process: toText(process) ?? '(unknown)',
    data: toText(data),
    dataType: toText(type),
    dataValue,
    valueLength,
    // substr() and length() count characters (bytes for a BLOB), a JS string UTF-16 units: an
    // emoji is 1 to SQLite and 2 here, so compare SQLite's length with the cut, not with .length.
    valueTruncated: !full && dataValue !== null && valueLength > LIST_VALUE_CHARS,
    timestamp: toText(ts),
    ts: toEpochMs(ts),
    status: normalizeStatus(statusRaw, exception),
    statusRaw,
    exception,
    exceptionTruncated: !full && exception !== null && Number(excLen ?? 0) > LIST_EXCEPTION_CHARS,
    traceId: toText(trace),
    spanId: toText(span),
    parentSpanId: toText(parent),
    group: toText(group),
    durationMs: toNumber(dur),
    memoryDelta: toNumber(mem),
  };
}

/**
 * Full rows from the user's file by rowid, in the order asked. One statement, one short read
 * transaction. Rows deleted from the source since they were indexed are simply absent.
 */
export function fetchRows(ctx: RowSource, ids: number[], opts: { full?: boolean } = {}): TraceRow[] {
  if (ids.length === 0) return [];
  const raw = ctx
    .src(selectSql(ctx, opts.full ?? false))
    .raw(true)
    .all(JSON.stringify(ids)) as unknown[][];
  const byId = new Map(raw.map((r) => [Number(r[0]), r]));
  const out: TraceRow[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (r) out.push(toTraceRow(r, opts.full ?? false));
  }
  return out;
}
