import { afterEach, describe, expect, it } from 'vitest';
import { formatClock, formatTimestamp, setTimeDisplay } from '../../../renderer/format/time.ts';
import { formatTimestamp as gridTime } from '../../../renderer/explorer/cell-format.ts';

const TS = Date.UTC(2026, 10, 22, 21, 3, 7, 123);
const SAME_DAY = TS + 60_000;
const NEXT_WEEK = TS + 7 * 86_400_000;

describe('time formats follow the user settings', () => {
  afterEach(() => setTimeDisplay({ zone: 'local', clock: '24h' }));

  it('shows UTC with a UTC mark, whatever the machine zone', () => {
    setTimeDisplay({ zone: 'utc', clock: '24h' });
    expect(formatClock(TS, SAME_DAY)).toBe('21:03:07.123 UTC');
    expect(formatClock(TS, NEXT_WEEK)).toBe('Nov 22 21:03:07 UTC');
    expect(formatTimestamp(TS)).toBe('2026-11-22 21:03:07.123 UTC');
  });

  it("writes the Trace Explorer's dense time in the chosen zone and clock too", () => {
    setTimeDisplay({ zone: 'utc', clock: '24h' });
    expect(gridTime(TS, null)).toBe('11-22 21:03:07.123');
    setTimeDisplay({ zone: 'utc', clock: '12h' });
    expect(gridTime(TS, null)).toBe('11-22 9:03:07.123 PM');
    expect(gridTime(null, 'yesterday-ish')).toBe('yesterday-ish');
  });

  it('shows a 12-hour clock with AM/PM, noon and midnight as 12', () => {
    setTimeDisplay({ zone: 'utc', clock: '12h' });
    expect(formatClock(TS, SAME_DAY)).toBe('9:03:07.123 PM UTC');
    expect(formatClock(Date.UTC(2026, 10, 22, 0, 5), Date.UTC(2026, 10, 22, 1))).toBe('12:05:00.000 AM UTC');
    expect(formatClock(Date.UTC(2026, 10, 22, 12, 5), Date.UTC(2026, 10, 22, 13))).toBe('12:05:00.000 PM UTC');
  });

  it("shows the machine's own clock without a mark in local mode", () => {
    const d = new Date(TS);
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(formatClock(TS, TS)).toBe(`${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.123`);
  });

  it('says — for a missing time', () => {
    setTimeDisplay({ zone: 'utc', clock: '24h' });
    expect(formatClock(null)).toBe('—');
    expect(formatTimestamp(Number.NaN)).toBe('—');
  });
});
