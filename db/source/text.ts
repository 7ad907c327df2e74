// SQLite columns are dynamically typed: a "text" column may hold a number, a BLOB of non-UTF-8
// bytes or NULL. Every value shown to the user goes through here so the API carries plain strings.

export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8'); // invalid bytes become U+FFFD
  return JSON.stringify(value) ?? null; // SQLite yields none of these; JSON text beats "[object Object]"
}

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(typeof value === 'bigint' ? value : toText(value));
  return Number.isFinite(n) ? n : null;
}
