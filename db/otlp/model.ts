// What an OTLP trace export carries once decoded, whichever encoding it came in (JSON or
// protobuf): only the fields Trace Inspector maps into data_trace rows.

export type AnyValue =
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'array'; value: AnyValue[] }
  | { kind: 'kvlist'; value: KeyValue[] }
  | { kind: 'empty' };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface SpanEvent {
  timeNs: bigint;
  name: string;
  attributes: KeyValue[];
}

export interface OtlpSpan {
  /** Lowercase hex: 32 characters, 16 for span ids; parentSpanId null for a root. */
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: KeyValue[];
  events: SpanEvent[];
  /** StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
}

export interface ResourceSpans {
  resource: KeyValue[];
  spans: OtlpSpan[];
}

/** A decoding failure: the receiver answers 400 with this sentence. */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
}

export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
