// Rows as CSV (RFC 4180): a header line, CRLF line ends, fields quoted when they hold a quote,
// a comma, a line break or edge spaces, quotes doubled. Empty means NULL.
import type { TraceRow } from '../api/types.ts';

export const CSV_COLUMNS = [
  'id', 'timestamp', 'process', 'process_group', 'data', 'data_type', 'data_value', 'status', 'exception',
  'trace_id', 'span_id', 'parent_span_id', 'duration_ms', 'memory_delta',
] as const;

export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(r: TraceRow): string {
  return [r.id, r.timestamp, r.process, r.group, r.data, r.dataType, r.dataValue, r.status, r.exception, r.traceId, r.spanId, r.parentSpanId, r.durationMs, r.memoryDelta]
    .map(csvField).join(',') + '\r\n';
}
