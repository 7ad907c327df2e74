// The data_trace contract (docs/contract.md): required and optional columns, matched
// case-insensitively against what the file has.

export const TRACE_TABLE = 'data_trace';
export const REQUIRED_COLUMNS = [
  'process',
  'data',
  'data_type',
  'data_value',
  'timestamp',
  'status',
  'exception',
] as const;
export const OPTIONAL_COLUMNS = [
  'id',
  'trace_id',
  'span_id',
  'parent_span_id',
  'process_group',
  'duration_ms',
  'memory_delta',
  'source_file',
  'source_line',
] as const;
export const WRITER_STATUS_TABLE = 'writer_status';
export const WRITER_STATUS_COLUMNS = ['timestamp', 'queue_depth', 'status'] as const;

/** A SQL identifier quoted so that any name found in the file (quotes, spaces, unicode) is safe. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
