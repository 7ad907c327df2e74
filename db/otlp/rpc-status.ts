// The bodies OTLP/HTTP answers with, in the request's own encoding: an empty
// ExportTraceServiceResponse on success, a google.rpc.Status on failure
// (https://opentelemetry.io/docs/specs/otlp/#failures).

/** google.rpc.Code values used here. */
export const RPC_INVALID_ARGUMENT = 3;
export const RPC_RESOURCE_EXHAUSTED = 8;
export const RPC_UNAVAILABLE = 14;

export type OtlpEncoding = 'json' | 'protobuf';

export function successBody(encoding: OtlpEncoding): Buffer {
  // Every field of ExportTraceServiceResponse is optional: an empty message means full success.
  return encoding === 'json' ? Buffer.from('{}') : Buffer.alloc(0);
}

export function statusBody(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  // google.rpc.Status { int32 code = 1; string message = 2; }
  const msg = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08]), varint(code), Buffer.from([0x12]), varint(msg.length), msg]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}
