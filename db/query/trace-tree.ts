import { InspectorError } from '../api/errors.ts';
import type { TraceNode, TraceRow, TraceTree } from '../api/types.ts';
import { spanTextSql, traceKey } from '../index/span-key.ts';
import { fetchRows } from './fetch-rows.ts';
import type { QueryContext } from './query-context.ts';
import { startShift } from './timestamp-convention.ts';

/** Calls per answer by default (and at most): a trace of a million calls comes a page at a time. */
export const TREE_PAGE_CALLS = 5_000;
/** Rows per answer: a page stops early at the call that would pass this, one call's rows are cut at it. */
export const TREE_MAX_ROWS = 10_000;

interface CallRow {
  id: number;
  span: string | null;
  parent: string | null;
  ts: number;
  dur: number | null;
  err: number;
  depth: number;
}

/**
 * Depth-first order, computed by SQLite: the recursive CTE's queue is ordered by depth (deepest
 * first), so a call's whole subtree comes out before its next sibling, siblings by (ts, id). A
 * call is a root when it has no parent call (calls.up: it has no parent, is its own parent, or its
 * parent never arrived: call-parents.ts); children come from the calls_trace_up index. The LIMIT inside the
 * CTE stops the walk after the page, so the first page of a 1M-call trace reads ~5,000 calls.
 * Calls in a parent cycle (a corrupt writer) are never reached from a root: see cycleCalls.
 */
const IS_ROOT = `c.trace = :trace AND c.up IS NULL`;
/**
 * A call's start: its time, less its duration when the file stamps calls as they end. Two texts,
 * not one with a parameter, so a start-stamped file's walk is the plain column SQLite always ran.
 */
const startOf = (shift: 0 | 1) => (shift ? '(c.ts - coalesce(c.dur, 0))' : 'c.ts');
const STEP = (START: string) => `
  SELECT c.id, c.span, c.parent, ${START}, c.dur, c.err, t.depth + 1 FROM tree t
    CROSS JOIN calls c ON c.trace = :trace AND c.up = t.id
  ORDER BY 7 DESC, 4, 1
  LIMIT :end`;
const WALK = (START: string) => `
WITH RECURSIVE tree(id, span, parent, ts, dur, err, depth) AS (
  SELECT c.id, c.span, c.parent, ${START}, c.dur, c.err, 0 FROM calls c WHERE ${IS_ROOT}
  UNION ALL ${STEP(START)}
)`;
/**
 * The walk resumed after a call (the `after` cursor): its queue starts as it stood when that call
 * came out, so a page deep in a big trace costs its own calls, not the ones before it. That is the
 * call's children, the later siblings of it and of each of its ancestors (:chain, from the call up
 * to its root, each with its parent call's id and its depth) and the later roots.
 */
const RESUME = (START: string) => `
WITH RECURSIVE chain(up, ts, id, depth, root) AS (
  SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(:chain)),
tree(id, span, parent, ts, dur, err, depth) AS (
  SELECT c.id, c.span, c.parent, ${START}, c.dur, c.err, :depth + 1 FROM calls c
    WHERE c.trace = :trace AND c.up = :after
  UNION ALL
  SELECT c.id, c.span, c.parent, ${START}, c.dur, c.err, a.depth FROM chain a
    CROSS JOIN calls c ON a.root = 0 AND c.trace = :trace AND c.up = a.up AND (${START}, c.id) > (a.ts, a.id)
  UNION ALL
  SELECT c.id, c.span, c.parent, ${START}, c.dur, c.err, 0 FROM calls c, chain a
    WHERE a.root = 1 AND ${IS_ROOT} AND (${START}, c.id) > (a.ts, a.id)
  UNION ALL ${STEP(START)}
)`;

/** A page of the walk as the API gives it: span ids decoded from their stored keys (span-key.ts). */
const TREE_OUT = `id, ${spanTextSql('span')} AS span, ${spanTextSql('parent')} AS parent, ts, dur, err, depth`;

/**
 * One trace as a call tree: calls (rows sharing a span id) linked through parent_span_id, in
 * depth-first order with their depth, one page at a time (`offset`, `limit`; `nextOffset` asks for
 * the next). A parent that never arrived makes its child a root; a cycle is broken rather than
 * followed, its calls listed after every call reachable from a root.
 */
export function queryTraceTree(
  ctx: QueryContext,
  input: { traceId: string; offset?: number; limit?: number; after?: number },
): TraceTree {
  const offset = input.offset ?? 0;
  const limit = Math.min(input.limit ?? TREE_PAGE_CALLS, TREE_PAGE_CALLS);
  const trace = ctx.side('SELECT id FROM traces WHERE key = ?').pluck().get(traceKey(input.traceId)) as
    number | undefined;
  if (trace === undefined)
    throw new InspectorError(
      'not-found',
      `No trace with id ${JSON.stringify(input.traceId.slice(0, 100))} in this database.`,
    );
  const shift = startShift(ctx);
  const params = { trace, traceKey: input.traceId };
  const summary = ctx
    .side(
      'SELECT count(*) AS n, min(ts - :shift * coalesce(dur, 0)) AS start, max(ts + (1 - :shift) * coalesce(dur, 0)) AS end, max(span IS NOT NULL) AS spans FROM calls WHERE trace = :trace',
    )
    .get({ trace, shift }) as { n: number; start: number | null; end: number | null; spans: number | null };

  const resume = input.after === undefined ? null : resumeFrom(ctx, { ...params, shift }, input.after);
  let page = resume
    ? (ctx
        .side(`${RESUME(startOf(shift))} SELECT ${TREE_OUT} FROM tree`)
        .all({ ...params, ...resume, end: limit }) as CallRow[])
    : (ctx
        .side(`${WALK(startOf(shift))} SELECT ${TREE_OUT} FROM tree LIMIT -1 OFFSET :offset`)
        .all({ ...params, end: offset + limit, offset }) as CallRow[]);
  if (page.length < limit && offset + page.length < summary.n) {
    // The walk from the roots ended before this page did: what is left sits in parent cycles.
    const reachable =
      page.length > 0 || offset === 0 || resume
        ? offset + page.length
        : (ctx
            .side(`${WALK(startOf(shift))} SELECT count(*) FROM tree`)
            .pluck()
            .get({ ...params, end: -1 }) as number);
    const from = Math.max(0, offset - reachable);
    page = page.concat(cycleCalls(ctx, { ...params, shift }).slice(from, from + limit - page.length));
  }

  const { nodes, rows, cut } = withRows(ctx, trace, page, summary.start);
  const next = offset + nodes.length;
  const last = nodes.length > 0 ? page[nodes.length - 1] : null;
  return {
    traceId: input.traceId,
    nodes,
    rowCount: rows,
    callCount: summary.n,
    offset,
    nextOffset: next < summary.n ? next : null,
    nextAfter: next < summary.n && last ? last.id : null,
    moreCalls: Math.max(0, summary.n - next),
    startTs: summary.start,
    durationMs: summary.start === null || summary.end === null ? null : summary.end - summary.start,
    flat: summary.n > 0 && !summary.spans,
    timestamps: shift ? 'end' : 'start',
    truncated: cut,
  };
}

/**
 * Where the walk stood when call `after` came out: the call and its depth, and its ancestors
 * (itself first) with their parent call and the key that orders their siblings. Null when the call is not in this trace
 * or sits in a parent cycle: the walk then counts from the start (offset).
 */
function resumeFrom(
  ctx: QueryContext,
  params: { trace: number; traceKey: string; shift: 0 | 1 },
  after: number,
): { after: number; depth: number; chain: string } | null {
  type Link = { id: number; up: number | null; ts: number; trace: number };
  const byId = ctx.side('SELECT id, up, ts - :shift * coalesce(dur, 0) AS ts, trace FROM calls WHERE id = :id');
  let c = byId.get({ id: after, shift: params.shift }) as Link | undefined;
  if (!c || c.trace !== params.trace) return null;
  const links: Link[] = [];
  const seen = new Set<number>();
  for (;;) {
    if (seen.has(c.id)) return null; // a cycle: never reached from a root
    seen.add(c.id);
    links.push(c);
    const up: Link | undefined =
      c.up === null ? undefined : (byId.get({ id: c.up, shift: params.shift }) as Link | undefined);
    if (!up) break;
    c = up;
  }
  const depth = links.length - 1;
  const chain = links.map((l, i) => [l.up, l.ts, l.id, depth - i, i === links.length - 1 ? 1 : 0]);
  return { after, depth, chain: JSON.stringify(chain) };
}

/**
 * The calls no root reaches (a cycle in parent ids, and whatever hangs below it), depth-first
 * the way the tree is: each not yet seen, in (ts, id) order, starts a tree of its own. Only a
 * corrupt trace has any, so they are read whole; iterative, so no depth overflows the stack.
 */
function cycleCalls(ctx: QueryContext, params: { trace: number; traceKey: string; shift: 0 | 1 }): CallRow[] {
  const calls = ctx
    .side(
      `${WALK(startOf(params.shift))} SELECT c.id, ${spanTextSql('c.span')} AS span, ${spanTextSql('c.parent')} AS parent, ${startOf(params.shift)} AS ts, c.dur, c.err, 0 AS depth FROM calls c WHERE c.trace = :trace AND c.id NOT IN (SELECT id FROM tree) ORDER BY 4, 1`,
    )
    .all({ trace: params.trace, traceKey: params.traceKey, end: -1 }) as CallRow[];
  const bySpan = new Map<string, CallRow>();
  for (const c of calls) if (c.span !== null) bySpan.set(c.span, c);
  const children = new Map<number, CallRow[]>();
  for (const c of calls) {
    const parent = c.parent !== null ? bySpan.get(c.parent) : undefined;
    if (!parent || parent === c) continue;
    const list = children.get(parent.id);
    if (list) list.push(c);
    else children.set(parent.id, [c]);
  }
  const out: CallRow[] = [];
  const seen = new Set<number>();
  for (const root of calls) {
    const stack: [CallRow, number][] = [[root, 0]];
    while (stack.length > 0) {
      const [c, depth] = stack.pop()!;
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push({ ...c, depth });
      const kids = children.get(c.id) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], depth + 1]);
    }
  }
  return out;
}

/** The page's calls with their rows, stopping at the call that would pass TREE_MAX_ROWS rows. */
function withRows(
  ctx: QueryContext,
  trace: number,
  page: CallRow[],
  start: number | null,
): { nodes: TraceNode[]; rows: number; cut: boolean } {
  const ids = JSON.stringify(page.map((c) => c.id));
  const counts = new Map(
    ctx
      .side('SELECT call, count(*) FROM rows WHERE call IN (SELECT value FROM json_each(?)) GROUP BY call')
      .raw(true)
      .all(ids) as [number, number][],
  );
  let budget = TREE_MAX_ROWS;
  let kept = 0;
  for (const c of page) {
    const n = counts.get(c.id) ?? 0;
    if (kept > 0 && n > budget) break;
    budget -= Math.min(n, budget);
    kept++;
  }
  const calls = page.slice(0, kept);
  const cut = kept > 0 && (counts.get(calls[0].id) ?? 0) > TREE_MAX_ROWS;
  const rowIds = ctx
    .side('SELECT id, call FROM rows WHERE call IN (SELECT value FROM json_each(?)) ORDER BY ts, id LIMIT ?')
    .raw(true)
    .all(JSON.stringify(calls.map((c) => c.id)), TREE_MAX_ROWS) as [number, number][];
  const callOfRow = new Map(rowIds);
  const rowsByCall = new Map<number, TraceRow[]>();
  const rows = fetchRows(
    ctx,
    rowIds.map((r) => r[0]),
  );
  for (const r of rows) {
    const call = callOfRow.get(r.id)!;
    const list = rowsByCall.get(call);
    if (list) list.push(r);
    else rowsByCall.set(call, [r]);
  }
  const nodes = calls.map((c): TraceNode => {
    const own = rowsByCall.get(c.id) ?? [];
    return {
      spanId: c.span,
      parentSpanId: c.parent,
      process: own[0]?.process ?? '(unknown)',
      depth: c.depth,
      startTs: c.ts,
      durationMs: c.dur,
      offsetMs: start === null ? null : c.ts - start,
      status: c.err ? 'ERROR' : 'OK',
      rows: own,
    };
  });
  return { nodes, rows: rows.length, cut };
}
