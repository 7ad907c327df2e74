// Links between the tabs (issue 13): a function's slowest calls and latest errors against
// reference SQL on the file, the go-to box's answers, and saved filters kept per database.
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { liveFixture, newEngine, openLive } from '../engine/engine-harness.ts';
import { seededRandom } from './seeded-random.ts';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const FNS = ['orders.service.place_order', 'payments.gateway.charge'];

function fixture(): FixtureRow[] {
  const rnd = seededRandom(99);
  const rows: FixtureRow[] = [];
  for (let call = 0; call < 400; call++) {
    const process = FNS[call % 2];
    const ts = new Date(T0 + call * 1000).toISOString();
    const failed = rnd() < 0.2;
    const base = {
      process,
      process_group: process.split('.')[0],
      trace_id: `4bf92f35${String(call).padStart(4, '0')}`,
      span_id: `s${call}`,
      timestamp: ts,
      data_type: 'str',
    };
    rows.push({ ...base, data: 'customer', data_value: `c${call}`, status: 'OK' });
    rows.push({
      ...base,
      data: failed ? 'exception' : 'return',
      data_value: 'x',
      status: failed ? 'ERROR' : 'OK',
      exception: failed ? 'ValueError' : null,
      duration_ms: Math.round(rnd() * 100000) / 100,
    });
  }
  return rows;
}

let engine: Engine;
let db: string;
let file: Database.Database;
beforeAll(async () => {
  ({ engine, db, file } = await liveFixture(fixture()));
});

describe('functionCalls', () => {
  it('lists the slowest calls of a function in a range, exact, each with the row that opens it', async () => {
    const range = { from: T0 + 50_000, to: T0 + 350_000 };
    const calls = await engine.invoke('functionCalls', { db, process: FNS[0], range, kind: 'slowest' });
    const want = file
      .prepare(
        `SELECT trace_id, max(duration_ms) d, max(id) FROM data_trace WHERE process = ? AND timestamp >= ? AND timestamp < ?
      GROUP BY trace_id, span_id ORDER BY d DESC LIMIT 20`,
      )
      .raw(true)
      .all(FNS[0], new Date(range.from).toISOString(), new Date(range.to).toISOString());
    expect(calls.map((c) => [c.traceId, c.durationMs, c.rowId])).toEqual(want);
  });

  it('lists the slowest calls over all time, down the (s, dur) index, the same as the reference', async () => {
    const calls = await engine.invoke('functionCalls', {
      db,
      process: FNS[0],
      range: { preset: 'all' },
      kind: 'slowest',
    });
    const want = file
      .prepare(
        `SELECT trace_id, max(duration_ms) d, max(id) FROM data_trace WHERE process = ?
      GROUP BY trace_id, span_id ORDER BY d DESC LIMIT 20`,
      )
      .raw(true)
      .all(FNS[0]);
    expect(calls.map((c) => [c.traceId, c.durationMs, c.rowId])).toEqual(want);
  });

  it('lists the latest errors, newest first, each opening its error row', async () => {
    const calls = await engine.invoke('functionCalls', {
      db,
      process: FNS[1],
      range: { preset: 'all' },
      kind: 'errors',
      limit: 5,
    });
    const want = file
      .prepare(
        `SELECT trace_id, id FROM data_trace WHERE process = ? AND status = 'ERROR' ORDER BY timestamp DESC, id DESC LIMIT 5`,
      )
      .raw(true)
      .all(FNS[1]);
    expect(want.length).toBe(5);
    expect(calls.map((c) => [c.traceId, c.rowId])).toEqual(want);
    expect(calls.every((c) => c.error)).toBe(true);
  });

  it('says not-found for an unknown function and refuses a limit over 20', async () => {
    await expect(engine.invoke('functionCalls', { db, process: 'no.such', kind: 'slowest' })).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(
      engine.invoke('functionCalls', { db, process: FNS[0], kind: 'slowest', limit: 21 }),
    ).rejects.toMatchObject({ kind: 'invalid-input' });
  });
});

describe('goTo', () => {
  it('finds a trace by its id prefix, a function and a variable fuzzily', async () => {
    const traces = await engine.invoke('goTo', { db, query: '4bf92f350012' });
    expect(traces.filter((r) => r.kind === 'trace').map((r) => r.value)).toEqual(
      file
        .prepare(
          "SELECT DISTINCT trace_id FROM data_trace WHERE trace_id LIKE '4bf92f350012%' ORDER BY trace_id LIMIT 5",
        )
        .pluck()
        .all(),
    );
    const exact = await engine.invoke('goTo', { db, query: '4bf92f350123' });
    expect(exact[0]).toMatchObject({ kind: 'trace', value: '4bf92f350123' });
    expect((await engine.invoke('goTo', { db, query: 'plord' }))[0]).toEqual({
      kind: 'function',
      value: 'orders.service.place_order',
      detail: null,
    });
    expect((await engine.invoke('goTo', { db, query: 'custmr' }))[0]).toEqual({
      kind: 'variable',
      value: 'customer',
      detail: null,
    });
  });

  it('treats LIKE wildcards and quotes as text, and refuses a huge query', async () => {
    for (const q of ['%', '_', "'", '4bf%'])
      expect((await engine.invoke('goTo', { db, query: q })).filter((r) => r.kind === 'trace')).toEqual([]);
    await expect(engine.invoke('goTo', { db, query: 'x'.repeat(201) })).rejects.toMatchObject({
      kind: 'invalid-input',
    });
  });
});

describe('saved filters', () => {
  it('keeps named Explorer views per database across a restart, replaces by name and removes with null', async () => {
    const path = createTraceDb({ rows: fixture().slice(0, 10) });
    const dataDir = (await import('../../fixtures/trace-db.ts')).tempDir('ti-saved-');
    const first = newEngine({ dataDir });
    const d1 = await openLive(first, path);
    await first.invoke('saveFilter', { db: d1, name: 'Slow', params: { dmin: '250', sort: 'slowest' } });
    await first.invoke('saveFilter', { db: d1, name: 'Alice', params: { data: 'customer', vq: 'c42' } });
    expect(await first.invoke('saveFilter', { db: d1, name: 'Slow', params: { dmin: '500' } })).toEqual([
      { name: 'Alice', params: { data: 'customer', vq: 'c42' } },
      { name: 'Slow', params: { dmin: '500' } },
    ]);
    await first.shutdown();
    const second = newEngine({ dataDir });
    const d2 = await openLive(second, path);
    expect((await second.invoke('savedFilters', { db: d2 })).map((f) => f.name)).toEqual(['Alice', 'Slow']);
    expect(await second.invoke('saveFilter', { db: d2, name: 'Alice', params: null })).toEqual([
      { name: 'Slow', params: { dmin: '500' } },
    ]);
    await expect(
      second.invoke('saveFilter', { db: d2, name: 'x', params: { ['k'.repeat(33)]: 'v' } }),
    ).rejects.toMatchObject({ kind: 'invalid-input' });
    await expect(
      second.invoke('saveFilter', { db: d2, name: 'x', params: { q: 'v'.repeat(1025) } }),
    ).rejects.toMatchObject({ kind: 'invalid-input' });
  });
});
