// Timestamps arrive as ISO text, unix seconds, milliseconds, micro- or nanoseconds, sometimes as
// numeric text; all must land on the same epoch milliseconds, and anything else on null.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toEpochMs } from '../../../db/source/timestamp.ts';

const NOON = Date.UTC(2026, 10, 20, 12, 0, 0); // 2026-11-20T12:00:00Z

describe('toEpochMs: ISO-8601 text', () => {
  it('reads Z and naive times as UTC', () => {
    expect(toEpochMs('2026-11-20T12:00:00Z')).toBe(NOON);
    expect(toEpochMs('2026-11-20T12:00:00z')).toBe(NOON);
    expect(toEpochMs('2026-11-20T12:00:00')).toBe(NOON);
    expect(toEpochMs('2026-11-20T12:00Z')).toBe(NOON);
  });

  it('applies offsets with and without a colon, and hour-only offsets', () => {
    expect(toEpochMs('2026-11-20T12:00:00+02:00')).toBe(NOON - 2 * 3_600_000);
    expect(toEpochMs('2026-11-20T12:00:00+0200')).toBe(NOON - 2 * 3_600_000);
    expect(toEpochMs('2026-11-20T12:00:00+02')).toBe(NOON - 2 * 3_600_000);
    expect(toEpochMs('2026-11-20T12:00:00-0530')).toBe(NOON + 5.5 * 3_600_000);
    expect(toEpochMs('2026-11-20T12:00:00-05:30')).toBe(NOON + 5.5 * 3_600_000);
    expect(toEpochMs('2026-11-20T12:00:00+00:00')).toBe(NOON);
  });

  it("accepts a space instead of T (SQLite's datetime() format)", () => {
    expect(toEpochMs('2026-11-20 12:00:00')).toBe(NOON);
    expect(toEpochMs('2026-11-20 12:00:00.250+01:00')).toBe(NOON + 250 - 3_600_000);
  });

  it('keeps milliseconds and truncates micro- and nanosecond fractions', () => {
    expect(toEpochMs('2026-11-20T12:00:00.5Z')).toBe(NOON + 500);
    expect(toEpochMs('2026-11-20T12:00:00.123Z')).toBe(NOON + 123);
    expect(toEpochMs('2026-11-20T12:00:00.123456')).toBe(NOON + 123);
    expect(toEpochMs('2026-11-20T12:00:00.123999+00:00')).toBe(NOON + 123);
    expect(toEpochMs('2026-11-20T12:00:00.999999999Z')).toBe(NOON + 999);
    expect(toEpochMs('2026-11-20T12:00:00,75Z')).toBe(NOON + 750);
  });

  it('gets every millisecond exactly, with no floating-point off-by-one', () => {
    const wrong: string[] = [];
    for (let ms = 0; ms < 1000; ms++) {
      const f = String(ms).padStart(3, '0');
      for (const text of [
        `2026-11-20T12:00:00.${f}Z`,
        `2026-11-20T12:00:00.${f}999`,
        `2026-11-20T12:00:00.${f}000001`,
      ]) {
        if (toEpochMs(text) !== NOON + ms) wrong.push(text);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads a date alone as UTC midnight', () => {
    expect(toEpochMs('2026-11-20')).toBe(Date.UTC(2026, 10, 20));
    expect(toEpochMs('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });

  it('trims surrounding whitespace', () => {
    expect(toEpochMs('  2026-11-20T12:00:00Z\n')).toBe(NOON);
  });

  it('reads naive ISO as UTC whatever the local time zone is', () => {
    const url = pathToFileURL(resolve(import.meta.dirname, '../../../db/source/timestamp.ts')).href;
    const code = `
      import { toEpochMs } from ${JSON.stringify(url)};
      console.log(JSON.stringify({ naive: toEpochMs('2026-11-20T12:00:00'), dateOnly: toEpochMs('2026-11-20'), local: new Date(2026, 10, 20, 12).getTime() }));`;
    for (const tz of ['Asia/Kolkata', 'America/New_York', 'Pacific/Chatham']) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.local, `TZ=${tz} should really change local time`).not.toBe(NOON);
      expect(out).toMatchObject({ naive: NOON, dateOnly: Date.UTC(2026, 10, 20) });
    }
  });
});

describe('toEpochMs: numbers', () => {
  it('reads unix seconds, integer and fractional', () => {
    expect(toEpochMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(toEpochMs(1_700_000_000.25)).toBe(1_700_000_000_250);
    expect(toEpochMs(1_700_000_000.0004)).toBe(1_700_000_000_000);
    expect(toEpochMs(0)).toBe(0);
  });

  it('reads unix milliseconds, microseconds and nanoseconds', () => {
    expect(toEpochMs(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(toEpochMs(1_700_000_000_123_456)).toBe(1_700_000_000_123);
    expect(toEpochMs(1_700_000_000_123_456_789n)).toBe(1_700_000_000_123);
    expect(toEpochMs(1.700000000123e18)).toBe(1_700_000_000_123);
  });

  it('reads bigints as it reads numbers', () => {
    expect(toEpochMs(1_700_000_000n)).toBe(1_700_000_000_000);
    expect(toEpochMs(1_700_000_000_123n)).toBe(1_700_000_000_123);
  });

  it('reads numeric text as the number it spells', () => {
    expect(toEpochMs('1700000000')).toBe(1_700_000_000_000);
    expect(toEpochMs('1700000000.25')).toBe(1_700_000_000_250);
    expect(toEpochMs('1700000000123')).toBe(1_700_000_000_123);
    expect(toEpochMs('1700000000123456')).toBe(1_700_000_000_123);
    expect(toEpochMs(' 1700000000 ')).toBe(1_700_000_000_000);
  });

  it('agrees between the ISO and numeric spellings of one instant', () => {
    const iso = '2023-11-14T22:13:20.250Z';
    const ms = Date.parse(iso);
    expect(toEpochMs(iso)).toBe(ms);
    expect(toEpochMs(ms / 1000)).toBe(ms);
    expect(toEpochMs(ms)).toBe(ms);
    expect(toEpochMs(ms * 1000)).toBe(ms);
    expect(toEpochMs(String(ms / 1000))).toBe(ms);
  });
});

describe('toEpochMs: anything else is null', () => {
  it.each([
    ['empty text', ''],
    ['blank text', '   '],
    ['a word', 'yesterday'],
    ['a number with a unit', '1700000000s'],
    ['negative numeric text', '-5'],
    ['a negative number', -1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['month 13', '2026-13-01'],
    ['month 0', '2026-00-10'],
    ['day 0', '2026-11-00'],
    ['day 32', '2026-01-32'],
    ['February 30', '2026-02-30'],
    ['February 29 in a common year', '2026-02-29T10:00:00Z'],
    ['April 31', '2026-04-31'],
    ['hour 24', '2026-11-20T24:00:00Z'],
    ['minute 60', '2026-11-20T12:60:00Z'],
    ['seconds 61', '2026-11-20T12:00:61Z'],
    ['an offset of 25 hours', '2026-11-20T12:00:00+25:00'],
    ['an offset with 99 minutes', '2026-11-20T12:00:00+02:99'],
    ['a named zone', '2026-11-20T12:00:00 CET'],
    ['an RFC 2822 date', 'Fri, 20 Nov 2026 12:00:00 GMT'],
    ['a US date', '11/20/2026'],
    ['trailing junk', '2026-11-20T12:00:00Zjunk'],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
    ['an object', { ts: 1 }],
    ['a blob', Buffer.from('2026-11-20')],
  ])('%s', (_label, value) => {
    expect(toEpochMs(value)).toBeNull();
  });
});
