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

/** What each optional column turns on, said as what a file without it goes without (docs/contract.md). */
export const OPTIONAL_COLUMN_EFFECTS: Record<(typeof OPTIONAL_COLUMNS)[number], string> = {
  id: 'Nothing is lost: rows are read by their rowid instead.',
  trace_id:
    'No traces: rows cannot be grouped into requests, so there are no call trees, waterfalls or trace comparisons.',
  span_id: 'No call trees: a call cannot be found as the parent of another.',
  parent_span_id: 'No call trees: calls cannot be nested under the call that made them.',
  process_group: 'No process groups: the group chart and the group filter cannot split the rows.',
  duration_ms:
    'No durations: latency percentiles, histograms, heatmaps, slow-function alerts and waterfall bars are empty.',
  memory_delta: 'No memory figures in function statistics and row details.',
  source_file: "No source code: the Code Inspector cannot show a function's file.",
  source_line: "No line numbers: the Code Inspector cannot jump to a function's definition.",
};

/** What a file without the writer_status heartbeat table goes without. */
export const NO_WRITER_STATUS_EFFECT =
  "No heartbeat: the writer's state is inferred from file activity, and heartbeat silence alerts cannot fire.";
