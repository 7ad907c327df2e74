// functionHistory's percentiles in buckets of more than 3,000 calls come from the per-minute
// latency bins (call_hist) and the calls of the bin holding each rank: they must equal the
// nearest-rank reference on the user's file, for a function in one group and in two.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive } from '../engine/engine-harness.ts';
import { seededRandom } from './seeded-random.ts';

const NOW = Date.now();
const HOUR = 3_600_000;

function fixture(): FixtureRow[] {
  const rnd = seededRandom(5);
  const rows: FixtureRow[] = [];
  for (let i = 0; i < 15000; i++) {
    // Bin edges (1, 10, 100 ms and their neighbours) among skewed random durations.
    const edge = [1, 10, 100, 0.9999999999999999, 10.000000000000002, 0][i % 23];
    const dur = edge ?? Math.round(rnd() ** 3 * 3e6) / 1000;
    rows.push({
      process: i % 3 === 0 ? 'one.group' : 'two.groups',
      process_group: i % 3 === 0 ? 'g' : i % 2 ? 'a' : 'b',
      trace_id: `t${i}`,
      span_id: 's',
      timestamp: NOW - 20 * HOUR + Math.floor(rnd() * 18 * HOUR),
      duration_ms: i % 97 === 0 ? null : dur,
    });
  }
  return rows;
}

describe('functionHistory from latency bins', () => {
  let engine: Engine;
  let db: string;
  let file: Database.Database;

  beforeAll(async () => {
    const path = createTraceDb({ rows: fixture() });
    file = new Database(path, { readonly: true });
    engine = newEngine({}, { lifetime: 'file' });
    db = await openLive(engine, path);
    return () => file.close();
  });

  function reference(process: string, from: number, to: number) {
    const durs = file
      .prepare(
        'SELECT duration_ms FROM data_trace WHERE process = ? AND timestamp >= ? AND timestamp < ? AND duration_ms IS NOT NULL ORDER BY duration_ms',
      )
      .pluck()
      .all(process, from, to) as number[];
    const at = (p: number) => (durs.length ? durs[Math.floor((p * durs.length + 99) / 100) - 1] : null);
    return { timed: durs.length, ranks: [at(50), at(95), at(99)] };
  }

  it.each([1, 2, 3])('equals the reference in %i buckets, binned or read directly', async (buckets) => {
    const range = { from: NOW - 21 * HOUR + 4_321, to: NOW - HOUR - 999 };
    let binned = 0;
    for (const process of ['one.group', 'two.groups']) {
      const h = await engine.invoke('functionHistory', { db, process, range, buckets });
      for (let i = 0; i < buckets; i++) {
        const ref = reference(process, h.t[i], i === buckets - 1 ? range.to : h.t[i + 1]);
        if (ref.timed > 3000) binned++;
        expect([process, i, h.p50[i], h.p95[i], h.p99[i]]).toEqual([process, i, ...ref.ranks]);
      }
    }
    // The fixture is big enough for the binned path: one.group has 5,000 calls, two.groups 10,000 (over 3,000 a bucket in up to three).
    expect(binned).toBeGreaterThan(0);
  });
});
