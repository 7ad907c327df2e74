// ExportTraceServiceRequest from OTLP/JSON (the protobuf JSON mapping with OTLP's exceptions:
// trace and span ids are hex strings, not base64; enums are integers; 64-bit integers may be
// strings or numbers). Keys are lowerCamelCase; unknown keys are ignored, as the spec requires.
// Anything of the wrong shape is an OtlpDecodeError naming where it is.
import {
  OtlpDecodeError,
  SPAN_KINDS,
  type AnyValue,
  type KeyValue,
  type OtlpSpan,
  type ResourceSpans,
  type SpanEvent,
} from './model.ts';

type Json = Record<string, unknown>;

const MAX_NESTING = 32;

export function decodeTraceRequestJson(text: string): ResourceSpans[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new OtlpDecodeError('The body is not valid JSON.');
  }
  const root = obj(doc, 'request');
  return arr(root.resourceSpans, 'resourceSpans').map((rs, i) => {
    const where = `resourceSpans[${i}]`;
    const r = obj(rs, where);
    const resource = r.resource === undefined || r.resource === null ? {} : obj(r.resource, `${where}.resource`);
    const spans: OtlpSpan[] = [];
    for (const [j, ss] of arr(r.scopeSpans, `${where}.scopeSpans`).entries()) {
      const s = obj(ss, `${where}.scopeSpans[${j}]`);
      for (const [k, sp] of arr(s.spans, `${where}.scopeSpans[${j}].spans`).entries())
        spans.push(span(obj(sp, `${where}.scopeSpans[${j}].spans[${k}]`), `${where}.scopeSpans[${j}].spans[${k}]`));
    }
    return { resource: attributes(resource.attributes, `${where}.resource.attributes`), spans };
  });
}

function span(s: Json, where: string): OtlpSpan {
  const parent = s.parentSpanId;
  const st = s.status === undefined || s.status === null ? {} : obj(s.status, `${where}.status`);
  return {
    traceId: hexId(s.traceId, 32, `${where}.traceId`),
    spanId: hexId(s.spanId, 16, `${where}.spanId`),
    parentSpanId:
      parent === undefined || parent === null || parent === '' ? null : hexId(parent, 16, `${where}.parentSpanId`),
    name: str(s.name, `${where}.name`),
    kind: enumValue(
      s.kind,
      SPAN_KINDS.map((k) => `SPAN_KIND_${k.toUpperCase()}`),
      `${where}.kind`,
    ),
    startNs: nanos(s.startTimeUnixNano, `${where}.startTimeUnixNano`),
    endNs: nanos(s.endTimeUnixNano, `${where}.endTimeUnixNano`),
    attributes: attributes(s.attributes, `${where}.attributes`),
    events: arr(s.events, `${where}.events`).map((e, i) =>
      event(obj(e, `${where}.events[${i}]`), `${where}.events[${i}]`),
    ),
    status: {
      code: enumValue(st.code, ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'], `${where}.status.code`),
      message: str(st.message, `${where}.status.message`),
    },
  };
}

function event(e: Json, where: string): SpanEvent {
  return {
    timeNs: nanos(e.timeUnixNano, `${where}.timeUnixNano`),
    name: str(e.name, `${where}.name`),
    attributes: attributes(e.attributes, `${where}.attributes`),
  };
}

function attributes(v: unknown, where: string): KeyValue[] {
  return arr(v, where).map((kv, i) => keyValue(kv, `${where}[${i}]`, 0));
}

function keyValue(v: unknown, where: string, depth: number): KeyValue {
  const kv = obj(v, where);
  return {
    key: str(kv.key, `${where}.key`),
    value:
      kv.value === undefined || kv.value === null ? { kind: 'empty' } : anyValue(kv.value, `${where}.value`, depth),
  };
}

function anyValue(v: unknown, where: string, depth: number): AnyValue {
  if (depth > MAX_NESTING)
    throw new OtlpDecodeError(`${where}: attribute values nest deeper than ${MAX_NESTING} levels.`);
  const a = obj(v, where);
  if (a.stringValue !== undefined) return { kind: 'string', value: str(a.stringValue, `${where}.stringValue`) };
  if (a.boolValue !== undefined) {
    if (typeof a.boolValue !== 'boolean') throw new OtlpDecodeError(`${where}.boolValue must be true or false.`);
    return { kind: 'bool', value: a.boolValue };
  }
  if (a.intValue !== undefined) return { kind: 'int', value: int64(a.intValue, `${where}.intValue`) };
  if (a.doubleValue !== undefined) return { kind: 'double', value: double(a.doubleValue, `${where}.doubleValue`) };
  if (a.arrayValue !== undefined) {
    const list = obj(a.arrayValue, `${where}.arrayValue`);
    return {
      kind: 'array',
      value: arr(list.values, `${where}.arrayValue.values`).map((x, i) =>
        anyValue(x, `${where}.arrayValue.values[${i}]`, depth + 1),
      ),
    };
  }
  if (a.kvlistValue !== undefined) {
    const list = obj(a.kvlistValue, `${where}.kvlistValue`);
    return {
      kind: 'kvlist',
      value: arr(list.values, `${where}.kvlistValue.values`).map((x, i) =>
        keyValue(x, `${where}.kvlistValue.values[${i}]`, depth + 1),
      ),
    };
  }
  if (a.bytesValue !== undefined) {
    const b64 = str(a.bytesValue, `${where}.bytesValue`);
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) throw new OtlpDecodeError(`${where}.bytesValue must be base64.`);
    return { kind: 'bytes', value: Buffer.from(b64, 'base64') };
  }
  return { kind: 'empty' };
}

function obj(v: unknown, where: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new OtlpDecodeError(`${where} must be an object.`);
  return v as Json;
}

/** A repeated field: absent or null means empty. */
function arr(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${where} must be an array.`);
  return v;
}

function str(v: unknown, where: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new OtlpDecodeError(`${where} must be a string.`);
  return v;
}

function hexId(v: unknown, len: number, where: string): string {
  if (typeof v !== 'string' || v.length !== len || !/^[0-9a-fA-F]+$/.test(v)) {
    throw new OtlpDecodeError(`${where} must be ${len} hex characters (OTLP/JSON writes ids as hex, not base64).`);
  }
  return v.toLowerCase();
}

function int64(v: unknown, where: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) {
    const n = BigInt(v);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return n;
  }
  throw new OtlpDecodeError(`${where} must be a 64-bit integer (a number or a decimal string).`);
}

/** Unsigned 64-bit nanoseconds; 0 when absent. */
function nanos(v: unknown, where: string): bigint {
  if (v === undefined || v === null) return 0n;
  // A number above 2^53 has already lost precision in JSON.parse, which is why OTLP sends strings.
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d{1,20}$/.test(v) && BigInt(v) < 2n ** 64n) return BigInt(v);
  throw new OtlpDecodeError(`${where} must be unsigned nanoseconds (a number or a decimal string).`);
}

function double(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new OtlpDecodeError(`${where} must be a number.`);
}

/** Enums are integers in OTLP/JSON; the proto's value names are accepted too. */
function enumValue(v: unknown, names: string[], where: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && names.includes(v)) return names.indexOf(v);
  throw new OtlpDecodeError(`${where} must be an integer enum value.`);
}
