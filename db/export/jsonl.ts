// Rows as JSON Lines: one object per line, the row as the API returns it (without the list's
// truncation flags: exported values are whole).
import type { TraceRow } from '../api/types.ts';

export function jsonLine(r: TraceRow): string {
  return `${JSON.stringify({
    id: r.id,
    timestamp: r.timestamp,
    ts: r.ts,
    process: r.process,
    group: r.group,
    data: r.data,
    dataType: r.dataType,
    dataValue: r.dataValue,
    status: r.status,
    exception: r.exception,
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    durationMs: r.durationMs,
    memoryDelta: r.memoryDelta,
  })}\n`;
}
