import { describe, expect, it } from 'vitest';
import type { StaleVariable } from '../../../db/api/inspector-api.ts';
import type { GridRow } from '../../../renderer/explorer/display-model.ts';
import { markRedraws } from '../../../renderer/explorer/mark-redraws.ts';
import { staleIndex } from '../../../renderer/explorer/stale-marks.ts';
import { row } from './row-fixtures.ts';

const gridRow = (id: number, value: string): GridRow => ({
  key: `r${id}`,
  row: row(id, { process: 'inv.poll', data: 'last', dataValue: value, ts: 1000 + id }),
  depth: 0,
  base: 100 - id,
  child: false,
  expandable: true,
  expanded: false,
  callStart: false,
  callDurationMs: null,
});

const run: StaleVariable = {
  process: 'inv.poll',
  data: 'last',
  value: 'same',
  valueType: 'str',
  runLength: 10,
  threshold: 5,
  stale: true,
  runStartTs: 1000,
  staleSinceTs: 1005,
  lastTs: 1010,
  lastId: 10,
};

// Rows 1..14 shown: 1..12 repeat "same", 13 and 14 differ.
const rows = Array.from({ length: 14 }, (_, i) => gridRow(i + 1, i + 1 <= 12 ? 'same' : 'other'));
const ids = (rs: GridRow[]) => rs.map((r) => r.row.id);

describe('mark redraws', () => {
  it('redraws nothing when the marks are the same object', () => {
    const marks = { stale: staleIndex([run]), loadingTrace: null };
    expect(markRedraws(rows, marks, marks)).toEqual({ value: [], process: [] });
  });

  it('redraws only the rows a growing run newly marks, not the rows already marked', () => {
    const before = { stale: staleIndex([run]), loadingTrace: null };
    // Two more repeats: rows 11 and 12 join the run; its length (shown on hover) changes for all.
    const after = { stale: staleIndex([{ ...run, runLength: 12, lastTs: 1012, lastId: 12 }]), loadingTrace: null };
    expect(ids(markRedraws(rows, before, after).value)).toEqual([11, 12]);
  });

  it('redraws every marked row when the threshold moves, and each once when the run ends', () => {
    const before = { stale: staleIndex([run]), loadingTrace: null };
    const moved = { stale: staleIndex([{ ...run, threshold: 3 }]), loadingTrace: null };
    expect(ids(markRedraws(rows, before, moved).value)).toEqual([5, 6, 7, 8, 9, 10]);
    const gone = { stale: staleIndex([{ ...run, stale: false }]), loadingTrace: null };
    expect(ids(markRedraws(rows, before, gone).value)).toEqual([5, 6, 7, 8, 9, 10]);
    // The same verdicts in a new index object: nothing to draw.
    expect(markRedraws(rows, before, { stale: staleIndex([run]), loadingTrace: null }).value).toEqual([]);
  });

  it('redraws the process cells of the trace whose spinner starts and of the one whose spinner stops', () => {
    const stale = staleIndex([]);
    const r = markRedraws(rows, { stale, loadingTrace: 'r3' }, { stale, loadingTrace: 'r7' });
    expect(ids(r.process)).toEqual([3, 7]);
    expect(r.value).toEqual([]);
  });
});
