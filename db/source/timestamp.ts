// The contract allows ISO-8601 text (naive means UTC), unix seconds or unix milliseconds, mixed in
// one file. Everything is normalised to epoch milliseconds here, once, while indexing.

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Numbers below this are seconds, above are milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const MS_THRESHOLD = 1e11;

export function numericToMs(n: number): number | null {
  if (!Number.isFinite(n) || n < 0) return null;
  if (n < MS_THRESHOLD) return Math.round(n * 1000);
  if (n < 1e14) return Math.round(n); // milliseconds
  if (n < 1e17) return Math.round(n / 1000); // microseconds (some tracers)
  return Math.round(n / 1e6); // nanoseconds (OpenTelemetry)
}

export function parseIsoToMs(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-9) : 0;
  let t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  // Day 0 of the next month is the last day of this one: Feb 30 is garbage, not March 2.
  const daysInMonth = new Date(Date.UTC(+y, +mo, 0)).getUTCDate();
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > daysInMonth || +h > 23 || +mi > 59 || +s > 60) return null;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = Number(digits.slice(2) || '0');
    if (offH > 23 || offM > 59) return null;
    const offsetMin = offH * 60 + offM;
    t -= sign * offsetMin * 60_000;
  }
  return Number.isFinite(t) ? t : null;
}

/** Epoch ms for a stored timestamp value, or null when it cannot be read as a time. */
export function toEpochMs(value: unknown): number | null {
  if (typeof value === 'number') return numericToMs(value);
  if (typeof value === 'bigint') return numericToMs(Number(value));
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') return null;
    // Numeric text ("1700000000.25") is a number stored as TEXT by a loosely typed tracer.
    if (/^\d+(\.\d+)?$/.test(s)) return numericToMs(Number(s));
    return parseIsoToMs(s);
  }
  return null;
}
