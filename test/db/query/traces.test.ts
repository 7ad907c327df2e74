// traces and traceCount against a reference query on the file itself: every page walk must
// return exactly what `SELECT … WHERE … ORDER BY timestamp, id` returns, and every count what
// `SELECT count(*)` returns, whatever the filter.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { createTraceDb } from '../../fixtures/trace-db.ts';
import { newEngine, openLive } from '../engine/engine-harness.ts';
import { seededRandom } from './seeded-random.ts';

const N = 2500;
const T0 = Date.now();
const PRESET_MS = { '5m': 300_000, '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000 } as const;
/** No row lies this close to where a preset starts, so "now" moving on during the test flips none. */
const EDGE_MARGIN_MS = 120_000;
const MAIN: [string, string | null][] = [
  ['orders.service.place_order', 'orders'],
  ['orders.service.cancel', 'orders'],
  ['payments.gateway.charge', 'payments'],
  ['promo.50%_off', null],
  ['promo.50x_off', null],
  ['cache.hit_rate', 'cache'],
  ['cache.hitXrate', 'cache'],
  ['Orders.Legacy.Import', 'legacy'],
];
const BULK_SERIES = 240; // more than the 200 series the per-series merge handles: the other query path
const LONG_VALUE = 'v'.repeat(5000);
const LONG_EXCEPTION = 'Traceback (most recent call last):\n'.padEnd(9000, 'x');
const ASTRAL_VALUE = '😀'.repeat(2500); // 2,500 characters, 5,000 UTF-16 code units

// The contract's error words as the fixture uses them, and a missing status with an exception.
const ERR_SQL = `(upper(trim(status)) IN ('ERROR', 'FAILED') OR (status IS NULL AND exception IS NOT NULL))`;

function awayFromPresetEdges(offset: number): number {
  for (;;) {
    const near = Object.values(PRESET_MS).find((p) => Math.abs(offset - p) < EDGE_MARGIN_MS);
    if (near === undefined) return offset;
    offset += 2 * EDGE_MARGIN_MS;
  }
}

type Row = [
  process: string,
  group: string | null,
  timestamp: string,
  status: string | null,
  exception: string | null,
  value: string,
];

function fixtureRows(): Row[] {
  const rnd = seededRandom(20261123);
  const rows: Row[] = [];
  let prev = 0;
  for (let i = 0; i < N; i++) {
    let offset = i < 60 ? 1000 + Math.floor(rnd() * 169_000) : Math.floor(rnd() * 30 * 3_600_000);
    if (i % 7 === 3) offset = prev; // the same timestamp as the row before: ties are broken by id
    offset = awayFromPresetEdges(offset);
    prev = offset;
    const [process, group] =
      i % 10 < 6 ? MAIN[Math.floor(rnd() * MAIN.length)] : [`bulk.fn${Math.floor(rnd() * BULK_SERIES)}`, 'bulk'];
    const r = rnd();
    const status = r < 0.12 ? 'ERROR' : r < 0.14 ? 'failed' : r < 0.17 ? null : 'OK';
    const exception = r < 0.16 ? `RuntimeError: boom ${i}` : null; // status NULL with an exception is an error
    rows.push([process, group, new Date(T0 - offset).toISOString(), status, exception, String(i)]);
  }
  return rows;
}

interface Filter {
  range?: { preset?: keyof typeof PRESET_MS | 'all'; from?: number; to?: number };
  groups?: (string | null)[];
  errorsOnly?: boolean;
  search?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The filter as SQL on the user's file (ISO timestamps of one width compare in time order). */
function reference(f: Filter): { where: string; args: unknown[] } {
  const conds: string[] = [];
  const args: unknown[] = [];
  const r = f.range;
  if (r?.preset && r.preset !== 'all') {
    conds.push('timestamp >= ?');
    args.push(iso(Date.now() - PRESET_MS[r.preset]));
  } else if (r) {
    if (r.from !== undefined) {
      conds.push('timestamp >= ?');
      args.push(iso(r.from));
    }
    if (r.to !== undefined) {
      conds.push('timestamp < ?');
      args.push(iso(r.to));
    }
  }
  if (f.groups?.length) {
    const named = f.groups.filter((g) => g !== null);
    const parts = named.length ? [`process_group IN (${named.map(() => '?').join(', ')})`] : [];
    args.push(...named);
    if (f.groups.includes(null)) parts.push('process_group IS NULL');
    conds.push(`(${parts.join(' OR ')})`);
  }
  if (f.errorsOnly) conds.push(ERR_SQL);
  if (f.search) {
    conds.push('instr(lower(process), lower(?)) > 0');
    args.push(f.search);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', args };
}

describe('traces and traceCount', () => {
  let engine: Engine;
  let db: string;
  let file: Database.Database;
  let longId: number;
  let astralId: number;

  beforeAll(async () => {
    const path = createTraceDb();
    file = new Database(path);
    const ins = file.prepare(
      'INSERT INTO data_trace (process, process_group, timestamp, status, exception, data, data_type, data_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    file.transaction(() => {
      for (const [process, group, ts, status, exception, value] of fixtureRows())
        ins.run(process, group, ts, status, exception, 'i', 'int', value);
      longId = Number(
        ins.run('long.values', 'long', iso(T0 - 50_000_000), 'ERROR', LONG_EXCEPTION, 'payload', 'str', LONG_VALUE)
          .lastInsertRowid,
      );
      astralId = Number(
        ins.run('long.values', 'long', iso(T0 - 50_000_001), 'OK', null, 'emoji', 'str', ASTRAL_VALUE).lastInsertRowid,
      );
      ins.run('long.values', 'long', iso(T0 - 50_000_002), 'OK', null, 'short', 'str', 'short');
    })();
    engine = newEngine({}, { lifetime: 'file' });
    db = await openLive(engine, path);
    return () => file.close();
  });

  async function walk(filter: Filter, order: 'newest' | 'oldest'): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await engine.invoke('traces', { db, ...filter, order, limit: 100, ...(cursor ? { cursor } : {}) });
      expect(page.rows.length).toBeLessThanOrEqual(100);
      ids.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('more than 1000 pages');
  }

  function referenceIds(f: Filter, order: 'newest' | 'oldest'): number[] {
    const { where, args } = reference(f);
    const dir = order === 'newest' ? 'DESC' : 'ASC';
    return file
      .prepare(`SELECT id FROM data_trace ${where} ORDER BY timestamp ${dir}, id ${dir}`)
      .pluck()
      .all(...args) as number[];
  }

  function referenceCount(f: Filter): number {
    const { where, args } = reference(f);
    return file
      .prepare(`SELECT count(*) FROM data_trace ${where}`)
      .pluck()
      .get(...args) as number;
  }

  it('pages newest-first and oldest-first through every row exactly once', async () => {
    const total = N + 3;
    for (const order of ['newest', 'oldest'] as const) {
      const ids = await walk({}, order);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      expect(ids).toEqual(referenceIds({}, order));
    }
    // Timestamps shared by several rows (every 7th row repeats the one before) are split across
    // pages too; make sure the fixture really has them.
    const ties = file
      .prepare('SELECT count(*) FROM (SELECT timestamp FROM data_trace GROUP BY timestamp HAVING count(*) > 1)')
      .pluck()
      .get() as number;
    expect(ties).toBeGreaterThan(300);
  });

  const now = Date.now();
  const filters: [string, Filter][] = [
    ['preset 5m', { range: { preset: '5m' } }],
    ['preset 1h', { range: { preset: '1h' } }],
    ['preset 6h', { range: { preset: '6h' } }],
    ['preset 24h', { range: { preset: '24h' } }],
    ['preset all', { range: { preset: 'all' } }],
    ['custom from/to at odd milliseconds', { range: { from: now - 7_654_321, to: now - 1_234_567 } }],
    ['only from', { range: { from: now - 10_000_003 } }],
    ['only to', { range: { to: now - 20_000_017 } }],
    ['one group', { groups: ['orders'] }],
    ['the NULL group', { groups: [null] }],
    ['groups with NULL', { groups: ['orders', null, 'cache'] }],
    ['errors only', { errorsOnly: true }],
    ['search, case-insensitive', { search: 'ORDERS.service' }],
    ['search with % and _ literal', { search: '50%_off' }],
    ['search with _ literal', { search: 'hit_rate' }],
    ['search matching more than 200 series', { search: 'BULK.fn' }],
    ['search matching nothing', { search: 'no such function' }],
    [
      'group + errors + custom range',
      { groups: ['bulk'], errorsOnly: true, range: { from: now - 20_000_001, to: now - 999 } },
    ],
    [
      'search + groups + errors + preset',
      { search: 'orders', groups: ['orders', 'legacy'], errorsOnly: true, range: { preset: '24h' } },
    ],
    ['NULL group + search for %', { groups: [null], search: '%' }],
  ];

  it.each(filters)('%s: pages equal the reference query and traceCount its count', async (_name, filter) => {
    const expected = referenceIds(filter, 'newest');
    const newest = await walk(filter, 'newest');
    const oldest = await walk(filter, 'oldest');
    expect(newest).toEqual(expected);
    expect(oldest).toEqual(referenceIds(filter, 'oldest'));
    const { count } = await engine.invoke('traceCount', { db, ...filter });
    expect(count).toBe(referenceCount(filter));
    expect(count).toBe(expected.length);
  });

  it('treats % and _ in a search as plain characters', async () => {
    // As a LIKE pattern, '50%_off' would also match 'promo.50x_off' and 'hit_rate' 'cache.hitXrate'.
    const a = await engine.invoke('traces', { db, search: '50%_off', limit: 10_000 });
    expect(a.rows.length).toBeGreaterThan(0);
    expect(new Set(a.rows.map((r) => r.process))).toEqual(new Set(['promo.50%_off']));
    const b = await engine.invoke('traces', { db, search: 'hit_rate', limit: 10_000 });
    expect(new Set(b.rows.map((r) => r.process))).toEqual(new Set(['cache.hit_rate']));
  });

  it('counts exactly over ranges that cut through rollup buckets at odd millisecond edges', async () => {
    const rnd = seededRandom(7);
    const stamps = file
      .prepare('SELECT timestamp FROM data_trace ORDER BY random() LIMIT 20')
      .pluck()
      .all() as string[];
    const ranges: [number, number][] = [];
    for (let i = 0; i < 20; i++) {
      const a = T0 - Math.floor(rnd() * 31 * 3_600_000) - 1;
      const len = Math.floor(rnd() * 10 ** (2 + rnd() * 6)) + 1; // 100 ms to a day and more
      ranges.push([a, a + len]);
    }
    // Edges exactly on rows (from is inclusive, to exclusive) and on bucket boundaries ± 1 ms.
    for (let i = 0; i + 1 < stamps.length; i += 2) {
      const [x, y] = [Date.parse(stamps[i]), Date.parse(stamps[i + 1])].sort((p, q) => p - q);
      ranges.push([x, y]);
    }
    const hour = Math.floor(T0 / 3_600_000) * 3_600_000;
    ranges.push(
      [hour - 5 * 3_600_000, hour],
      [hour - 5 * 3_600_000 - 1, hour + 1],
      [hour - 3_600_000 + 1, hour - 1],
      [hour - 300_000 + 9_999, hour - 10_001],
    );
    for (const [from, to] of ranges) {
      for (const extra of [{}, { errorsOnly: true }, { groups: ['orders', null] }, { search: 'bulk' }] as Filter[]) {
        const filter: Filter = { ...extra, range: { from, to } };
        const { count } = await engine.invoke('traceCount', { db, ...filter });
        expect({ from, to, extra, count }).toEqual({ from, to, extra, count: referenceCount(filter) });
      }
    }
  });

  it('rejects a cursor used with a different filter or order, or one it did not issue', async () => {
    const first = await engine.invoke('traces', { db, groups: ['orders'], limit: 10 });
    expect(first.nextCursor).not.toBeNull();
    const cursor = first.nextCursor!;
    const same = await engine.call('traces', { db, groups: ['orders'], limit: 10, cursor });
    expect(same.ok).toBe(true);
    for (const input of [
      { db, groups: ['payments'], limit: 10, cursor },
      { db, groups: ['orders'], errorsOnly: true, limit: 10, cursor },
      { db, groups: ['orders'], range: { preset: '1h' }, limit: 10, cursor },
      { db, groups: ['orders'], order: 'oldest', limit: 10, cursor },
      { db, groups: ['orders'], limit: 10, cursor: 'bm90IGEgY3Vyc29y' },
      { db, groups: ['orders'], limit: 10, cursor: '!!!' },
    ]) {
      const res = await engine.call('traces', input);
      expect(res.ok ? 'accepted' : res.error.kind).toBe('invalid-input');
    }
  });

  it('refuses a limit above 10000 and accepts 10000', async () => {
    const res = await engine.call('traces', { db, limit: 10_001 });
    expect(res).toMatchObject({ ok: false, error: { kind: 'invalid-input', details: { path: 'limit' } } });
    const ok = await engine.invoke('traces', { db, limit: 10_000, order: 'oldest' });
    expect(ok.rows).toHaveLength(N + 3);
  });

  it('cuts long values and exceptions in lists and returns them whole from row', async () => {
    const page = await engine.invoke('traces', { db, groups: ['long'] });
    const byData = new Map(page.rows.map((r) => [r.data, r]));
    const long = byData.get('payload')!;
    expect(long.id).toBe(longId);
    expect(long).toMatchObject({ valueLength: 5000, valueTruncated: true, exceptionTruncated: true });
    expect(long.dataValue).toBe(LONG_VALUE.slice(0, 2000));
    expect(long.exception).toBe(LONG_EXCEPTION.slice(0, 8000));
    expect(byData.get('short')).toMatchObject({
      dataValue: 'short',
      valueLength: 5,
      valueTruncated: false,
      exceptionTruncated: false,
    });

    const whole = await engine.invoke('row', { db, id: longId });
    expect(whole.dataValue).toBe(LONG_VALUE);
    expect(whole.exception).toBe(LONG_EXCEPTION);
    expect(whole).toMatchObject({ valueTruncated: false, exceptionTruncated: false, status: 'ERROR' });

    // Characters outside the BMP are one character to SQLite and two UTF-16 units to JavaScript:
    // the list still has to say the value was cut.
    const astral = byData.get('emoji')!;
    expect(astral.id).toBe(astralId);
    expect(astral.valueTruncated).toBe(true);
    expect([...astral.dataValue!]).toHaveLength(2000);
    const astralWhole = await engine.invoke('row', { db, id: astralId });
    expect(astralWhole.dataValue).toBe(ASTRAL_VALUE);
    expect(astralWhole.valueTruncated).toBe(false);
  });
});
