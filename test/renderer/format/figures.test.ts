import { describe, expect, it } from 'vitest';
import {
  exceptionHeadline,
  formatBytes,
  formatCount,
  formatMs,
  formatMsAxis,
  formatPercent,
  formatPerSec,
  formatRatio,
} from '../../../renderer/format/figures.ts';
import { describeRange, formatAgo } from '../../../renderer/format/time.ts';

describe('figures', () => {
  it('formats counts plainly, or compactly for big numbers', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(1_234_567, { compact: true })).toBe('1.23M');
    expect(formatCount(22_151, { compact: true })).toBe('22.2k');
    expect(formatCount(950, { compact: true })).toBe('950');
    expect(formatCount(null)).toBe('—');
    expect(formatCount(NaN)).toBe('—');
  });

  it('formats percentages and ratios with at most 3 significant figures', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.4512)).toBe('0.45%');
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(0.001)).toBe('<0.01%');
    expect(formatRatio(0.1)).toBe('10%');
    expect(formatRatio(null)).toBe('—');
  });

  it('formats rates per second', () => {
    expect(formatPerSec(0)).toBe('0/s');
    expect(formatPerSec(0.0333)).toBe('0.03/s');
    expect(formatPerSec(4)).toBe('4/s');
    expect(formatPerSec(12.34)).toBe('12.3/s');
    expect(formatPerSec(2345)).toBe('2.3k/s');
  });

  it('formats durations from microseconds to minutes', () => {
    expect(formatMs(0.25)).toBe('250 µs');
    expect(formatMs(4.567)).toBe('4.57 ms');
    expect(formatMs(48)).toBe('48 ms');
    expect(formatMs(250.4)).toBe('250 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(125_000)).toBe('2 min 5 s');
    expect(formatMs(null)).toBe('—');
    expect(formatMsAxis(100_000)).toBe('100 s');
    expect(formatMsAxis(20)).toBe('20 ms');
    expect(formatMsAxis(0.5)).toBe('500 µs');
  });

  it('formats memory deltas with a sign', () => {
    expect(formatBytes(2048, { signed: true })).toBe('+2 KB');
    expect(formatBytes(-1536)).toBe('-1.5 KB');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
  });

  it("takes a Python traceback's last line as its headline, anything else's first line", () => {
    expect(
      exceptionHeadline('Traceback (most recent call last):\n  File "x.py", line 4, in f\nValueError: out of stock\n'),
    ).toBe('ValueError: out of stock');
    expect(exceptionHeadline('TimeoutError: read timed out\nmore detail')).toBe('TimeoutError: read timed out');
    const twilio =
      'Traceback (most recent call last):\n  File "sms.py", line 9, in send\n    client.send(to)\ntwilio.base.exceptions.TwilioRestException: HTTP 429 error: Too Many Requests\nFor more information check: https://example.invalid/docs\n';
    expect(exceptionHeadline(twilio)).toBe(
      'twilio.base.exceptions.TwilioRestException: HTTP 429 error: Too Many Requests',
    );
    expect(exceptionHeadline(null)).toBe('');
    expect(exceptionHeadline('\n\n')).toBe('');
  });
});

describe('time', () => {
  it('says how long ago in words', () => {
    const now = 1_800_000_000_000;
    expect(formatAgo(now - 500, now)).toBe('just now');
    expect(formatAgo(now - 42_000, now)).toBe('42 s ago');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 3 * 3_600_000 - 120_000, now)).toBe('3 h 2 min ago');
    expect(formatAgo(now - 50 * 3_600_000, now)).toBe('2 d ago');
    expect(formatAgo(null, now)).toBe('—');
  });

  it('names ranges in a sentence', () => {
    expect(describeRange({ preset: '1h' })).toBe('the last hour');
    expect(describeRange({ from: 1, to: 2 })).toBe('the selected time range');
  });
});
