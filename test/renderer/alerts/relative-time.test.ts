import { describe, expect, it } from 'vitest';
import { formatAgo, formatIn, snoozeLabel } from '../../../renderer/alerts/relative-time.ts';
import { attemptOutcome, eventLabel, formatDuration } from '../../../renderer/alerts/delivery-format.ts';
import { exportFileName, parseRulesFile } from '../../../renderer/alerts/rules-file.ts';

const NOW = 1_795_444_267_000;

describe('relative times', () => {
  it('says how long ago an alert fired', () => {
    expect(formatAgo(NOW - 500, NOW)).toBe('just now');
    expect(formatAgo(NOW - 42_000, NOW)).toBe('42 s ago');
    expect(formatAgo(NOW - 125_000, NOW)).toBe('2 min ago');
    expect(formatAgo(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
  });
  it('says when something ahead happens', () => {
    expect(formatIn(NOW - 1, NOW)).toBe('now');
    expect(formatIn(NOW + 40_000, NOW)).toBe('in 40 s');
    expect(formatIn(NOW + 14 * 60_000 + 40_000, NOW)).toBe('in 15 min');
    expect(formatIn(NOW + 15 * 60_000 + 4_000, NOW)).toBe('in 15 min');
    expect(formatIn(NOW + 59 * 60_000 + 50_000, NOW)).toBe('in 1 h');
    expect(formatIn(NOW + 2 * 3_600_000 + 5 * 60_000, NOW)).toBe('in 2 h 5 min');
    expect(formatIn(NOW + 8 * 3_600_000, NOW)).toBe('in 8 h');
    expect(formatIn(NOW + 3 * 86_400_000, NOW)).toBe('in 3 d');
  });
  it('shows a snooze until it ends, and an open-ended one as until resumed', () => {
    expect(snoozeLabel(null, NOW)).toBeNull();
    expect(snoozeLabel(NOW - 1, NOW)).toBeNull();
    expect(snoozeLabel(NOW + 3_600_000, NOW)).toBe('ends in 1 h');
    expect(snoozeLabel(NOW + 7 * 86_400_000, NOW)).toBe('ends in 7 d');
    expect(snoozeLabel(8.64e15, NOW)).toBe('until resumed');
  });
});

describe('delivery log words', () => {
  it('reads an attempt as its HTTP status or its error', () => {
    expect(attemptOutcome({ at: 1, statusCode: 204, error: null, durationMs: 3 })).toBe('HTTP 204');
    expect(attemptOutcome({ at: 1, statusCode: null, error: 'connection refused', durationMs: 3 })).toBe(
      'connection refused',
    );
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(5000)).toBe('5.00 s');
    expect(eventLabel('alert.firing')).toBe('firing');
    expect(eventLabel('test')).toBe('test');
  });
});

describe('rules file', () => {
  it('reads an export back, keeping only the documented fields', () => {
    const text = JSON.stringify({
      version: 1,
      rules: [
        {
          id: 'x',
          name: 'A',
          severity: 'info',
          enabled: false,
          condition: { kind: 'silence', source: 'rows', seconds: 9 },
          webhooks: ['wh_1'],
          snoozedUntil: 5,
        },
      ],
    });
    expect(parseRulesFile(text)).toEqual({
      ok: true,
      rules: [
        {
          name: 'A',
          severity: 'info',
          enabled: false,
          condition: { kind: 'silence', source: 'rows', seconds: 9 },
          webhooks: ['wh_1'],
        },
      ],
    });
  });
  it('says why a file cannot be imported', () => {
    expect(parseRulesFile('{')).toEqual({
      ok: false,
      message: 'This file is not JSON: choose a file written by Export.',
    });
    expect(parseRulesFile('{"version":2,"rules":[]}')).toEqual({
      ok: false,
      message: 'This file is version 2 of the rules format; this app reads version 1.',
    });
    expect(parseRulesFile('{"version":1}')).toEqual({
      ok: false,
      message: 'This file has no "rules" list: choose a file written by Export.',
    });
    expect(parseRulesFile('{"version":1,"rules":[{"name":"x"}]}')).toEqual({
      ok: false,
      message: 'Rule 1 in this file has no name, severity or condition.',
    });
  });
  it('names the export after the database', () => {
    expect(exportFileName('/home/me/app/traces.db')).toBe('alert-rules-traces.json');
  });
});
