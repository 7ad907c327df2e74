// Span and parent ids as the sidecar stores them (issue 14: the index at ~82 % of the source).
// Tracers and OTLP write a span id as 16 lowercase hex digits; as text that is 17 bytes a copy in
// calls and in each of calls_trace_span and calls_orphan, as an 8-byte blob 9. Any other
// text (uppercase, another length, '') stays as it is: a blob never equals a text in SQLite, so
// two different ids never share a key, and the key decodes back to the very text it came from.

const HEX16 = /^[0-9a-f]{16}$/;

/** The stored key of a span id: 8 bytes for 16 lowercase hex digits, else the text itself. */
export function spanKey(text: string | null): string | Buffer | null {
  return text !== null && HEX16.test(text) ? Buffer.from(text, 'hex') : text;
}

/** The span id a stored key stands for (a blob is always 8 bytes written by spanKey). */
export function spanText(key: string | Uint8Array | null): string | null {
  if (key instanceof Uint8Array) return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex');
  return key;
}

/** spanKey in SQL, for an expression that is text or NULL (the bulk build, a bound id). */
export function spanKeySql(x: string): string {
  return `CASE WHEN length(${x}) = 16 AND typeof(${x}) = 'text' AND ${x} NOT GLOB '*[^0-9a-f]*' THEN unhex(${x}) ELSE ${x} END`;
}

/** spanText in SQL (the SQL console's views, the trace tree's answers). */
export function spanTextSql(x: string): string {
  return `CASE WHEN typeof(${x}) = 'blob' THEN lower(hex(${x})) ELSE ${x} END`;
}

// Trace ids likewise (version 14): W3C and OTLP trace ids are 32 lowercase hex digits, 33 bytes as
// text in traces and again in its unique index, 17 as a 16-byte blob (398k traces at 10M rows).
const HEX32 = /^[0-9a-f]{32}$/;

/** The stored key of a trace id: 16 bytes for 32 lowercase hex digits, else the text itself. */
export function traceKey(text: string): string | Buffer;
export function traceKey(text: string | null): string | Buffer | null;
export function traceKey(text: string | null): string | Buffer | null {
  return text !== null && HEX32.test(text) ? Buffer.from(text, 'hex') : text;
}

/** The trace id a stored key stands for. */
export const traceText = spanText;

/** traceKey in SQL, for an expression that is text or NULL (the bulk build). */
export function traceKeySql(x: string): string {
  return `CASE WHEN length(${x}) = 32 AND typeof(${x}) = 'text' AND ${x} NOT GLOB '*[^0-9a-f]*' THEN unhex(${x}) ELSE ${x} END`;
}

/** traceText in SQL (the SQL console's views). */
export const traceTextSql = spanTextSql;
