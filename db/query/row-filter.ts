// The Trace Explorer's filter, resolved against the sidecar: process filters become a set of
// series ids, a variable name and a trace id become their interned ids, status and duration stay
// values. What is left is turned into SQL predicates on `rows` with bound parameters only; the
// "contains" filters are checked against the user's file by contains-scan.ts.
import { traceKey } from '../index/span-key.ts';
import type { QueryContext } from './query-context.ts';
import { seriesFilter } from './series-filter.ts';
import type { RangeInput } from './time-range.ts';

/** A trace's rows, as a condition on `rows` with the trace's id bound: its calls' rows (rows hold no trace since sidecar version 8). */
export const TRACE_ROWS = 'rows.call IN (SELECT id FROM calls WHERE trace = ?)';
/**
 * A row's call duration: its call's (rows hold no duration since sidecar version 11). A query that
 * walks calls_dur joins the call and tests its column instead (`predicates`' durSql).
 */
export const ROW_DUR = '(SELECT rc.dur FROM calls rc WHERE rc.id = rows.call)';

export interface TraceFilter {
  range?: RangeInput;
  groups?: (string | null)[];
  errorsOnly?: boolean;
  /** Process names containing this (case-insensitive). */
  search?: string;
  /** Only these processes (exact names). */
  processes?: string[];
  /** Never these processes (exact names): "not this process". */
  excludeProcesses?: string[];
  /** The variable name (the `data` column), exact. */
  data?: string;
  traceId?: string;
  status?: 'OK' | 'ERROR';
  /** The row's call duration, inclusive bounds. */
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Substrings of data_value / exception (ASCII case-insensitive, no wildcards). */
  valueContains?: string;
  exceptionContains?: string;
}

/** A filter resolved to ids; `empty` when nothing can match (an unknown name, OK and errors only…). */
export interface RowPlan {
  empty: boolean;
  set: Set<number> | null;
  err: 0 | 1 | null;
  d: number | null;
  trace: number | null;
  minDur: number | null;
  maxDur: number | null;
  value: string | null;
  exception: string | null;
}

/** The key a cursor carries, so it is refused with other filters. */
export function filterKey(f: TraceFilter): string {
  return JSON.stringify([
    f.range ?? null,
    f.groups ?? null,
    f.errorsOnly ?? false,
    f.search ?? '',
    f.processes ?? null,
    f.excludeProcesses ?? null,
    f.data ?? null,
    f.traceId ?? null,
    f.status ?? null,
    f.minDurationMs ?? null,
    f.maxDurationMs ?? null,
    f.valueContains ?? null,
    f.exceptionContains ?? null,
  ]);
}

/** SQLite's lower() folds ASCII only: fold the needle the same way, so "É" still finds "É". */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function planFilter(ctx: QueryContext, f: TraceFilter): RowPlan {
  const plan: RowPlan = {
    empty: false,
    set: null,
    err: null,
    d: null,
    trace: null,
    minDur: f.minDurationMs ?? null,
    maxDur: f.maxDurationMs ?? null,
    value: f.valueContains ? foldAscii(f.valueContains) : null,
    exception: f.exceptionContains ? foldAscii(f.exceptionContains) : null,
  };
  plan.set = seriesFilter(ctx, f);
  if (f.excludeProcesses?.length) {
    const out = new Set(f.excludeProcesses);
    const keep = new Set<number>();
    for (const s of ctx.series()) if (!out.has(s.process) && (!plan.set || plan.set.has(s.id))) keep.add(s.id);
    plan.set = keep;
  }
  if (plan.set && plan.set.size === 0) plan.empty = true;
  const wantErr = f.errorsOnly || f.status === 'ERROR';
  if (wantErr && f.status === 'OK') plan.empty = true;
  plan.err = wantErr ? 1 : f.status === 'OK' ? 0 : null;
  if (f.data !== undefined) {
    const d = ctx.side('SELECT id FROM names WHERE name = ?').pluck().get(f.data) as number | undefined;
    if (d === undefined) plan.empty = true;
    else plan.d = d;
  }
  if (f.traceId !== undefined) {
    const t = ctx.side('SELECT id FROM traces WHERE key = ?').pluck().get(traceKey(f.traceId)) as number | undefined;
    if (t === undefined) plan.empty = true;
    else plan.trace = t;
  }
  if (plan.minDur !== null && plan.maxDur !== null && plan.minDur > plan.maxDur) plan.empty = true;
  return plan;
}

/** Filters the rollups cannot count: anything beyond series, status and time. */
export function needsRowScan(p: RowPlan): boolean {
  return (
    p.d !== null ||
    p.trace !== null ||
    p.minDur !== null ||
    p.maxDur !== null ||
    p.value !== null ||
    p.exception !== null
  );
}

export function hasContains(p: RowPlan): boolean {
  return p.value !== null || p.exception !== null;
}

export interface Predicates {
  sql: string;
  args: unknown[];
}

/**
 * The plan's conditions on `rows` as " AND …" with bound values, every column named `rows.` (a
 * duration walk joins calls, which has s, ts and err too). `skip` leaves out the one a query
 * already uses as its index key; `durSql` is the duration the bounds test. The status is a
 * literal so SQLite can use the partial error indexes; "+s" keeps the series test off the index choice.
 */
export function predicates(
  p: RowPlan,
  skip: 'd' | 'trace' | 'series' | null = null,
  durSql: string = ROW_DUR,
): Predicates {
  let sql = '';
  const args: unknown[] = [];
  if (p.err !== null) sql += ` AND rows.err = ${p.err}`;
  if (p.d !== null && skip !== 'd') {
    sql += ' AND rows.d = ?';
    args.push(p.d);
  }
  if (p.trace !== null && skip !== 'trace') {
    sql += ` AND ${TRACE_ROWS}`;
    args.push(p.trace);
  }
  if (p.minDur !== null && p.maxDur !== null) {
    // One test, so the call is looked up once per row (BETWEEN evaluates its left side once).
    sql += ` AND ${durSql} BETWEEN ? AND ?`;
    args.push(p.minDur, p.maxDur);
  } else if (p.minDur !== null) {
    sql += ` AND ${durSql} >= ?`;
    args.push(p.minDur);
  } else if (p.maxDur !== null) {
    sql += ` AND ${durSql} <= ?`;
    args.push(p.maxDur);
  }
  if (p.set && skip !== 'series') {
    sql += ' AND +rows.s IN (SELECT value FROM json_each(?))';
    args.push(JSON.stringify([...p.set]));
  }
  return { sql, args };
}
