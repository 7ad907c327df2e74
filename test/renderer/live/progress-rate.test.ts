import { describe, expect, it } from 'vitest';
import {
  addSample,
  formatTimeLeft,
  progressView,
  RATE_WINDOW_MS,
  type ProgressSample,
} from '../../../renderer/live/progress-rate.ts';

function feed(points: [number, number][]): ProgressSample[] {
  return points.reduce<ProgressSample[]>((acc, [at, indexedRows]) => addSample(acc, { at, indexedRows }), []);
}

describe('index build progress', () => {
  it('measures rows/s over the recent window, so a slowdown shows in the time left', () => {
    // 100k rows/s for 10 s, then 10k rows/s for 6 s.
    const pts: [number, number][] = [];
    for (let t = 0; t <= 10_000; t += 200) pts.push([t, t * 100]);
    for (let t = 10_200; t <= 16_000; t += 200) pts.push([t, 1_000_000 + (t - 10_000) * 10]);
    const samples = feed(pts);
    expect(samples[samples.length - 1].at - samples[0].at).toBeLessThanOrEqual(RATE_WINDOW_MS + 200);
    const last = pts[pts.length - 1][1];
    const v = progressView(samples, { indexedRows: last, totalRows: 2_000_000, building: true });
    expect(v.rowsPerSec).toBeCloseTo(10_000, -2);
    expect(v.secondsLeft).toBeCloseTo((2_000_000 - last) / 10_000, -1);
    expect(v.fraction).toBeCloseTo(last / 2_000_000, 5);
  });

  it('gives no rate until the samples span enough time, and no time left once built', () => {
    const one = feed([
      [0, 0],
      [50, 5000],
    ]);
    expect(progressView(one, { indexedRows: 5000, totalRows: 10_000, building: true }).rowsPerSec).toBeNull();
    const done = feed([
      [0, 0],
      [1000, 10_000],
    ]);
    const v = progressView(done, { indexedRows: 10_000, totalRows: 10_000, building: false });
    expect(v.fraction).toBe(1);
    expect(v.secondsLeft).toBeNull();
  });

  it('forgets samples from before a rebuild (rows going backwards)', () => {
    const s = feed([
      [0, 0],
      [1000, 50_000],
      [2000, 100],
      [2600, 6100],
    ]);
    expect(s.every((x) => x.indexedRows <= 6100)).toBe(true);
    const v = progressView(s, { indexedRows: 6100, totalRows: 100_000, building: true });
    expect(v.rowsPerSec).toBeCloseTo(10_000, -2);
  });

  it('says the time left in words', () => {
    expect(formatTimeLeft(null)).toBe('estimating time left…');
    expect(formatTimeLeft(3)).toBe('a few seconds left');
    expect(formatTimeLeft(42)).toBe('about 42 s left');
    expect(formatTimeLeft(80)).toBe('about 1 min 20 s left');
    expect(formatTimeLeft(7200 + 600)).toBe('about 2 h 10 min left');
  });
});
