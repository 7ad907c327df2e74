// The SQL console's friendly schema (docs/sql.md): TEMP views over the sidecar index (attached
// read-only as `idx`) joined to the user's table (`main`). Names a developer would guess (start_ms,
// duration_ms, error, process), epoch-ms times with an ISO copy beside them, and the sidecar's
// indexes underneath, so "slowest calls of X in the last hour" is a range scan of calls_s_ts.
// TEMP views are searched first: a table of the user's named `calls` stays reachable as main.calls.
import type { ColumnMap } from '../api/types.ts';
import { spanTextSql, traceTextSql } from '../index/span-key.ts';
import { quoteIdent } from '../source/contract.ts';

/** ISO-8601 UTC text with milliseconds of an epoch-ms column. */
const iso = (ms: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${ms} / 1000.0, 'unixepoch')`;

/** Each view's columns, in order, with what they mean: the docs, the completion list and the DDL agree. */
export const VIEW_COLUMNS = {
  calls: [
    'call_id',
    'start_ms',
    'end_ms',
    'duration_ms',
    'error',
    'process',
    'process_group',
    'trace_id',
    'span_id',
    'parent_span_id',
    'memory_delta',
    'start_time',
  ],
  rows: [
    'id',
    'ts_ms',
    'time',
    'error',
    'process',
    'process_group',
    'trace_id',
    'call_id',
    'data',
    'data_type',
    'data_value',
    'status',
    'exception',
    'duration_ms',
    'memory_delta',
  ],
  functions: ['process', 'process_group', 'source_file', 'source_line', 'rows'],
  stale_runs: ['process', 'data', 'run_len', 'value_type', 'sample', 'run_start_id', 'last_id', 'last_ms', 'last_time'],
  heartbeats: ['id', 'ts_ms', 'time', 'queue_depth', 'status'],
} as const;

export type ViewName = keyof typeof VIEW_COLUMNS;

/** The CREATE TEMP VIEW statements for a file with these columns. */
export function viewStatements(schema: ColumnMap): string[] {
  const c = schema.columns;
  const col = (name: string) => (c[name] ? `d.${quoteIdent(c[name])}` : 'NULL');
  const table = `main.${quoteIdent(schema.table)}`;
  return [
    `CREATE TEMP VIEW calls AS SELECT c.id AS call_id, c.ts AS start_ms, c.ts + c.dur AS end_ms, c.dur AS duration_ms, c.err AS error,
      s.process AS process, s.grp AS process_group, ${traceTextSql('t.key')} AS trace_id, ${spanTextSql('c.span')} AS span_id, ${spanTextSql('c.parent')} AS parent_span_id,
      c.mem AS memory_delta, ${iso('c.ts')} AS start_time
      FROM idx.calls c JOIN idx.series s ON s.id = c.s LEFT JOIN idx.traces t ON t.id = c.trace`,
    `CREATE TEMP VIEW rows AS SELECT r.id AS id, r.ts AS ts_ms, ${iso('r.ts')} AS time, r.err AS error,
      s.process AS process, s.grp AS process_group, ${traceTextSql('t.key')} AS trace_id, r.call AS call_id,
      ${col('data')} AS data, ${col('data_type')} AS data_type, ${col('data_value')} AS data_value, ${col('status')} AS status,
      ${col('exception')} AS exception, ${col('duration_ms')} AS duration_ms, ${col('memory_delta')} AS memory_delta
      FROM idx.rows r JOIN idx.series s ON s.id = r.s LEFT JOIN idx.calls k ON k.id = r.call LEFT JOIN idx.traces t ON t.id = k.trace
      JOIN ${table} d ON d.rowid = r.id`,
    `CREATE TEMP VIEW functions AS SELECT process, grp AS process_group, source_file, source_line, rows FROM idx.series`,
    `CREATE TEMP VIEW stale_runs AS SELECT process, data, run_len, value_type, sample, run_start_id, last_id, last_ts AS last_ms, ${iso('last_ts')} AS last_time FROM idx.stale_runs`,
    `CREATE TEMP VIEW heartbeats AS SELECT id, ts AS ts_ms, ${iso('ts')} AS time, queue_depth, status FROM idx.heartbeats`,
  ];
}
