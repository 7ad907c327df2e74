// Times as a developer reads them in a trace tool: clock time with milliseconds for rows,
// relative ("3 min ago") for ages. The zone (local or UTC) and the clock (24 h or 12 h) are the
// user's settings: the App applies them here once, so every caller shows the same clock.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface TimeDisplay {
  zone: 'local' | 'utc';
  clock: '24h' | '12h';
}
const display: TimeDisplay = { zone: 'local', clock: '24h' };

/** Called by the App when the user settings load or change. */
export function setTimeDisplay(next: TimeDisplay): void {
  display.zone = next.zone;
  display.clock = next.clock;
}

export function timeDisplay(): Readonly<TimeDisplay> {
  return display;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  h: number;
  m: number;
  s: number;
  ms: number;
}

function partsOf(ts: number): Parts {
  const d = new Date(ts);
  return display.zone === 'utc'
    ? {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth(),
        day: d.getUTCDate(),
        h: d.getUTCHours(),
        m: d.getUTCMinutes(),
        s: d.getUTCSeconds(),
        ms: d.getUTCMilliseconds(),
      }
    : {
        year: d.getFullYear(),
        month: d.getMonth(),
        day: d.getDate(),
        h: d.getHours(),
        m: d.getMinutes(),
        s: d.getSeconds(),
        ms: d.getMilliseconds(),
      };
}

function clockOf(p: Parts, withMs: boolean): string {
  const ms = withMs ? `.${pad(p.ms, 3)}` : '';
  if (display.clock === '12h') {
    const h = p.h % 12 === 0 ? 12 : p.h % 12;
    return `${h}:${pad(p.m)}:${pad(p.s)}${ms} ${p.h < 12 ? 'AM' : 'PM'}`;
  }
  return `${pad(p.h)}:${pad(p.m)}:${pad(p.s)}${ms}`;
}

/** " UTC" after a time shown in UTC, so nobody mistakes it for their own clock. */
export function zoneSuffix(): string {
  return display.zone === 'utc' ? ' UTC' : '';
}

/** "14:03:07.123" today, "Nov 22 14:03:07" on another day (" UTC" after it when shown in UTC). */
export function formatClock(ts: number | null | undefined, now = Date.now()): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return '—';
  const d = partsOf(ts);
  const n = partsOf(now);
  const sameDay = d.year === n.year && d.month === n.month && d.day === n.day;
  if (sameDay) return `${clockOf(d, true)}${zoneSuffix()}`;
  return `${MONTHS[d.month]} ${d.day} ${clockOf(d, false)}${zoneSuffix()}`;
}

/** "11-22 14:03:07.123": the Trace Explorer's dense time, in the chosen zone and clock (the header says which). */
export function formatDenseTime(ts: number): string {
  const p = partsOf(ts);
  return `${pad(p.month + 1)}-${pad(p.day)} ${clockOf(p, true)}`;
}

/** "2026-11-22 14:03:07.123" (with " UTC" when shown in UTC): a full timestamp for a table cell. */
export function formatTimestamp(ts: number | null | undefined): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return '—';
  const p = partsOf(ts);
  return `${p.year}-${pad(p.month + 1)}-${pad(p.day)} ${clockOf(p, true)}${zoneSuffix()}`;
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
