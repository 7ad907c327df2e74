// variableTimeline against the user's file: a numeric variable becomes a line, a text one a strip,
// and runs of one value repeated past the stale threshold come back as shaded spans.
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import type { FixtureRow } from '../../fixtures/trace-db.ts';
import { liveFixture } from '../engine/engine-harness.ts';

const NOW = Date.now();
const MIN = 60_000;

function fixture(): FixtureRow[] {
  const rows: FixtureRow[] = [];
  for (let i = 0; i < 120; i++) {
    const ts = NOW - (120 - i) * MIN;
    // queue_size climbs, then sticks at 40 for 12 polls (i 50–61), then drains.
    const size = i < 50 ? i % 17 : i < 62 ? 40 : 120 - i;
    rows.push({ process: 'sync.poll', data: 'queue_size', data_type: 'int', data_value: String(size), timestamp: ts });
    rows.push({
      process: 'sync.poll',
      data: 'status',
      data_type: 'str',
      data_value: i % 30 < 20 ? 'ok' : 'slow',
      timestamp: ts,
    });
    rows.push({ process: 'other.fn', data: 'queue_size', data_type: 'int', data_value: '999', timestamp: ts });
  }
  return rows;
}

describe('variableTimeline', () => {
  let engine: Engine;
  let db: string;
  let file: Database.Database;

  beforeAll(async () => {
    ({ engine, db, file } = await liveFixture(fixture()));
  });

  const reference = (process: string, data: string, from: number, to: number) =>
    file
      .prepare(
        'SELECT timestamp AS ts, data_value AS v FROM data_trace WHERE process = ? AND data = ? AND timestamp >= ? AND timestamp < ? ORDER BY timestamp',
      )
      .all(process, data, from, to) as { ts: number; v: string }[];

  it("reads a numeric variable's values in time order, as a line, with its stale run", async () => {
    const range = { from: NOW - 200 * MIN, to: NOW };
    const got = await engine.invoke('variableTimeline', { db, process: 'sync.poll', data: 'queue_size', range });
    const ref = reference('sync.poll', 'queue_size', range.from, range.to);
    expect(got.numeric).toBe(true);
    expect(got.points.map((p) => [p.ts, p.value])).toEqual(ref.map((r) => [r.ts, Number(r.v)]));
    expect(got.threshold).toBe(5);
    expect(got.staleRuns).toEqual([{ fromTs: NOW - 70 * MIN, toTs: NOW - 59 * MIN, length: 12 }]);
  });

  it('reads a text variable as a strip, keeps the newest when capped, and knows no unknown name', async () => {
    const range = { from: NOW - 200 * MIN, to: NOW };
    const got = await engine.invoke('variableTimeline', { db, process: 'sync.poll', data: 'status', range });
    expect(got.numeric).toBe(false);
    expect(got.points.map((p) => p.text)).toEqual(
      reference('sync.poll', 'status', range.from, range.to).map((r) => r.v),
    );
    const capped = await engine.invoke('variableTimeline', {
      db,
      process: 'sync.poll',
      data: 'status',
      range,
      limit: 10,
    });
    expect(capped.truncated).toBe(true);
    expect(capped.points.map((p) => p.ts)).toEqual(got.points.slice(-10).map((p) => p.ts));
    const none = await engine.invoke('variableTimeline', { db, process: 'sync.poll', data: 'no_such', range });
    expect(none.points).toEqual([]);
    await expect(engine.invoke('variableTimeline', { db, process: 'nope', data: 'x' })).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});
