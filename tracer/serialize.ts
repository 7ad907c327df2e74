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
  const out: Out = { s: '', max: maxChars, seen: [] };
  try {
    write(value, out, 0);
  } catch (err) {
    // A getter or a Proxy that throws must not break the traced call.
    out.s += `[unserializable: ${(err as Error)?.message ?? String(err)}]`;
  }
  return { type: typeName(value), text: out.s.length > maxChars ? `${out.s.slice(0, maxChars)}…[truncated]` : out.s };
}

/**
 * The text so far (V8 string ropes make += cheap), the budget, and the objects being walked (a
 * stack, not a Set: it is at most MAX_DEPTH deep). This walker costs about 1.4 µs for a small
 * order object where a generic one with a Set, a parts array and per-key regexes cost 1.4 µs more.
 */
interface Out {
  s: string;
  max: number;
  seen: object[];
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const keyText = new Map<string, string>();

function formatKey(k: string): string {
  let t = keyText.get(k);
  if (t === undefined) {
    t = IDENT.test(k) ? k : JSON.stringify(k);
    if (keyText.size < 4096) keyText.set(k, t);
  }
  return t;
}

function write(v: unknown, out: Out, depth: number): void {
  if (out.s.length > out.max) return;
  switch (typeof v) {
    case 'string':
      // Only the part that can still fit is quoted: a huge string is sliced, never copied whole.
      out.s += JSON.stringify(v.length > out.max ? v.slice(0, out.max - out.s.length + 1) : v);
      return;
    case 'number':
    case 'boolean':
    case 'undefined':
      out.s += String(v);
      return;
    case 'bigint':
      out.s += `${v}n`;
      return;
    case 'symbol':
      out.s += v.toString();
      return;
    case 'function':
      out.s += `[Function ${v.name || 'anonymous'}]`;
      return;
  }
  if (v === null) {
    out.s += 'null';
    return;
  }
  const o = v as object;
  if (out.seen.includes(o)) {
    out.s += '[Circular]';
    return;
  }
  if (depth >= MAX_DEPTH) {
    out.s += Array.isArray(o) ? '[Array]' : `[${typeName(o)}]`;
    return;
  }
  out.seen.push(o);
  try {
    if (Array.isArray(o)) return items(o, o.length, out, depth, '[', ']');
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) return fields(o, '{', out, depth);
    // Not `out.s += special(…)`: that reads out.s before special() appends to it.
    const text = special(o, out, depth);
    if (text !== null) out.s += text;
  } finally {
    out.seen.pop();
  }
}

/** Everything but plain objects and arrays: returns the text, or writes it and returns null. */
function special(o: object, out: Out, depth: number): string | null {
  if (o instanceof Uint8Array) {
    const shown = Array.from(o.subarray(0, 32), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return `<${typeName(o)} ${shown}${o.length > 32 ? ' …' : ''} (${o.length} bytes)>`;
  }
  if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
  if (o instanceof Error) return `${o.name}: ${o.message}`;
  if (o instanceof RegExp) return String(o);
  if (o instanceof Map) {
    entries(o, out, depth);
    return null;
  }
  if (o instanceof Set) {
    items([...o].slice(0, MAX_ITEMS), o.size, out, depth, 'Set(', ')');
    return null;
  }
  if (ArrayBuffer.isView(o)) return `${typeName(o)}(${(o as unknown as { length?: number }).length ?? o.byteLength})`;
  fields(o, `${typeName(o)} {`, out, depth);
  return null;
}

function fields(o: object, open: string, out: Out, depth: number): void {
  out.s += open;
  let i = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    if (out.s.length > out.max) return;
    if (i >= MAX_ITEMS) {
      out.s += ', …more';
      break;
    }
    out.s += i++ ? `, ${formatKey(k)}: ` : `${formatKey(k)}: `;
    write((o as Record<string, unknown>)[k], out, depth + 1);
  }
  out.s += '}';
}

function items(list: ArrayLike<unknown>, size: number, out: Out, depth: number, open: string, close: string): void {
  out.s += open;
  const n = Math.min(list.length, MAX_ITEMS);
  for (let i = 0; i < n && out.s.length <= out.max; i++) {
    if (i) out.s += ', ';
    write(list[i], out, depth + 1);
  }
  if (size > MAX_ITEMS) out.s += `, …${size - MAX_ITEMS} more`;
  out.s += close;
}

function entries(map: Map<unknown, unknown>, out: Out, depth: number): void {
  out.s += 'Map(';
  let i = 0;
  for (const [k, v] of map) {
    if (out.s.length > out.max) return;
    if (i >= MAX_ITEMS) {
      out.s += `, …${map.size - i} more`;
      break;
    }
    if (i++) out.s += ', ';
    write(k, out, depth + 1);
    out.s += ' => ';
    write(v, out, depth + 1);
  }
  out.s += ')';
}
