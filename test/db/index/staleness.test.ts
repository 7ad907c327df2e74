// Staleness: a variable whose value repeats more than its threshold in a row (default 5) is
// stale. Computed over the file's history on open, kept up to date while tailing, with
// per-variable thresholds stored in the app's data folder.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StaleVariable } from '../../../db/api/types.ts';
import { appendRows, createTraceDb, tempDir, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, record } from '../engine/engine-harness.ts';

const BASE = Date.UTC(2026, 10, 20, 10, 0, 0);
const at = (i: number) => BASE + i * 1000;

/**
 * sync.poll/last_sync: 'a', then 'x' six times (rows 1–6 of the run at seconds 2, 4, … 12);
 * sync.poll/count: 'y' five times. Other variables are written in between: runs are per
 * (process, variable), not per row.
 */
function history(): FixtureRow[] {
  const rows: FixtureRow[] = [
    {
      process: 'sync.poll',
      data: 'last_sync',
      data_value: 'a',
      data_type: 'str',
      timestamp: new Date(at(0)).toISOString(),
    },
  ];
  for (let k = 1; k <= 6; k++) {
    rows.push({
      process: 'sync.poll',
      data: 'count',
      data_value: k <= 5 ? 'y' : null,
      data_type: 'int',
      timestamp: new Date(at(2 * k - 1)).toISOString(),
    });
    rows.push({
      process: 'sync.poll',
      data: 'last_sync',
      data_value: 'x',
      data_type: 'str',
      timestamp: new Date(at(2 * k)).toISOString(),
    });
  }
  // count's 6th row above is NULL (a different value): restart its run of 5 'y' after it.
  for (let k = 0; k < 5; k++)
    rows.push({
      process: 'sync.poll',
      data: 'count',
      data_value: 'y',
      data_type: 'int',
      timestamp: new Date(at(20 + k)).toISOString(),
    });
  // The same variable name in another process is another pair.
  rows.push({
    process: 'other.proc',
    data: 'last_sync',
    data_value: 'x',
    data_type: 'str',
    timestamp: new Date(at(30)).toISOString(),
  });
  return rows;
}

const pair = (vars: StaleVariable[], process: string, data: string) =>
  vars.find((v) => v.process === process && v.data === data);

describe('staleness', () => {
  it('finds a value repeated 6 times (threshold 5) in the history on open, and not one repeated 5 times', async () => {
    const engine = newEngine();
    const db = await openLive(engine, createTraceDb({ rows: history() }));
    const { variables, total } = await engine.invoke('staleness', { db });
    expect(total).toBe(1);
    expect(variables).toEqual([
      {
        process: 'sync.poll',
        data: 'last_sync',
        value: 'x',
        valueType: 'str',
        runLength: 6,
        threshold: 5,
        stale: true,
        runStartTs: at(2),
        staleSinceTs: at(12),
        lastTs: at(12),
        lastId: 13,
      },
    ]);
    const all = await engine.invoke('staleness', { db, all: true });
    expect(pair(all.variables, 'sync.poll', 'count')).toMatchObject({
      value: 'y',
      runLength: 5,
      stale: false,
      staleSinceTs: null,
      runStartTs: at(20),
    });
    expect(pair(all.variables, 'other.proc', 'last_sync')).toMatchObject({ runLength: 1, stale: false });
    expect((await engine.invoke('staleness', { db, all: true, process: 'other.proc' })).variables).toHaveLength(1);
    expect((await engine.invoke('overview', { db, range: { preset: 'all' } })).staleCount).toBe(1);
  });

  it('sends stale events while tailing: a live append makes a pair stale, a new value resolves it', async () => {
    const engine = newEngine();
    const path = createTraceDb({ rows: history() });
    const db = await openLive(engine, path);
    const events = record(engine, db);

    appendRows(path, [
      {
        process: 'sync.poll',
        data: 'count',
        data_value: 'y',
        data_type: 'int',
        timestamp: new Date(at(40)).toISOString(),
      },
    ]);
    const becameStale = await events.next('stale', (p) => p.changes.some((c) => c.data === 'count'));
    expect(becameStale.payload.changes).toEqual([
      expect.objectContaining({
        process: 'sync.poll',
        data: 'count',
        stale: true,
        runLength: 6,
        staleSinceTs: at(40),
        runStartTs: at(20),
      }),
    ]);
    expect((await engine.invoke('staleness', { db })).total).toBe(2);

    appendRows(path, [
      {
        process: 'sync.poll',
        data: 'last_sync',
        data_value: 'z',
        data_type: 'str',
        timestamp: new Date(at(41)).toISOString(),
      },
    ]);
    const resolved = await events.next('stale', (p) => p.changes.some((c) => c.data === 'last_sync'));
    expect(resolved.payload.changes).toEqual([
      expect.objectContaining({ process: 'sync.poll', data: 'last_sync', stale: false, runLength: 1, value: 'z' }),
    ]);
    const now = await engine.invoke('staleness', { db });
    expect(now.variables.map((v) => v.data)).toEqual(['count']);
    // Repeating a value that is already stale flips nothing: no further event.
    const before = events.of('stale').length;
    const [id] = appendRows(path, [
      {
        process: 'sync.poll',
        data: 'count',
        data_value: 'y',
        data_type: 'int',
        timestamp: new Date(at(42)).toISOString(),
      },
    ]);
    await events.next('rows', (p) => p.maxId === id);
    expect(events.of('stale')).toHaveLength(before);
    expect(pair((await engine.invoke('staleness', { db })).variables, 'sync.poll', 'count')!.runLength).toBe(7);
  });

  it('applies thresholds per process and variable, and keeps them across closing, reopening and restarting', async () => {
    const dataDir = join(tempDir('ti-settings-'), 'data');
    const path = createTraceDb({ rows: history() });
    const engine = newEngine({ dataDir });
    const db = await openLive(engine, path);
    const events = record(engine, db);

    // Raise last_sync's threshold: 6 repeats are no longer stale, and listeners are told at once.
    const rules = await engine.invoke('setStaleThreshold', {
      db,
      process: 'sync.poll',
      data: 'last_sync',
      threshold: 10,
    });
    expect(rules).toEqual([{ process: 'sync.poll', data: 'last_sync', threshold: 10 }]);
    const flipped = await events.next('stale');
    expect(flipped.payload.changes).toEqual([
      expect.objectContaining({ data: 'last_sync', stale: false, threshold: 10 }),
    ]);
    // Lower count's threshold for any process: 5 repeats are stale, since the 4th row.
    await engine.invoke('setStaleThreshold', { db, process: '*', data: 'count', threshold: 3 });
    const expected = [
      { process: 'sync.poll', data: 'count', runLength: 5, threshold: 3, stale: true, staleSinceTs: at(23) },
    ];
    const verdict = async (d: string, e = engine) =>
      (await e.invoke('staleness', { db: d })).variables.map(
        ({ process, data, runLength, threshold, stale, staleSinceTs }) => ({
          process,
          data,
          runLength,
          threshold,
          stale,
          staleSinceTs,
        }),
      );
    expect(await verdict(db)).toEqual(expected);
    const settingsFiles = readdirSync(join(dataDir, 'settings'));
    expect(settingsFiles).toHaveLength(1);

    await engine.invoke('close', { db });
    const again = await openLive(engine, path);
    expect(again).not.toBe(db);
    expect(await verdict(again)).toEqual(expected);
    expect(
      pair((await engine.invoke('staleness', { db: again, all: true })).variables, 'sync.poll', 'last_sync'),
    ).toMatchObject({ threshold: 10, stale: false, runLength: 6 });
    await engine.shutdown();

    // A new engine on the same data folder (the app restarted).
    const restarted = newEngine({ dataDir });
    const db3 = await openLive(restarted, path);
    expect(await verdict(db3, restarted)).toEqual(expected);
    // Removing the rule brings the default back.
    const left = await restarted.invoke('setStaleThreshold', {
      db: db3,
      process: 'sync.poll',
      data: 'last_sync',
      threshold: null,
    });
    expect(left).toEqual([{ process: '*', data: 'count', threshold: 3 }]);
    expect((await restarted.invoke('staleness', { db: db3 })).variables.map((v) => v.data).sort()).toEqual([
      'count',
      'last_sync',
    ]);
    // The rules live in the data folder, never beside the user's file.
    expect(readdirSync(dirname(path)).filter((f) => !/^trace\.db(-wal|-shm)?$/.test(f))).toEqual([]);
  });

  it('answers with the new threshold as soon as setStaleThreshold returns, even while the indexer is busy', async () => {
    const engine = newEngine();
    const path = createTraceDb({ rows: history() });
    const db = await openLive(engine, path);
    const events = record(engine, db);
    // A burst of 40,000 rows keeps the indexer thread busy for a while (a few hundred ms), batch after batch.
    const burst = Array.from({ length: 40_000 }, (_, i) => ({
      process: 'burst.fn',
      data: 'i',
      data_value: String(i),
      timestamp: at(100 + i),
    }));
    appendRows(path, burst);
    await events.next('rows', (p) => p.count > 0);
    // The burst is still being indexed when the rule is set: the case this test is about.
    expect((await engine.invoke('info', { db })).index.indexedRows).toBeLessThan(40_000 + 19);
    await engine.invoke('setStaleThreshold', { db, process: 'sync.poll', data: 'last_sync', threshold: 10 });
    const right = await engine.invoke('staleness', { db });
    expect(right.variables.map((v) => `${v.data}:${v.threshold}`)).toEqual([]);
  });
});
