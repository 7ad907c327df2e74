// Rows and pages for the explorer's logic tests: a fake `traces` over an in-memory list that
// honours limit, cursor and offset the way the engine does.
import type { ApiResult, TraceRow, TracesPage, TraceTree } from '../../../db/api/inspector-api.ts';
import type { PageRequest } from '../../../renderer/explorer/row-window.ts';

export function row(id: number, extra: Partial<TraceRow> = {}): TraceRow {
  return {
    id,
    process: `fn.${id % 5}`,
    data: 'x',
    dataType: 'int',
    dataValue: String(id),
    valueLength: String(id).length,
    valueTruncated: false,
    timestamp: null,
    ts: 1_000_000 - id,
    status: 'OK',
    statusRaw: 'OK',
    exception: null,
    exceptionTruncated: false,
    traceId: `t${Math.floor(id / 10)}`,
    spanId: null,
    parentSpanId: null,
    group: 'g',
    durationMs: null,
    memoryDelta: null,
    ...extra,
  };
}

export function fakePages(total: number) {
  // Rows are made on demand: a 10M-row list costs nothing until a page is asked for.
  const at = (i: number) => row(total - i);
  const slice = (a: number, b = total) =>
    Array.from({ length: Math.max(0, Math.min(b, total) - a) }, (_, k) => at(a + k));
  const calls: PageRequest[] = [];
  const fetch = async (req: PageRequest): Promise<ApiResult<TracesPage>> => {
    calls.push(req);
    const start = req.cursor ? Number(req.cursor) : (req.offset ?? 0);
    const page = slice(start, start + req.limit);
    const end = start + page.length;
    return {
      ok: true,
      value: { rows: page, nextCursor: page.length === req.limit && end < total ? String(end) : null },
    };
  };
  return { rows: { at, slice }, calls, fetch };
}

export function tree(
  traceId: string,
  spec: [span: string, depth: number, offset: number, dur: number | null, ids: number[], status?: 'OK' | 'ERROR'][],
): TraceTree {
  return {
    traceId,
    nodes: spec.map(([span, depth, offset, dur, ids, status]) => ({
      spanId: span,
      parentSpanId: null,
      process: `call.${span}`,
      depth,
      startTs: 1000 + offset,
      durationMs: dur,
      offsetMs: offset,
      status: status ?? 'OK',
      rows: ids.map((id) => row(id, { traceId, spanId: span })),
    })),
    rowCount: spec.reduce((n, s) => n + s[4].length, 0),
    callCount: spec.length,
    offset: 0,
    nextOffset: null,
    nextAfter: null,
    moreCalls: 0,
    startTs: 1000,
    durationMs: Math.max(...spec.map(([, , o, d]) => o + (d ?? 0))),
    flat: false,
    truncated: false,
    timestamps: 'start',
  };
}
