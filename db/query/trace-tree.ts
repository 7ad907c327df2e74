import { InspectorError } from '../api/errors.ts';
import type { TraceNode, TraceRow, TraceTree } from '../api/types.ts';
import { fetchRows } from './fetch-rows.ts';
import type { QueryContext } from './query-context.ts';

/** A trace larger than this is cut (the tree says so): one response stays bounded. */
export const TREE_MAX_ROWS = 10_000;

interface CallRow { id: number; span: string | null; parent: string | null; ts: number; dur: number | null; err: number }

/**
 * One trace as a call tree: calls (rows sharing a span id) linked through parent_span_id, in
 * depth-first order with their depth. A parent that never arrived makes its child a root; a
 * cycle (a corrupt writer) is broken rather than followed.
 */
export function queryTraceTree(ctx: QueryContext, input: { traceId: string }): TraceTree {
  const trace = ctx.side('SELECT id FROM traces WHERE key = ?').pluck().get(input.traceId) as number | undefined;
  if (trace === undefined) throw new InspectorError('not-found', `No trace with id ${JSON.stringify(input.traceId.slice(0, 100))} in this database.`);
  const ids = ctx.side('SELECT id, call FROM rows WHERE trace = ? ORDER BY ts, id LIMIT ?').raw(true).all(trace, TREE_MAX_ROWS + 1) as [number, number][];
  const truncated = ids.length > TREE_MAX_ROWS;
  if (truncated) ids.length = TREE_MAX_ROWS;
  const rows = fetchRows(ctx, ids.map((r) => r[0]));
  const callOfRow = new Map(ids.map(([id, call]) => [id, call]));
  const calls = ctx.side('SELECT id, span, parent, ts, dur, err FROM calls WHERE trace = ? ORDER BY ts, id').all(trace) as CallRow[];

  const rowsByCall = new Map<number, TraceRow[]>();
  for (const r of rows) {
    const call = callOfRow.get(r.id)!;
    const list = rowsByCall.get(call);
    if (list) list.push(r);
    else rowsByCall.set(call, [r]);
  }
  const flat = calls.every((c) => c.span === null);
  const bySpan = new Map<string, CallRow>();
  for (const c of calls) if (c.span !== null) bySpan.set(c.span, c);
  const children = new Map<number, CallRow[]>();
  const roots: CallRow[] = [];
  for (const c of calls) {
    const parent = c.parent !== null ? bySpan.get(c.parent) : undefined;
    if (parent && parent !== c) {
      const list = children.get(parent.id);
      if (list) list.push(c);
      else children.set(parent.id, [c]);
    } else roots.push(c);
  }
  const start = calls.length ? Math.min(...calls.map((c) => c.ts)) : null;
  const nodes: TraceNode[] = [];
  const seen = new Set<number>();
  const visit = (c: CallRow, depth: number) => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    const own = rowsByCall.get(c.id) ?? [];
    if (own.length === 0 && truncated) return;
    nodes.push({
      spanId: c.span,
      parentSpanId: c.parent,
      process: own[0]?.process ?? '(unknown)',
      depth,
      startTs: c.ts,
      durationMs: c.dur,
      offsetMs: start === null ? null : c.ts - start,
      status: c.err ? 'ERROR' : 'OK',
      rows: own,
    });
    for (const child of children.get(c.id) ?? []) visit(child, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  // Calls only reachable through a cycle are still shown, as roots.
  for (const c of calls) visit(c, 0);
  const end = calls.length ? Math.max(...calls.map((c) => c.ts + (c.dur ?? 0))) : null;
  return {
    traceId: input.traceId,
    nodes,
    rowCount: rows.length,
    startTs: start,
    durationMs: start === null || end === null ? null : end - start,
    flat,
    truncated,
  };
}
