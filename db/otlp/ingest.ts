// One OTLP/HTTP request body to rows in the store: decode by content type, map, write in one
// transaction. Returns the span count, or throws OtlpDecodeError for a payload to reject.
import { decodeTraceRequestJson } from './decode-json.ts';
import { decodeTraceRequestProto } from './decode-protobuf.ts';
import type { OtlpStore } from './otlp-store.ts';
import type { OtlpEncoding } from './rpc-status.ts';
import { requestRows } from './span-rows.ts';

export function ingestTraceRequest(
  store: OtlpStore,
  encoding: OtlpEncoding,
  body: Buffer,
): { spans: number; rows: number } {
  const request = encoding === 'json' ? decodeTraceRequestJson(body.toString('utf8')) : decodeTraceRequestProto(body);
  const rows = requestRows(request);
  // Decoding and mapping finish before the first INSERT: a bad span anywhere rejects the request whole.
  store.insert(rows);
  return { spans: request.reduce((n, rs) => n + rs.spans.length, 0), rows: rows.length };
}
