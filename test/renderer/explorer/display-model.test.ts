import { describe, expect, it } from 'vitest';
import { DisplayModel } from '../../../renderer/explorer/display-model.ts';
import { RowWindow } from '../../../renderer/explorer/row-window.ts';
import {
  displayCount,
  displayIndexOfBase,
  flattenTree,
  locate,
  shiftExpansions,
  type Expansion,
} from '../../../renderer/explorer/tree-rows.ts';
import { fakePages, tree } from './row-fixtures.ts';

const T = tree('t1', [
  ['root', 0, 0, 100, [11, 12]],
  ['a', 1, 10, 30, [13]],
  ['a1', 2, 15, 10, [14, 15]],
  ['b', 1, 50, 40, [16], 'ERROR'],
]);

describe('flattenTree', () => {
  it('lists the trace rows depth-first, indented by call depth, without the row it was opened from', () => {
    const kids = flattenTree(T, 13);
    expect(kids.map((k) => [k.row.id, k.depth, k.callStart])).toEqual([
      [11, 1, true],
      [12, 1, false],
      [14, 3, true],
      [15, 3, false],
      [16, 2, true],
    ]);
    expect(flattenTree(T, null)).toHaveLength(T.rowCount);
  });
});

describe('display index mapping', () => {
  const exp = (base: number, n: number): Expansion => ({
    base,
    rowId: base,
    traceId: 't',
    children: flattenTree(T, null).slice(0, n),
  });
  const exps = [exp(2, 3), exp(5, 2)];

  it('splices children under their row and shifts the rows after', () => {
    expect(displayCount(10, exps)).toBe(15);
    const seen = Array.from({ length: 15 }, (_, i) => {
      const l = locate(i, exps);
      return l.kind === 'base' ? `b${l.base}` : `c${l.base}.${l.child}`;
    });
    expect(seen).toEqual([
      'b0',
      'b1',
      'b2',
      'c2.0',
      'c2.1',
      'c2.2',
      'b3',
      'b4',
      'b5',
      'c5.0',
      'c5.1',
      'b6',
      'b7',
      'b8',
      'b9',
    ]);
    expect(displayIndexOfBase(5, exps)).toBe(8);
    expect(displayIndexOfBase(6, exps)).toBe(11);
  });

  it('moves anchors down with their rows when new rows arrive on top', () => {
    expect(shiftExpansions(exps, 7).map((e) => e.base)).toEqual([9, 12]);
  });
});

describe('DisplayModel', () => {
  it('serves base rows and expanded children to the grid, and collapses back', async () => {
    const { rows, fetch } = fakePages(500);
    const m = new DisplayModel(new RowWindow(fetch), 500);
    const opened = rows.at(3);
    m.expand({ base: 3, rowId: opened.id, traceId: 't1', children: flattenTree(T, null) });
    expect(m.count).toBe(506);
    const shown = await m.rows(0, 12);
    expect(shown.map((r) => (r.child ? `  ${r.row.id}@${r.depth}` : `${r.row.id}`))).toEqual([
      '500',
      '499',
      '498',
      '497',
      '  11@1',
      '  12@1',
      '  13@2',
      '  14@3',
      '  15@3',
      '  16@2',
      '496',
      '495',
    ]);
    expect(shown[3]).toMatchObject({ expanded: true, expandable: true, key: 'r497' });
    expect(shown[4].key).toBe(`c${opened.id}-11`);
    expect((await m.rows(503, 600)).map((r) => r.row.id)).toEqual([3, 2, 1]);
    m.collapse(3);
    expect(m.count).toBe(500);
    expect((await m.rows(3, 5)).map((r) => r.row.id)).toEqual([497, 496]);
  });

  it('keeps at most 20 expansions', () => {
    const m = new DisplayModel(new RowWindow(fakePages(100).fetch), 100);
    for (let b = 0; b < 25; b++) m.expand({ base: b, rowId: b, traceId: 't', children: [] });
    expect(m.expansions).toHaveLength(20);
    expect(m.isExpanded(0)).toBe(false);
    expect(m.isExpanded(24)).toBe(true);
  });
});

describe('DisplayModel expansions that wait for their tree', () => {
  it('opens at once and fills in by row id, even after live rows moved it', () => {
    const m = new DisplayModel(new RowWindow(fakePages(100).fetch), 100);
    m.expand({ base: 2, rowId: 98, traceId: 't', children: [] });
    expect(m.count).toBe(100);
    m.shift(5);
    expect(m.setChildren(98, flattenTree(T, null))).toBe(true);
    expect(m.expansions[0]).toMatchObject({ base: 7, rowId: 98 });
    expect(m.count).toBe(106);
    expect(m.setChildren(12345, [])).toBe(false);
  });
});
