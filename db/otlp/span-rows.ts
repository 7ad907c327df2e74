// One OTLP span as data_trace rows: one row per attribute (data = key), then the span's own row
// carrying its status, duration and exception, the way a tracer writes a call's arguments, then
// its result. The service.name of the resource is the process group.
import type { AnyValue, KeyValue, OtlpSpan, ResourceSpans } from './model.ts';
import { SPAN_KINDS } from './model.ts';
import { isoFromNanos } from './nanos.ts';

/** The columns written, in this order (see OtlpStore). */
export const ROW_COLUMNS = [
  'process',
  'data',
  'data_type',
  'data_value',
  'timestamp',
  'status',
  'exception',
  'trace_id',
  'span_id',
  'parent_span_id',
  'process_group',
  'duration_ms',
  'source_file',
  'source_line',
] as const;

export type ContractRow = [
  process: string,
  data: string,
  dataType: string,
  dataValue: string,
  timestamp: string,
  status: 'OK' | 'ERROR',
  exception: string | null,
  traceId: string,
  spanId: string,
  parentSpanId: string | null,
  group: string | null,
  durationMs: number | null,
  sourceFile: string | null,
  sourceLine: number | null,
];

const STATUS_ERROR = 2;

export function valueText(v: AnyValue): string {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return v.value.toString();
    case 'double':
      return String(v.value);
    case 'bytes':
      return Buffer.from(v.value).toString('base64');
    case 'empty':
      return '';
    default:
      return JSON.stringify(plain(v));
  }
}

/** Arrays and key-value lists as plain JSON (ints as numbers when safe). */
function plain(v: AnyValue): unknown {
  switch (v.kind) {
    case 'array':
      return v.value.map(plain);
    case 'kvlist':
      return Object.fromEntries(v.value.map((kv) => [kv.key, plain(kv.value)]));
    case 'int':
      return v.value >= BigInt(Number.MIN_SAFE_INTEGER) && v.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v.value)
        : v.value.toString();
    case 'bytes':
      return Buffer.from(v.value).toString('base64');
    case 'empty':
      return null;
    default:
      return v.value;
  }
}

function attr(list: KeyValue[], ...keys: string[]): AnyValue | undefined {
  for (const k of keys) {
    const hit = list.find((kv) => kv.key === k);
    if (hit) return hit.value;
  }
  return undefined;
}

function text(v: AnyValue | undefined): string | null {
  return v === undefined || v.kind === 'empty' ? null : valueText(v);
}

export function serviceName(resource: KeyValue[]): string | null {
  return text(attr(resource, 'service.name'));
}

/** The rows of every span of a request, spans in start order so a tailing reader sees parents first. */
export function requestRows(request: ResourceSpans[]): ContractRow[] {
  const spans: { span: OtlpSpan; group: string | null }[] = [];
  for (const rs of request) {
    const group = serviceName(rs.resource);
    for (const span of rs.spans) spans.push({ span, group });
  }
  spans.sort((a, b) => (a.span.startNs < b.span.startNs ? -1 : a.span.startNs > b.span.startNs ? 1 : 0));
  return spans.flatMap(({ span, group }) => spanRows(span, group));
}

export function spanRows(s: OtlpSpan, group: string | null): ContractRow[] {
  const ts = isoFromNanos(s.startNs);
  // Semantic conventions name the source both ways (code.filepath is the older one).
  const file = text(attr(s.attributes, 'code.file.path', 'code.filepath'));
  const lineText = text(attr(s.attributes, 'code.line.number', 'code.lineno'));
  const line = lineText !== null && /^\d+$/.test(lineText) ? Number(lineText) : null;
  const ids = [s.traceId, s.spanId, s.parentSpanId, group] as const;
  const rows: ContractRow[] = s.attributes.map((kv) => [
    s.name,
    kv.key,
    kv.value.kind,
    valueText(kv.value),
    ts,
    'OK',
    null,
    ...ids,
    null,
    file,
    line,
  ]);
  const failed = s.status.code === STATUS_ERROR;
  const durationMs = s.endNs >= s.startNs ? Number(s.endNs - s.startNs) / 1e6 : null;
  const exc = [...s.events].reverse().find((e) => e.name === 'exception');
  if (exc) {
    const type = text(attr(exc.attributes, 'exception.type')) ?? 'exception';
    const message = text(attr(exc.attributes, 'exception.message')) ?? s.status.message;
    const stack = text(attr(exc.attributes, 'exception.stacktrace')) ?? `${type}: ${message}`;
    // An exception recorded on a span whose status is not ERROR was handled: the call still succeeded.
    rows.push([s.name, 'exception', type, message, ts, failed ? 'ERROR' : 'OK', stack, ...ids, durationMs, file, line]);
  } else {
    rows.push([
      s.name,
      'span',
      'span',
      failed && s.status.message ? s.status.message : (SPAN_KINDS[s.kind] ?? String(s.kind)),
      ts,
      failed ? 'ERROR' : 'OK',
      null,
      ...ids,
      durationMs,
      file,
      line,
    ]);
  }
  return rows;
}
