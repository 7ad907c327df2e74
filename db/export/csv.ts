// Rows as CSV (RFC 4180): a header line, CRLF line ends, fields quoted when they hold a quote,
// a comma, a line break or edge spaces, quotes doubled. Empty means NULL. Text a spreadsheet
// would run as a formula is neutralised (see formulaSafe).
import type { TraceRow } from '../api/types.ts';

export const CSV_COLUMNS = [
  'id',
  'timestamp',
  'process',
  'process_group',
  'data',
  'data_type',
  'data_value',
  'status',
  'exception',
  'trace_id',
  'span_id',
  'parent_span_id',
  'duration_ms',
  'memory_delta',
] as const;

/**
 * CSV injection (OWASP "CSV Injection"): a traced value like `=HYPERLINK(...)` or `@SUM(...)` opened
 * in Excel, LibreOffice or Sheets runs as a formula. Text cells starting with = + - @ tab or CR get
 * a leading `'`, which spreadsheets show as text. Numbers (id, duration_ms, memory_delta, typed by
 * the engine, never text from the traced app) are written as they are: `-5` is a number, not a formula.
 */
export function formulaSafe(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : formulaSafe(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(r: TraceRow): string {
  return (
    [
      r.id,
      r.timestamp,
      r.process,
      r.group,
      r.data,
      r.dataType,
      r.dataValue,
      r.status,
      r.exception,
      r.traceId,
      r.spanId,
      r.parentSpanId,
      r.durationMs,
      r.memoryDelta,
    ]
      .map(csvField)
      .join(',') + '\r\n'
  );
}
