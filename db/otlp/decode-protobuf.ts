// ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1/trace_service.proto) from
// protobuf bytes: the subset of trace.proto, resource.proto and common.proto that becomes rows.
// Field numbers are the proto's; unknown fields are skipped, as protobuf requires.
import {
  OtlpDecodeError,
  type AnyValue,
  type KeyValue,
  type OtlpSpan,
  type ResourceSpans,
  type SpanEvent,
} from './model.ts';
import { ProtoReader, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './protobuf-reader.ts';

export function decodeTraceRequestProto(body: Uint8Array): ResourceSpans[] {
  const r = new ProtoReader(body);
  const out: ResourceSpans[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE_LEN, 'resource_spans');
      out.push(resourceSpans(r.message()));
    } else r.skip(wire);
  }
  return out;
}

function resourceSpans(r: ProtoReader): ResourceSpans {
  const res: ResourceSpans = { resource: [], spans: [] };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE_LEN, 'resource');
      const m = r.message();
      while (!m.done) {
        const t = m.tag();
        if (t.field === 1) {
          m.expect(t.wire, WIRE_LEN, 'resource.attributes');
          res.resource.push(keyValue(m.message()));
        } else m.skip(t.wire);
      }
    } else if (field === 2) {
      r.expect(wire, WIRE_LEN, 'scope_spans');
      const m = r.message();
      while (!m.done) {
        const t = m.tag();
        if (t.field === 2) {
          m.expect(t.wire, WIRE_LEN, 'scope_spans.spans');
          res.spans.push(span(m.message()));
        } else m.skip(t.wire); // scope (1) and schema_url (3) are not mapped
      }
    } else r.skip(wire);
  }
  return res;
}

function span(r: ProtoReader): OtlpSpan {
  let traceId: Uint8Array | null = null;
  let spanId: Uint8Array | null = null;
  let parent: Uint8Array | null = null;
  const s: OtlpSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: null,
    name: '',
    kind: 0,
    startNs: 0n,
    endNs: 0n,
    attributes: [],
    events: [],
    status: { code: 0, message: '' },
  };
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        r.expect(wire, WIRE_LEN, 'span.trace_id');
        traceId = r.bytes();
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'span.span_id');
        spanId = r.bytes();
        break;
      case 4:
        r.expect(wire, WIRE_LEN, 'span.parent_span_id');
        parent = r.bytes();
        break;
      case 5:
        r.expect(wire, WIRE_LEN, 'span.name');
        s.name = r.string();
        break;
      case 6:
        r.expect(wire, WIRE_VARINT, 'span.kind');
        s.kind = r.uint32();
        break;
      case 7:
        r.expect(wire, WIRE_FIXED64, 'span.start_time_unix_nano');
        s.startNs = r.fixed64();
        break;
      case 8:
        r.expect(wire, WIRE_FIXED64, 'span.end_time_unix_nano');
        s.endNs = r.fixed64();
        break;
      case 9:
        r.expect(wire, WIRE_LEN, 'span.attributes');
        s.attributes.push(keyValue(r.message()));
        break;
      case 11:
        r.expect(wire, WIRE_LEN, 'span.events');
        s.events.push(event(r.message()));
        break;
      case 15:
        r.expect(wire, WIRE_LEN, 'span.status');
        s.status = status(r.message());
        break;
      default:
        r.skip(wire);
    }
  }
  s.traceId = hexId(traceId, 16, 'trace_id');
  s.spanId = hexId(spanId, 8, 'span_id');
  s.parentSpanId = parent && parent.length > 0 ? hexId(parent, 8, 'parent_span_id') : null;
  return s;
}

function hexId(b: Uint8Array | null, len: number, what: string): string {
  if (!b || b.length !== len)
    throw new OtlpDecodeError(`A span's ${what} must be ${len} bytes (got ${b?.length ?? 0}).`);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function event(r: ProtoReader): SpanEvent {
  const e: SpanEvent = { timeNs: 0n, name: '', attributes: [] };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE_FIXED64, 'event.time_unix_nano');
      e.timeNs = r.fixed64();
    } else if (field === 2) {
      r.expect(wire, WIRE_LEN, 'event.name');
      e.name = r.string();
    } else if (field === 3) {
      r.expect(wire, WIRE_LEN, 'event.attributes');
      e.attributes.push(keyValue(r.message()));
    } else r.skip(wire);
  }
  return e;
}

function status(r: ProtoReader): OtlpSpan['status'] {
  const s = { code: 0, message: '' };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 2) {
      r.expect(wire, WIRE_LEN, 'status.message');
      s.message = r.string();
    } else if (field === 3) {
      r.expect(wire, WIRE_VARINT, 'status.code');
      s.code = r.uint32();
    } else r.skip(wire);
  }
  return s;
}

function keyValue(r: ProtoReader, depth = 0): KeyValue {
  const kv: KeyValue = { key: '', value: { kind: 'empty' } };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE_LEN, 'key');
      kv.key = r.string();
    } else if (field === 2) {
      r.expect(wire, WIRE_LEN, 'value');
      kv.value = anyValue(r.message(), depth);
    } else r.skip(wire);
  }
  return kv;
}

/** Nesting beyond this is refused: a hostile payload must not exhaust the stack. */
const MAX_NESTING = 32;

function anyValue(r: ProtoReader, depth: number): AnyValue {
  if (depth > MAX_NESTING) throw new OtlpDecodeError(`Attribute values nest deeper than ${MAX_NESTING} levels.`);
  let v: AnyValue = { kind: 'empty' };
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        r.expect(wire, WIRE_LEN, 'string_value');
        v = { kind: 'string', value: r.string() };
        break;
      case 2:
        r.expect(wire, WIRE_VARINT, 'bool_value');
        v = { kind: 'bool', value: r.bool() };
        break;
      case 3:
        r.expect(wire, WIRE_VARINT, 'int_value');
        v = { kind: 'int', value: r.int64() };
        break;
      case 4:
        r.expect(wire, WIRE_FIXED64, 'double_value');
        v = { kind: 'double', value: r.double() };
        break;
      case 5:
        r.expect(wire, WIRE_LEN, 'array_value');
        v = { kind: 'array', value: list(r.message(), depth, false) as AnyValue[] };
        break;
      case 6:
        r.expect(wire, WIRE_LEN, 'kvlist_value');
        v = { kind: 'kvlist', value: list(r.message(), depth, true) as KeyValue[] };
        break;
      case 7:
        r.expect(wire, WIRE_LEN, 'bytes_value');
        v = { kind: 'bytes', value: r.bytes().slice() };
        break;
      default:
        r.skip(wire);
    }
  }
  return v;
}

/** ArrayValue and KeyValueList: both a repeated field 1. */
function list(r: ProtoReader, depth: number, kv: boolean): (AnyValue | KeyValue)[] {
  const out: (AnyValue | KeyValue)[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE_LEN, 'values');
      const m = r.message();
      out.push(kv ? keyValue(m, depth + 1) : anyValue(m, depth + 1));
    } else r.skip(wire);
  }
  return out;
}
