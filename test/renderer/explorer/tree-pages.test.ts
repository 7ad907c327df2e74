import { describe, expect, it } from 'vitest';
import type { TraceTree } from '../../../db/api/types.ts';
import { appendTreePage, callsLabel } from '../../../renderer/explorer/tree-pages.ts';
import { tree } from './row-fixtures.ts';

/** Pages of a 5-call tree as the engine sends them: `at` calls in, `n` calls long. */
function page(at: number, n: number): TraceTree {
  const whole = tree('T', [
    ['a', 0, 0, 50, [1]],
    ['b', 1, 5, 10, [2]],
    ['c', 2, 6, 2, [3, 4]],
    ['d', 1, 20, 5, [5]],
    ['e', 0, 60, 1, [6]],
  ]);
  const nodes = whole.nodes.slice(at, at + n);
  const next = at + nodes.length;
  return {
    ...whole,
    nodes,
    offset: at,
    rowCount: nodes.reduce((k, x) => k + x.rows.length, 0),
    nextOffset: next < 5 ? next : null,
    nextAfter: next < 5 ? next : null,
    moreCalls: 5 - next,
  };
}

describe('trace pages in the waterfall', () => {
  it('appends the next page after the calls loaded so far, and ends with nothing more', () => {
    const two = appendTreePage(page(0, 2), page(2, 2));
    expect(two.nodes.map((n) => n.spanId)).toEqual(['a', 'b', 'c', 'd']);
    expect(two).toMatchObject({ offset: 0, nextOffset: 4, moreCalls: 1, rowCount: 5, callCount: 5 });
    expect(callsLabel(two)).toBe('4 of 5 calls');
    const all = appendTreePage(two, page(4, 2));
    expect(all).toMatchObject({ nextOffset: null, moreCalls: 0, rowCount: 6 });
    expect(callsLabel(all)).toBe('5 calls');
  });

  it('ignores a page that does not continue the tree (a stale answer, another trace)', () => {
    const first = page(0, 2);
    expect(appendTreePage(first, page(3, 2))).toBe(first);
    expect(appendTreePage(first, { ...page(2, 2), traceId: 'other' })).toBe(first);
  });
});
