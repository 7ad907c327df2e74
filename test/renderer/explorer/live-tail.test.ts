import { describe, expect, it } from 'vitest';
import { badgeLabel, LiveTail } from '../../../renderer/explorer/live-tail.ts';

describe('LiveTail', () => {
  it('takes new rows in when the user reads the top with live on', () => {
    const t = new LiveTail();
    t.reset(1000);
    expect(t.decide({ live: true, atTop: true })).toBe('idle');
    t.observe(1040);
    expect(t.pending).toBe(40);
    expect(t.decide({ live: true, atTop: true })).toBe('advance');
  });

  it('counts rows that arrive while scrolled away or paused, without moving the rows', () => {
    const t = new LiveTail();
    t.reset(1000);
    t.observe(1010);
    expect(t.decide({ live: true, atTop: false })).toBe('badge');
    t.observe(1250);
    expect(t.pending).toBe(250);
    expect(t.snapshotCount).toBe(1000);
    expect(t.decide({ live: false, atTop: true })).toBe('badge');
    expect(t.decide({ live: true, atTop: true, reading: true })).toBe('badge'); // an expanded trace stays put
    t.reset(1250); // the badge was clicked: a new snapshot
    expect(t.pending).toBe(0);
  });

  it('never counts below zero when the writer deleted old rows', () => {
    const t = new LiveTail();
    t.reset(1000);
    t.observe(900);
    expect(t.pending).toBe(0);
  });

  it('words the badge', () => {
    expect(badgeLabel(0)).toBe('');
    expect(badgeLabel(1)).toBe('1 new row');
    expect(badgeLabel(12_345)).toBe('12,345 new rows');
    expect(badgeLabel(3_200_000)).toBe('3M+ new rows');
  });
});
