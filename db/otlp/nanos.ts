// Nanosecond timestamps (OTLP's unit) to and from the contract's ISO text, without losing the
// digits a float would: 2026-11-20T14:03:07.123456789Z keeps all nine.

const NS_PER_MS = 1_000_000n;

export function isoFromNanos(ns: bigint): string {
  const ms = ns / NS_PER_MS;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}.${frac}Z`;
}

const ISO_FRACTION = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}[.,](\d{1,9})\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A row's start in nanoseconds: its stored text when that has more than millisecond precision
 * (the tracer writes microseconds, OTLP ingest nanoseconds), else its epoch milliseconds.
 */
export function nanosOfRow(timestamp: string | null, ts: number): bigint {
  const m = timestamp ? ISO_FRACTION.exec(timestamp.trim()) : null;
  const base = BigInt(Math.floor(ts)) * NS_PER_MS;
  if (!m || m[1].length <= 3) return BigInt(Math.round(ts * 1e6));
  // ts is the same instant floored to the millisecond: add back the sub-millisecond digits.
  const sub = BigInt(m[1].padEnd(9, '0').slice(3));
  return base + sub;
}
