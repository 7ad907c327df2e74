// Calls as an OTLP/JSON ExportTraceServiceRequest (the protobuf JSON mapping with OTLP's rules:
// lowerCamelCase keys, hex ids, 64-bit integers as decimal strings, enums as integers), written
// as it goes: each batch of completed calls becomes one resourceSpans entry per process group.
// A call's values are span attributes; an exception row becomes an "exception" event; a call
// whose ids are not OTLP-shaped (16- and 8-byte hex) gets ids derived from them by hashing, the
// same every time, so parent links survive.
import { createHash } from 'node:crypto';
import type { TraceRow } from '../api/types.ts';
import { SPAN_KINDS } from '../otlp/model.ts';
import { finalRow, type Call } from './calls.ts';

const STATUS_UNSET = 0;
const STATUS_ERROR = 2;
const KIND_INTERNAL = 1;

type JsonValue = Record<string, unknown>;

function otlpId(id: string | null, bytes: number, fallback: string): string {
  const hexLen = bytes * 2;
  if (id !== null && id.length === hexLen && /^[0-9a-fA-F]+$/.test(id) && !/^0+$/.test(id)) return id.toLowerCase();
  return createHash('sha256')
    .update(id ?? fallback)
    .digest('hex')
    .slice(0, hexLen);
}

/** The OTLP AnyValue for a captured value, typed from its data_type where that says how. */
export function anyValueOf(type: string | null, text: string | null): JsonValue {
  if (text === null) return {};
  switch (type) {
    case 'int':
      return /^-?\d{1,19}$/.test(text) ? { intValue: text } : { stringValue: text };
    case 'double':
    case 'float':
      return Number.isFinite(Number(text)) && text.trim() !== ''
        ? { doubleValue: Number(text) }
        : { stringValue: text };
    case 'number':
      if (/^-?\d{1,15}$/.test(text)) return { intValue: text };
      return Number.isFinite(Number(text)) && text.trim() !== ''
        ? { doubleValue: Number(text) }
        : { stringValue: text };
    case 'bool':
    case 'boolean':
      return text === 'true' || text === 'false' ? { boolValue: text === 'true' } : { stringValue: text };
    case 'bytes':
      return { bytesValue: text };
    case 'array':
    case 'kvlist':
      try {
        return fromJson(JSON.parse(text), 0);
      } catch {
        return { stringValue: text };
      }
    default:
      return { stringValue: text };
  }
}

function fromJson(v: unknown, depth: number): JsonValue {
  if (depth > 32) return { stringValue: JSON.stringify(v) };
  if (v === null || v === undefined) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isSafeInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => fromJson(x, depth + 1)) } };
  return {
    kvlistValue: { values: Object.entries(v).map(([key, x]) => ({ key, value: fromJson(x, depth + 1) })) },
  };
}

function span(c: Call): JsonValue {
  const last = finalRow(c);
  const traceId = otlpId(c.traceId, 16, `row:${c.rows[0].id}`);
  const spanId = otlpId(c.spanId, 8, `row:${c.rows[0].id}`);
  const end = c.startNs + BigInt(Math.round((c.durationMs ?? 0) * 1e6));
  const closing = last && (last.data === 'span' || last.data === 'exception') ? last : null;
  const attributes = c.rows
    .filter((r) => r !== closing && r.data !== null)
    .map((r: TraceRow) => ({ key: r.data!, value: anyValueOf(r.dataType, r.dataValue) }));
  const kindIndex = closing?.data === 'span' ? SPAN_KINDS.indexOf(closing.dataValue ?? '') : -1;
  const events: JsonValue[] = [];
  const exc = c.rows.findLast((r) => r.data === 'exception' || (r.exception !== null && r.status === 'ERROR'));
  if (exc) {
    events.push({
      timeUnixNano: end.toString(),
      name: 'exception',
      attributes: [
        { key: 'exception.type', value: { stringValue: exc.dataType ?? 'Error' } },
        { key: 'exception.message', value: { stringValue: exc.dataValue ?? '' } },
        ...(exc.exception !== null ? [{ key: 'exception.stacktrace', value: { stringValue: exc.exception } }] : []),
      ],
    });
  }
  const out: JsonValue = {
    traceId,
    spanId,
    ...(c.parentSpanId !== null ? { parentSpanId: otlpId(c.parentSpanId, 8, '') } : {}),
    name: c.process,
    kind: kindIndex > 0 ? kindIndex : KIND_INTERNAL,
    startTimeUnixNano: c.startNs.toString(),
    endTimeUnixNano: end.toString(),
    attributes,
    events,
    status:
      c.status === 'ERROR'
        ? {
            code: STATUS_ERROR,
            ...(statusMessage(closing, kindIndex, exc) ? { message: statusMessage(closing, kindIndex, exc) } : {}),
          }
        : { code: STATUS_UNSET },
  };
  return out;
}

/** OTLP ingest keeps a failed span's status message as its span row's value (in place of its kind). */
function statusMessage(closing: TraceRow | null, kindIndex: number, exc: TraceRow | undefined): string | null {
  if (closing?.data === 'span' && kindIndex < 0 && closing.dataValue) return closing.dataValue;
  return exc?.dataValue || null;
}

export class OtlpJsonWriter {
  private first = true;

  head(): string {
    return '{"resourceSpans":[\n';
  }

  tail(): string {
    return '\n]}\n';
  }

  add(calls: Call[]): string {
    if (calls.length === 0) return '';
    const byGroup = new Map<string | null, JsonValue[]>();
    for (const c of calls) {
      let list = byGroup.get(c.group);
      if (!list) byGroup.set(c.group, (list = []));
      list.push(span(c));
    }
    let out = '';
    for (const [group, spans] of byGroup) {
      const entry = {
        resource: { attributes: group === null ? [] : [{ key: 'service.name', value: { stringValue: group } }] },
        scopeSpans: [{ scope: { name: 'trace-inspector-export' }, spans }],
      };
      out += (this.first ? '' : ',\n') + JSON.stringify(entry);
      this.first = false;
    }
    return out;
  }

  flush(): string {
    return '';
  }
}
