import { describe, expect, it } from 'vitest';
import { formatDuration, layoutWaterfall, niceStep } from '../../../renderer/explorer/waterfall-layout.ts';
import { tree } from './row-fixtures.ts';

describe('waterfall layout', () => {
  const T = tree('t1', [
    ['root', 0, 0, 100, [1]],
    ['a', 1, 10, 30, [2]],
    ['a1', 2, 15, 0, [3]],
    ['b', 1, 50, null, [4], 'ERROR'],
  ]);

  it('places bars by start offset and duration on one axis, indented by depth', () => {
    const l = layoutWaterfall(T);
    expect(l.totalMs).toBe(100);
    expect(l.bars.map((b) => [b.depth, b.left, b.width, b.untimed, b.error])).toEqual([
      [0, 0, 1, false, false],
      [1, 0.1, 0.3, false, false],
      [2, 0.15, 0.002, false, false], // a 0 ms call stays visible
      [1, 0.5, 0, true, true],
    ]);
    expect(l.ticks.map((t) => t.label)).toEqual(['0 µs', '20 ms', '40 ms', '60 ms', '80 ms', '100 ms']);
  });

  it('marks calls matching a search in names, variables and values', () => {
    const l = layoutWaterfall(T, 'CALL.A');
    expect(l.bars.map((b) => b.matches)).toEqual([false, true, true, false]);
    expect(l.matchCount).toBe(2);
    expect(layoutWaterfall(T, '4').bars.map((b) => b.matches)).toEqual([false, false, false, true]); // row 4's value
  });

  it('never draws past the axis', () => {
    const odd = tree('t2', [
      ['r', 0, 0, 10, [1]],
      ['late', 1, 9, 50, [2]],
    ]);
    const l = layoutWaterfall({ ...odd, durationMs: 10 });
    for (const b of l.bars) expect(b.left + b.width).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('formats durations and picks round tick steps', () => {
    expect(formatDuration(0.25)).toBe('250 µs');
    expect(formatDuration(3)).toBe('3 ms');
    expect(formatDuration(2.5)).toBe('2.5 ms');
    expect(formatDuration(1500)).toBe('1.50 s');
    expect(formatDuration(null)).toBe('—');
    expect(niceStep(1000)).toBe(200);
    expect(niceStep(37)).toBe(10);
  });
});
