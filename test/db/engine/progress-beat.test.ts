// While the indexer runs one long statement (the duration indexes at the end of a first build) it
// posts nothing; the host repeats its last progress event so the UI hears from it every beat.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBeat } from '../../../db/engine/progress-beat.ts';

const progress = (longStep?: boolean) => ({
  type: 'progress' as const,
  indexedRows: 10,
  totalRows: 10,
  building: true,
  ...(longStep ? { longStep } : {}),
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressBeat', () => {
  it('repeats progress while the indexer is in a long step, and stops at its next event', () => {
    vi.useFakeTimers();
    let sent = 0;
    const beat = new ProgressBeat(() => {
      sent++;
      return true;
    });
    beat.onEvent(progress());
    vi.advanceTimersByTime(5_000);
    expect(sent, 'an ordinary progress event starts nothing').toBe(0);
    beat.onEvent(progress(true));
    vi.advanceTimersByTime(2_100);
    expect(sent).toBe(4);
    beat.onEvent({ type: 'state', state: 'live', message: null });
    vi.advanceTimersByTime(5_000);
    expect(sent, 'the indexer spoke again: the beat stopped').toBe(4);
  });

  it('stops once its database is closed', () => {
    vi.useFakeTimers();
    let sent = 0;
    const beat = new ProgressBeat(() => ++sent < 2);
    beat.onEvent(progress(true));
    vi.advanceTimersByTime(10_000);
    expect(sent).toBe(2);
  });
});
