// Timestamps as the contract's example tracer writes them: ISO-8601 UTC, microseconds, no zone.

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `2026-11-20T14:03:07.123456` for epoch microseconds. */
export function isoMicros(us: number): string {
  const second = Math.floor(us / 1e6);
  // Formatting through Date costs more than the rest of a row; consecutive rows share the second.
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
  }
  return `${cachedPrefix}.${String(us - second * 1e6).padStart(6, '0')}`;
}

/** Python's `datetime.isoformat()` of an aware UTC datetime, seconds precision. */
export function isoSecondsUtc(us: number): string {
  return `${new Date(Math.floor(us / 1e6) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** Wall clock in epoch microseconds, finer than Date.now(). */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
