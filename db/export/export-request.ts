// What an export asks for: the `traces` operation's filter (or one trace) and a format. Parsed
// the same way from the CLI's flags and from GET /api/export's query string.
import { InspectorError } from '../api/errors.ts';
import type { TraceFilter } from '../query/traces.ts';
import { parseIsoToMs } from '../source/timestamp.ts';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'chrome', 'otlp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest extends TraceFilter {
  db: string;
  format: ExportFormat;
  /** One trace instead of the filter. */
  traceId?: string;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  chrome: 'application/json; charset=utf-8',
  otlp: 'application/json; charset=utf-8',
};

const EXTENSIONS: Record<ExportFormat, string> = {
  csv: 'csv',
  jsonl: 'jsonl',
  chrome: 'trace.json',
  otlp: 'otlp.json',
};

/** `checkout-traces-2026-11-20T1403.csv`: the database's name, what was exported and when. */
export function exportFileName(req: ExportRequest, dbName = 'traces', now = new Date()): string {
  const base =
    dbName
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 60) || 'traces';
  const what = req.traceId ? `trace-${req.traceId.replace(/[^\w-]+/g, '_').slice(0, 40)}` : 'traces';
  const stamp = now.toISOString().slice(0, 16).replace(/:/g, '');
  return `${base}-${what}-${stamp}.${EXTENSIONS[req.format]}`;
}

export interface ExportFlags {
  format?: string;
  range?: string;
  from?: string;
  to?: string;
  group?: string[];
  errors?: boolean;
  search?: string;
  trace?: string;
}

const PRESETS = ['5m', '1h', '6h', '24h', 'all'];

/** From CLI flags or query parameters to a request; a bad value is an invalid-input error naming it. */
export function parseExportFlags(db: string, f: ExportFlags): ExportRequest {
  const format = f.format ?? 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new InspectorError(
      'invalid-input',
      `format must be one of ${EXPORT_FORMATS.join(', ')} (got ${JSON.stringify(format.slice(0, 40))}).`,
    );
  }
  const req: ExportRequest = { db, format: format as ExportFormat };
  if (f.range !== undefined) {
    if (!PRESETS.includes(f.range))
      throw new InspectorError(
        'invalid-input',
        `range must be one of ${PRESETS.join(', ')} (got ${JSON.stringify(f.range.slice(0, 40))}); use from/to for other spans.`,
      );
    req.range = { preset: f.range as '5m' | '1h' | '6h' | '24h' | 'all' };
  }
  if (f.from !== undefined || f.to !== undefined) {
    const ms = (name: string, v: string | undefined) => {
      if (v === undefined) return undefined;
      // The contract's parser, not Date.parse: a date-time without a zone is UTC, as in the
      // trace file, whatever the machine's time zone (Date.parse reads it as local time).
      const n = /^\d+$/.test(v) ? Number(v) : parseIsoToMs(v);
      if (n === null || !Number.isFinite(n))
        throw new InspectorError(
          'invalid-input',
          `${name} must be epoch milliseconds or an ISO date (got ${JSON.stringify(v.slice(0, 40))}).`,
        );
      return n;
    };
    req.range = { from: ms('from', f.from), to: ms('to', f.to) };
  }
  // "(none)" selects rows without a process group, as null does in the traces operation.
  if (f.group?.length) req.groups = f.group.map((g) => (g === '(none)' ? null : g));
  if (f.errors) req.errorsOnly = true;
  if (f.search) req.search = f.search;
  if (f.trace) req.traceId = f.trace;
  return req;
}
