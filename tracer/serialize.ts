// Turns any JavaScript value into the (type name, text) pair a data_trace row holds, safely and
// within a size budget: cycles print as [Circular], BigInts and Buffers print readably, and a huge
// value stops being walked once the budget is spent (a 50 MB string costs a slice, not a copy).

export interface Captured {
  type: string;
  text: string;
}

const MAX_DEPTH = 6;
const MAX_ITEMS = 100;

/** The type name a JavaScript developer would say: number, string, Array, Map, Order (a class), … */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  const t = typeof value;
  if (t !== 'object') return t;
  if (Buffer.isBuffer(value)) return 'Buffer';
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object';
}

export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}…[+${text.length - maxChars} chars]`;
}

export function capture(value: unknown, maxChars: number): Captured {
  // Primitives first: they are most arguments, and this path allocates nothing but the result.
  switch (typeof value) {
    case 'string':
      return { type: 'string', text: truncateText(value, maxChars) };
    case 'number':
      return { type: 'number', text: String(value) };
    case 'boolean':
      return { type: 'boolean', text: value ? 'true' : 'false' };
    case 'undefined':
      return { type: 'undefined', text: 'undefined' };
    case 'bigint':
      return { type: 'bigint', text: truncateText(value.toString(), maxChars) };
  }
  const out = new Writer(maxChars);
  try {
    write(value, out, 0, new Set());
  } catch (err) {
    // A getter or a Proxy that throws must not break the traced call.
    out.parts.push(`[unserializable: ${(err as Error)?.message ?? String(err)}]`);
  }
  return { type: typeName(value), text: out.finish() };
}

class Writer {
  parts: string[] = [];
  length = 0;
  readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  get full(): boolean {
    return this.length > this.max;
  }
  push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
  finish(): string {
    const text = this.parts.join('');
    return this.full ? `${text.slice(0, this.max)}…[truncated]` : text;
  }
}

function write(v: unknown, out: Writer, depth: number, seen: Set<object>): void {
  if (out.full) return;
  switch (typeof v) {
    case 'string':
      // Only the part that can still fit is quoted: a huge string is sliced, never copied whole.
      out.push(JSON.stringify(v.length > out.max ? v.slice(0, out.max - out.length + 1) : v));
      return;
    case 'number':
    case 'boolean':
    case 'undefined':
      out.push(String(v));
      return;
    case 'bigint':
      out.push(`${v}n`);
      return;
    case 'symbol':
      out.push(v.toString());
      return;
    case 'function':
      out.push(`[Function ${v.name || 'anonymous'}]`);
      return;
  }
  if (v === null) return out.push('null');
  const o = v as object;
  if (seen.has(o)) return out.push('[Circular]');
  if (depth >= MAX_DEPTH) return out.push(Array.isArray(o) ? '[Array]' : `[${typeName(o)}]`);
  if (Buffer.isBuffer(o) || o instanceof Uint8Array) {
    const bytes = o as Uint8Array;
    const shown = Array.from(bytes.subarray(0, 32), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return out.push(`<${typeName(o)} ${shown}${bytes.length > 32 ? ' …' : ''} (${bytes.length} bytes)>`);
  }
  if (o instanceof Date) return out.push(Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString());
  if (o instanceof Error) return out.push(`${o.name}: ${o.message}`);
  if (o instanceof RegExp) return out.push(String(o));
  seen.add(o);
  try {
    if (Array.isArray(o)) return items(o, o.length, out, depth, seen, '[', ']');
    if (o instanceof Map) return entries(o.entries(), o.size, out, depth, seen, 'Map(', ')');
    if (o instanceof Set) return items([...o].slice(0, MAX_ITEMS), o.size, out, depth, seen, 'Set(', ')');
    if (ArrayBuffer.isView(o)) return out.push(`${typeName(o)}(${(o as unknown as { length?: number }).length ?? o.byteLength})`);
    const name = typeName(o);
    const keys = Object.keys(o);
    out.push(name === 'Object' ? '{' : `${name} {`);
    for (let i = 0; i < keys.length && !out.full; i++) {
      if (i >= MAX_ITEMS) {
        out.push(`, …${keys.length - i} more`);
        break;
      }
      out.push(i ? ', ' : '');
      out.push(/^[A-Za-z_$][\w$]*$/.test(keys[i]) ? keys[i] : JSON.stringify(keys[i]));
      out.push(': ');
      write((o as Record<string, unknown>)[keys[i]], out, depth + 1, seen);
    }
    out.push('}');
  } finally {
    seen.delete(o);
  }
}

function items(list: ArrayLike<unknown>, size: number, out: Writer, depth: number, seen: Set<object>, open: string, close: string): void {
  out.push(open);
  const n = Math.min(list.length, MAX_ITEMS);
  for (let i = 0; i < n && !out.full; i++) {
    if (i) out.push(', ');
    write(list[i], out, depth + 1, seen);
  }
  if (size > MAX_ITEMS) out.push(`, …${size - MAX_ITEMS} more`);
  out.push(close);
}

function entries(it: Iterator<[unknown, unknown]>, size: number, out: Writer, depth: number, seen: Set<object>, open: string, close: string): void {
  out.push(open);
  let i = 0;
  for (let r = it.next(); !r.done && !out.full; r = it.next(), i++) {
    if (i >= MAX_ITEMS) {
      out.push(`, …${size - i} more`);
      break;
    }
    if (i) out.push(', ');
    write(r.value[0], out, depth + 1, seen);
    out.push(' => ');
    write(r.value[1], out, depth + 1, seen);
  }
  out.push(close);
}
