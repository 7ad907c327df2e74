// Times as a developer reads them in a trace tool: local clock time with milliseconds for rows,
// relative ("3 min ago") for ages.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "14:03:07.123" today, "Nov 22 14:03:07" on another day. */
export function formatClock(ts: number | null | undefined, now = Date.now()): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return '—';
  const d = new Date(ts);
  const n = new Date(now);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.toDateString() === n.toDateString()) return `${time}.${pad(d.getMilliseconds(), 3)}`;
  return `${d.toLocaleString('en-US', { month: 'short' })} ${d.getDate()} ${time}`;
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(ts: number | null | undefined, now = Date.now()): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return '—';
  const s = Math.round((now - ts) / 1000);
  if (s < 2) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`.replace(' 0 min', '');
  return `${Math.floor(s / 86_400)} d ago`;
}

/** How a time range reads in a sentence: "the last hour", "the selected range". */
export function describeRange(range: { preset?: string; from?: number; to?: number }): string {
  switch (range.preset) {
    case '5m':
      return 'the last 5 minutes';
    case '1h':
      return 'the last hour';
    case '6h':
      return 'the last 6 hours';
    case '24h':
      return 'the last 24 hours';
    case 'all':
      return 'this database';
    default:
      return 'the selected time range';
  }
}
