// overview: totals, groups and recent errors against reference SQL on the user's file, and the
// writer's status from its heartbeat table (or honestly inferred without one).
import Database from 'better-sqlite3';
import { existsSync, utimesSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { createTraceDb, sampleRows, type FixtureRow } from '../../fixtures/trace-db.ts';
import { liveFixture, newEngine, openLive, until } from '../engine/engine-harness.ts';
import { seededRandom } from './seeded-random.ts';

const BASE = Date.UTC(2026, 10, 20, 10, 0, 0);
const GROUPS = ['orders', 'payments', null, 'search'];

function fixture(): FixtureRow[] {
  const rnd = seededRandom(5);
  const rows: FixtureRow[] = [];
  for (let i = 0; i < 3000; i++) {
    const group = GROUPS[Math.floor(rnd() * GROUPS.length)];
    const err = rnd() < 0.07;
    // Every 5th row shares the previous one's millisecond: recent errors must break ties by id.
    const ts = i % 5 === 4 ? (rows[i - 1].timestamp as number) : BASE + Math.floor(rnd() * 3 * 3_600_000);
    rows.push({
      process: `${group ?? 'misc'}.fn${i % 3}`,
      process_group: group,
      timestamp: ts,
      status: err ? 'ERROR' : 'OK',
      exception: err ? `E${i}` : null,
      data: 'i',
      data_value: String(i),
    });
  }
  // One stale variable: the same value 8 times in a row.
  for (let i = 0; i < 8; i++)
    rows.push({ process: 'poll.fn', data: 'last_sync', data_value: 'never', timestamp: BASE + i * 1000 });
  return rows;
}

const ERR = `status = 'ERROR'`;

describe('overview', () => {
  let engine: Engine;
  let db: string;
  let file: Database.Database;

  beforeAll(async () => {
    ({ engine, db, file } = await liveFixture(fixture()));
  });

  function reference(from: number, to: number) {
    const where = 'WHERE timestamp >= ? AND timestamp < ?';
    const totals = file
      .prepare(`SELECT count(*) AS rows, total(${ERR}) AS errors FROM data_trace ${where}`)
      .get(from, to);
    const groups = file
      .prepare(
        `SELECT process_group AS "group", count(*) AS rows, total(${ERR}) AS errors FROM data_trace ${where} GROUP BY process_group`,
      )
      .all(from, to);
    const recent = file
      .prepare(`SELECT id FROM data_trace ${where} AND ${ERR} ORDER BY timestamp DESC, id DESC LIMIT 10`)
      .pluck()
      .all(from, to);
    return { totals, groups, recent };
  }

  const byGroup = (a: { group: string | null }, b: { group: string | null }) =>
    String(a.group).localeCompare(String(b.group));

  it.each([
    ['all time', undefined],
    ['a range with odd edges', { from: BASE + 1_234_567, to: BASE + 7_654_321 }],
    ['a range inside one 10 s bucket', { from: BASE + 3_600_001, to: BASE + 3_609_999 }],
  ])('totals, per-group counts and the 10 newest errors equal the reference over %s', async (_name, range) => {
    const o = await engine.invoke('overview', { db, range: range ?? { preset: 'all' } });
    const ref = reference(range?.from ?? -8.64e15, range?.to ?? 8.64e15);
    expect(o.totals).toEqual(ref.totals);
    expect([...o.groups].sort(byGroup)).toEqual([...(ref.groups as { group: string | null }[])].sort(byGroup));
    expect(o.groups.map((g) => g.rows)).toEqual([...o.groups.map((g) => g.rows)].sort((a, b) => b - a)); // busiest first
    expect(o.recentErrors.map((r) => r.id)).toEqual(ref.recent);
    expect(o.recentErrors.every((r) => r.status === 'ERROR')).toBe(true);
  });

  // Found by the suite run under a clock four months on (scripts/test-at-times.sh): "all" then
  // spans 3,000+ hours, and even hourly buckets passed the chart's cap.
  it('merges whole hours into at most 400 buckets over a range of months, adding up to the totals', async () => {
    const range = { from: BASE - 120 * 86_400_000, to: BASE + 5 * 86_400_000 };
    const o = await engine.invoke('overview', { db, range });
    expect(o.series.t.length).toBeLessThanOrEqual(400);
    expect(o.series.t.length).toBeGreaterThan(300);
    expect(o.bucketMs % 3_600_000).toBe(0);
    expect(o.series.t.every((t, i) => i === 0 || t - o.series.t[i - 1] === o.bucketMs)).toBe(true);
    expect(o.series.rows.reduce((a, b) => a + b, 0)).toBe(
      (reference(range.from, range.to).totals as { rows: number }).rows,
    );
    expect(o.series.errors.reduce((a, b) => a + b, 0)).toBe(o.totals.errors);
    // Every row lands in the bucket whose start is at or before its time.
    const first = o.series.rows.findIndex((n) => n > 0);
    expect(o.series.t[first]).toBeLessThanOrEqual(BASE);
    expect(o.series.t[first] + o.bucketMs).toBeGreaterThan(BASE);
  });

  it('has 10 recent errors, a series adding up to the totals, the stale count and index progress', async () => {
    const o = await engine.invoke('overview', { db, range: { preset: 'all' } });
    expect(o.recentErrors).toHaveLength(10);
    expect(o.series.rows.reduce((a, b) => a + b, 0)).toBe(o.totals.rows);
    expect(o.series.errors.reduce((a, b) => a + b, 0)).toBe(o.totals.errors);
    expect(o.series.t.length).toBeLessThanOrEqual(400);
    expect(o.staleCount).toBe(1);
    expect(o.index).toEqual({ indexedRows: 3008, totalRows: 3008, building: false });
    expect(o.totals.rows).toBe(3008);
  });
});

describe('writer status', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = newEngine({}, { lifetime: 'file' });
  });
  const rows = sampleRows(20, Date.now() - 60_000);

  it('trusts a recent heartbeat from the writer_status table', async () => {
    const now = Date.now();
    const path = createTraceDb({
      rows,
      writerStatus: [
        { timestamp: new Date(now - 600_000).toISOString(), queue_depth: 90, status: 'CIRCUIT_OPEN' },
        { timestamp: new Date(now - 2000).toISOString(), queue_depth: 7, status: 'delayed' },
      ],
    });
    const db = await openLive(engine, path);
    const o = await engine.invoke('overview', { db, range: { preset: '1h' } });
    expect(o.writer).toMatchObject({ status: 'DELAYED', inferred: false, queueDepth: 7 });
    expect(o.writer.lastHeartbeatTs).toBe(Date.parse(new Date(now - 2000).toISOString()));
    expect(o.queue.depth).toContain(90);
    expect(Math.max(...o.queue.depth)).toBe(90);
  });

  it('reports a writer whose last heartbeat is old as IDLE, inferred', async () => {
    const hb = Date.now() - 3_600_000;
    const path = createTraceDb({ rows, writerStatus: [{ timestamp: hb, queue_depth: 0, status: 'OK' }] });
    const db = await openLive(engine, path);
    const o = await engine.invoke('overview', { db, range: { preset: '24h' } });
    expect(o.writer).toMatchObject({ status: 'IDLE', inferred: true, lastHeartbeatTs: hb });
    expect(o.writer.detail).toMatch(/no heartbeat for 60 min/);
  });

  it('reads CIRCUIT_OPEN in any case and an unknown word as UNKNOWN', async () => {
    for (const [word, expected] of [
      ['circuit_open', 'CIRCUIT_OPEN'],
      [' Ok ', 'OK'],
      ['rebooting', 'UNKNOWN'],
    ] as const) {
      const path = createTraceDb({
        rows,
        writerStatus: [{ timestamp: Date.now() - 1000, queue_depth: 1, status: word }],
      });
      const db = await openLive(engine, path);
      const o = await engine.invoke('overview', { db, range: { preset: '1h' } });
      expect([word, o.writer.status, o.writer.inferred]).toEqual([word, expected, false]);
    }
  });

  it('infers the status from file activity without a writer_status table', async () => {
    const path = createTraceDb({ rows });
    // "Just written", said on this process's clock: the kernel stamps files with the real time,
    // which differs from Date.now() when the suite runs under faketime (scripts/test-at-times.sh).
    const justNow = new Date();
    for (const p of [path, `${path}-wal`]) if (existsSync(p)) utimesSync(p, justNow, justNow);
    const db = await openLive(engine, path);
    const o = await engine.invoke('overview', { db, range: { preset: '1h' } });
    expect(o.writer).toMatchObject({ status: 'OK', inferred: true, lastHeartbeatTs: null, queueDepth: null });
    expect(o.writer.detail).toMatch(/no writer_status table/);
    expect(o.writer.lastRowTs).toBe(Date.parse(rows[rows.length - 1].timestamp as string));
  });

  it('follows new heartbeats while tailing', async () => {
    const path = createTraceDb({
      rows,
      writerStatus: [{ timestamp: Date.now() - 1000, queue_depth: 1, status: 'OK' }],
    });
    const db = await openLive(engine, path);
    expect((await engine.invoke('overview', { db, range: { preset: '1h' } })).writer.status).toBe('OK');
    const w = new Database(path);
    w.prepare('INSERT INTO writer_status VALUES (?, ?, ?)').run(new Date().toISOString(), 4321, 'DELAYED');
    w.close();
    const o = await until(
      () => engine.invoke('overview', { db, range: { preset: '1h' } }),
      (v) => v.writer.status === 'DELAYED',
      'the new heartbeat',
    );
    expect(o.writer.queueDepth).toBe(4321);
  });
});
