// "Slowest first" and the duration filters over many function series (250: a way to drop calls_dur
// merged each series' range of calls_s_dur, docs/performance.md), with ties across series, calls of
// several rows and calls without a duration: every page, row number and count is the reference SQL's.
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import type { FixtureRow } from '../../fixtures/trace-db.ts';
import { liveFixture, pagedIds } from '../engine/engine-harness.ts';
import { seededRandom } from './seeded-random.ts';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const SERIES = 250;

function fixture(): FixtureRow[] {
  const rnd = seededRandom(14);
  const rows: FixtureRow[] = [];
  for (let call = 0; call < 1500; call++) {
    const process = `svc.fn${String(Math.floor(rnd() * SERIES)).padStart(3, '0')}`;
    // Few distinct durations: ties within and across series.
    const dur = rnd() < 0.05 ? null : Math.floor(rnd() * 40) * 2.5;
    const parts = 1 + Math.floor(rnd() * 3);
    for (let p = 0; p < parts; p++)
      rows.push({
        process,
        process_group: process.slice(-1),
        trace_id: `t${call}`,
        span_id: 's',
        timestamp: new Date(T0 + call * 1000 + p).toISOString(),
        duration_ms: p === 0 ? dur : null,
        status: rnd() < 0.1 ? 'ERROR' : 'OK',
        data: `d${p}`,
        data_value: String(call),
      });
  }
  return rows;
}

let engine: Engine;
let db: string;
let file: Database.Database;

beforeAll(async () => {
  ({ engine, db, file } = await liveFixture(fixture()));
  // A row's call duration: the largest of its call's rows (one call per trace here).
  file.exec(`CREATE TEMP VIEW ref AS SELECT d.rowid AS id, d.timestamp, d.status, d.process_group,
    (SELECT max(x.duration_ms) FROM data_trace x WHERE x.trace_id = d.trace_id) AS cdur FROM data_trace d`);
});

type Input = { minDurationMs?: number; maxDurationMs?: number; status?: 'OK' | 'ERROR'; groups?: string[] };

const walk = (input: Input, limit: number) => pagedIds(engine, db, { order: 'slowest', ...input }, limit);

const reference = (where: string, args: unknown[] = []) =>
  file
    .prepare(`SELECT id FROM ref WHERE ${where} ORDER BY cdur IS NULL, cdur DESC, id DESC`)
    .pluck()
    .all(...args) as number[];

describe('slowest first over many series', () => {
  it('has that many series', async () => {
    const fns = await engine.invoke('functions', { db });
    expect(fns.length).toBeGreaterThan(200);
  });

  const cases: [Input, string, number[]][] = [
    [{}, '1', []],
    [{ minDurationMs: 50 }, 'cdur >= ?', [50]],
    [{ minDurationMs: 20, maxDurationMs: 30 }, 'cdur BETWEEN ? AND ?', [20, 30]],
    [{ status: 'ERROR' }, "status = 'ERROR'", []],
    [{ minDurationMs: 10, groups: ['3'] }, "cdur >= ? AND process_group = '3'", [10]],
  ];
  for (const [input, where, args] of cases) {
    it(`pages, row numbers and counts are the reference's: ${where}`, async () => {
      const want = reference(where, args);
      expect(want.length).toBeGreaterThan(10);
      for (const limit of [13, 250]) expect(await walk(input, limit), `limit ${limit}`).toEqual(want);
      for (const offset of [0, 5, Math.floor(want.length / 2), want.length - 3]) {
        const page = await engine.invoke('traces', {
          db,
          range: { preset: 'all' },
          order: 'slowest',
          ...input,
          offset,
          limit: 10,
        });
        expect(
          page.rows.map((r) => r.id),
          `offset ${offset}`,
        ).toEqual(want.slice(offset, offset + 10));
      }
      const count = await engine.invoke('traceCount', { db, range: { preset: 'all' }, ...input });
      expect(count).toEqual({ count: want.length, exact: true });
    });
  }
});
