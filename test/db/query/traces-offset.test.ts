// traces with an offset: the page that starts at row number N must be exactly what walking N rows
// through cursors would reach, for every filter and both orders, and finding it must not cost a
// walk (a scrollbar dragged to the middle of a big database).
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { createTraceDb } from '../../fixtures/trace-db.ts';
import { bulkTraceDb, newEngine, openLive } from '../engine/engine-harness.ts';
import { seededRandom } from './seeded-random.ts';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const GROUPS = ['orders', 'payments', null, 'cache'] as const;

describe('traces with an offset', () => {
  let engine: Engine;
  let db: string;
  let file: Database.Database;

  beforeAll(async () => {
    const path = createTraceDb();
    file = new Database(path);
    const rnd = seededRandom(42);
    const ins = file.prepare(
      'INSERT INTO data_trace (process, process_group, timestamp, status, data, data_value) VALUES (?, ?, ?, ?, ?, ?)',
    );
    file.transaction(() => {
      let prev = 0;
      for (let i = 0; i < 3000; i++) {
        // Spread over 3 days so every rollup tier is crossed; every 5th row repeats the timestamp before it.
        const offset = i % 5 === 1 ? prev : Math.floor(rnd() * 3 * 86_400_000);
        prev = offset;
        const g = GROUPS[Math.floor(rnd() * GROUPS.length)];
        ins.run(
          `${g ?? 'misc'}.fn${i % 7}`,
          g,
          new Date(T0 - offset).toISOString(),
          rnd() < 0.1 ? 'ERROR' : 'OK',
          'i',
          String(i),
        );
      }
    })();
    engine = newEngine({}, { lifetime: 'file' });
    db = await openLive(engine, path);
    return () => file.close();
  });

  interface Filter {
    groups?: (string | null)[];
    errorsOnly?: boolean;
    search?: string;
    range?: { from?: number; to?: number };
  }

  function referenceIds(f: Filter, order: 'newest' | 'oldest'): number[] {
    const conds: string[] = [];
    const args: unknown[] = [];
    if (f.groups) {
      const named = f.groups.filter((g) => g !== null);
      const parts = named.length ? [`process_group IN (${named.map(() => '?').join(', ')})`] : [];
      args.push(...named);
      if (f.groups.includes(null)) parts.push('process_group IS NULL');
      conds.push(`(${parts.join(' OR ')})`);
    }
    if (f.errorsOnly) conds.push("status = 'ERROR'");
    if (f.search) {
      conds.push('instr(lower(process), lower(?)) > 0');
      args.push(f.search);
    }
    if (f.range?.from !== undefined) {
      conds.push('timestamp >= ?');
      args.push(new Date(f.range.from).toISOString());
    }
    if (f.range?.to !== undefined) {
      conds.push('timestamp < ?');
      args.push(new Date(f.range.to).toISOString());
    }
    const dir = order === 'newest' ? 'DESC' : 'ASC';
    return file
      .prepare(
        `SELECT id FROM data_trace ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ORDER BY timestamp ${dir}, id ${dir}`,
      )
      .pluck()
      .all(...args) as number[];
  }

  const filters: [string, Filter][] = [
    ['no filter', {}],
    ['one group', { groups: ['orders'] }],
    ['the NULL group and another', { groups: [null, 'cache'] }],
    ['errors only', { errorsOnly: true }],
    ['search', { search: 'fn3' }],
    [
      'custom range cutting buckets at odd edges',
      { range: { from: T0 - 2 * 86_400_000 + 12_345, to: T0 - 3_600_001 } },
    ],
    ['group + errors + range', { groups: ['payments'], errorsOnly: true, range: { from: T0 - 86_400_000 * 2.5 } }],
  ];

  it.each(filters)('%s: the page at any offset equals the reference rows from there', async (_name, filter) => {
    for (const order of ['newest', 'oldest'] as const) {
      const expected = referenceIds(filter, order);
      const offsets = [
        0,
        1,
        2,
        3,
        4,
        5,
        17,
        Math.floor(expected.length / 3),
        Math.floor(expected.length / 2) + 1,
        expected.length - 2,
        expected.length - 1,
      ];
      for (const offset of offsets) {
        const page = await engine.invoke('traces', {
          db,
          ...filter,
          order,
          offset,
          limit: 7,
          range: filter.range ?? { preset: 'all' },
        });
        expect({ order, offset, ids: page.rows.map((r) => r.id) }).toEqual({
          order,
          offset,
          ids: expected.slice(offset, offset + 7),
        });
        if (page.nextCursor) {
          // The cursor of an offset page carries on from there.
          const next = await engine.invoke('traces', {
            db,
            ...filter,
            order,
            limit: 7,
            cursor: page.nextCursor,
            range: filter.range ?? { preset: 'all' },
          });
          expect(next.rows.map((r) => r.id)).toEqual(expected.slice(offset + 7, offset + 14));
        }
      }
      const past = await engine.invoke('traces', {
        db,
        ...filter,
        order,
        offset: expected.length,
        limit: 7,
        range: filter.range ?? { preset: 'all' },
      });
      expect(past).toEqual({ rows: [], nextCursor: null });
    }
  });

  it('refuses a negative or fractional offset', async () => {
    for (const offset of [-1, 1.5]) {
      const res = await engine.call('traces', { db, offset });
      expect(res.ok ? 'accepted' : res.error.kind).toBe('invalid-input');
    }
  });
});

describe('traces with an offset on a big database', () => {
  // How fast is `npm run bench`'s "page 1,000 pages deep" figure; here, where it lands.
  it('lands in the middle of 300k rows exactly where the reference says', async () => {
    const start = Date.UTC(2026, 10, 20);
    const path = bulkTraceDb(300_000, { start });
    const engine = newEngine();
    const db = await openLive(engine, path, 60_000);
    const offset = 150_000;
    await engine.invoke('traces', { db, offset: 10, limit: 1, range: { preset: 'all' } }); // warm the worker
    const t = performance.now();
    const page = await engine.invoke('traces', { db, offset, limit: 100, range: { preset: 'all' } });
    const ms = performance.now() - t;
    console.log(`traces offset ${offset} of 300k rows: ${ms.toFixed(1)} ms`);
    // Row i has timestamp start + i (one per ms), so newest-first row number k is id 300000 - k.
    expect(page.rows.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, k) => 300_000 - offset - k));
  }, 90_000);
});
