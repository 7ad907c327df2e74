import { describe, expect, it } from 'vitest';
import { BlockCache } from '../../../renderer/explorer/block-cache.ts';
import { FetchError, RowWindow } from '../../../renderer/explorer/row-window.ts';
import { fakePages } from './row-fixtures.ts';

describe('BlockCache', () => {
  it('keeps at most maxBlocks, dropping the least recently used', () => {
    const c = new BlockCache<number>(3);
    for (const i of [0, 1, 2]) c.set(i, { rows: [i], nextCursor: null });
    c.get(0); // 1 is now the oldest
    c.set(3, { rows: [3], nextCursor: null });
    expect([...c.entries()].map(([i]) => i)).toEqual([2, 0, 3]);
    expect(c.size).toBe(3);
    expect(c.rowCount).toBe(3);
  });
});

describe('RowWindow', () => {
  it('returns any range of rows in order, across blocks and at the end', async () => {
    const { rows, fetch } = fakePages(1000);
    const w = new RowWindow(fetch, { blockSize: 100 });
    expect((await w.range(0, 10)).map((r) => r.id)).toEqual(rows.slice(0, 10).map((r) => r.id));
    expect((await w.range(95, 205)).map((r) => r.id)).toEqual(rows.slice(95, 205).map((r) => r.id));
    expect((await w.range(990, 1100)).map((r) => r.id)).toEqual(rows.slice(990).map((r) => r.id));
    expect(await w.range(1200, 1300)).toEqual([]);
  });

  it('scrolls down through cursors and jumps with an offset, never walking the rows between', async () => {
    const { calls, fetch } = fakePages(10_000_000);
    const w = new RowWindow(fetch, { blockSize: 100 });
    await w.range(0, 300);
    expect(calls.map((c) => (c.cursor ? 'cursor' : c.offset ? `offset ${c.offset}` : 'first'))).toEqual([
      'first',
      'cursor',
      'cursor',
    ]);
    calls.length = 0;
    const mid = await w.range(5_000_000, 5_000_050);
    expect(mid[0].id).toBe(10_000_000 - 5_000_000);
    expect(calls).toEqual([{ limit: 100, offset: 5_000_000 }]);
    calls.length = 0;
    await w.range(5_000_100, 5_000_200); // the next block follows the jumped-to block's cursor
    expect(calls.map((c) => !!c.cursor)).toEqual([true]);
  });

  it('holds a bounded number of rows however far the user scrolls', async () => {
    const { fetch } = fakePages(1_000_000);
    const w = new RowWindow(fetch, { blockSize: 100, maxBlocks: 10 });
    for (let i = 0; i < 200; i++) await w.range(i * 4_000, i * 4_000 + 100);
    expect(w.loadedRows).toBe(1000);
  });

  it('fetches a block once even when asked twice at the same time', async () => {
    const { calls, fetch } = fakePages(1000);
    const w = new RowWindow(fetch);
    await Promise.all([w.range(0, 50), w.range(10, 60)]);
    expect(calls).toHaveLength(1);
    expect(w.peek(42)?.id).toBe(1000 - 42);
    expect(w.findLoaded(1000 - 42)).toBe(42);
    expect(w.findLoaded(1)).toBe(-1);
  });

  it('rejects with the engine error (its kind and sentence)', async () => {
    const w = new RowWindow(async () => ({
      ok: false,
      error: { kind: 'timeout', message: 'The query took longer than 5 s.' },
    }));
    const err = await w.range(0, 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).error.kind).toBe('timeout');
  });
});
