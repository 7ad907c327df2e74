import { describe, expect, it } from 'vitest';
import type { StaleVariable } from '../../../db/api/inspector-api.ts';
import { staleIndex, staleVariable } from '../../../renderer/explorer/stale-marks.ts';
import { growthRange, rangeIsOpen, snapshotRange } from '../../../renderer/explorer/snapshot-range.ts';
import { row } from './row-fixtures.ts';

const v: StaleVariable = {
  process: 'inv.poll',
  data: 'last',
  value: 'same',
  valueType: 'str',
  runLength: 60,
  threshold: 5,
  stale: true,
  runStartTs: 100,
  staleSinceTs: 200,
  lastTs: 900,
  lastId: 50,
};

describe('stale marks', () => {
  const idx = staleIndex([v, { ...v, data: 'fresh', stale: false }]);
  it('marks rows of a stale run past its threshold', () => {
    expect(staleVariable(idx, row(40, { process: 'inv.poll', data: 'last', dataValue: 'same', ts: 500 }))).toBe(v);
  });
  it('leaves other values, rows before the threshold, later rows and fresh variables alone', () => {
    expect(staleVariable(idx, row(40, { process: 'inv.poll', data: 'last', dataValue: 'other', ts: 500 }))).toBeNull();
    expect(staleVariable(idx, row(40, { process: 'inv.poll', data: 'last', dataValue: 'same', ts: 150 }))).toBeNull();
    expect(staleVariable(idx, row(60, { process: 'inv.poll', data: 'last', dataValue: 'same', ts: 950 }))).toBeNull();
    expect(staleVariable(idx, row(40, { process: 'inv.poll', data: 'fresh', dataValue: 'same', ts: 500 }))).toBeNull();
  });
});

describe('snapshot range', () => {
  it('pins a preset to the moment of the snapshot and counts growth from its start', () => {
    expect(snapshotRange({ preset: '1h' }, 10_000_000)).toEqual({ from: 6_400_000, to: 10_000_001 });
    expect(snapshotRange({ preset: 'all' }, 5)).toEqual({ to: 6 });
    expect(growthRange({ preset: '1h' }, { from: 6_400_000, to: 10_000_001 })).toEqual({ from: 6_400_000 });
    expect(growthRange({ preset: 'all' }, { to: 6 })).toEqual({});
  });
  it('keeps a custom range as it is', () => {
    expect(snapshotRange({ from: 1, to: 9 }, 100)).toEqual({ from: 1, to: 9 });
    expect(growthRange({ from: 1, to: 9 }, { from: 1, to: 9 })).toEqual({ from: 1, to: 9 });
    expect(rangeIsOpen({ from: 1, to: 9 }, 1_000_000)).toBe(false);
    expect(rangeIsOpen({ preset: '5m' }, 1_000_000)).toBe(true);
  });
});
