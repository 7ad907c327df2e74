// errorGroups against a reference computed on the user's file: failing calls (rows grouped by
// trace and span with an ERROR row), their cause read from the traceback's last line.
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeException } from '../../../common/error-fingerprint.ts';
import type { Engine } from '../../../db/engine/engine.ts';
import { appendRows, createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { liveFixture, newEngine, openLive, until } from '../engine/engine-harness.ts';

const NOW = Date.now();
const HOUR = 3_600_000;
const tb = (cause: string) =>
  `Traceback (most recent call last):\n  File "/app/x.py", line 3, in f\n    raise Boom()\n${cause}`;

function fixture(): FixtureRow[] {
  const rows: FixtureRow[] = [];
  for (let i = 0; i < 300; i++) {
    const kind = i % 3;
    const failing = i % 2 === 0;
    const exception = !failing
      ? null
      : kind === 0
        ? tb(`orders.NotFound: order ${1000 + i} not found`)
        : kind === 1
          ? tb(`TimeoutError: upstream 10.0.0.${i % 7} timed out after ${i} ms`)
          : null;
    const base = {
      process: kind === 1 ? 'http.fetch' : 'orders.load',
      trace_id: `t${i}`,
      span_id: 's1',
      timestamp: NOW - 20 * HOUR + i * 200_000,
    };
    // Two rows per call, both failed: the group counts the call once.
    rows.push({ ...base, data: 'arg', status: failing ? 'ERROR' : 'OK', exception });
    rows.push({ ...base, data: 'return', status: failing ? 'ERROR' : 'OK', exception });
  }
  return rows;
}

describe('errorGroups', () => {
  let engine: Engine;
  let db: string;
  let file: Database.Database;

  beforeAll(async () => {
    ({ engine, db, file } = await liveFixture(fixture()));
  });

  function reference(from: number, to: number) {
    const calls = file
      .prepare(
        `SELECT trace_id, max(exception) AS exc, min(timestamp) AS ts FROM data_trace WHERE status = 'ERROR' AND timestamp >= ? AND timestamp < ? GROUP BY trace_id, span_id`,
      )
      .all(from, to) as { trace_id: string; exc: string | null; ts: number }[];
    const counts = new Map<string, number>();
    for (const c of calls) {
      const f = summarizeException(c.exc).fingerprint;
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    return { calls: calls.length, counts };
  }

  it('groups failing calls by cause, once per call, most calls first', async () => {
    const range = { from: NOW - 21 * HOUR, to: NOW };
    const got = await engine.invoke('errorGroups', { db, range });
    const ref = reference(range.from, range.to);
    expect(got.failedCalls).toBe(ref.calls);
    expect(new Map(got.groups.map((g) => [g.fingerprint, g.count]))).toEqual(ref.counts);
    expect(got.groups.map((g) => g.count)).toEqual([...got.groups.map((g) => g.count)].sort((a, b) => b - a));
    const notFound = got.groups.find((g) => g.type === 'orders.NotFound')!;
    expect(notFound.fingerprint).toBe('orders.NotFound: order <n> not found');
    expect(notFound.processes).toEqual([{ process: 'orders.load', calls: notFound.count }]);
    expect(notFound.sparkline.reduce((a, b) => a + b, 0)).toBe(notFound.count);
    expect(notFound.latestTraceback).toContain('orders.NotFound: order');
    expect(notFound.traceIds.length).toBeGreaterThan(0);
    expect(got.groups.find((g) => g.type === '(no exception text)')?.count).toBe(ref.counts.get(''));
  });

  it('narrows to a range and to one function', async () => {
    const range = { from: NOW - 12 * HOUR, to: NOW - 6 * HOUR };
    const got = await engine.invoke('errorGroups', { db, range, process: 'http.fetch' });
    const ref = reference(range.from, range.to);
    const timeouts = [...ref.counts.entries()].filter(([f]) => f.startsWith('TimeoutError'));
    expect(got.groups.map((g) => [g.fingerprint, g.count])).toEqual(timeouts);
    const first = got.groups[0];
    expect(first.firstTs).toBeGreaterThanOrEqual(range.from);
    expect(first.lastTs).toBeLessThan(range.to);
  });

  it('follows the tail: a call failing again counts once, under its latest error', async () => {
    // A separate file: rows appended after the first build go through the row-by-row path.
    const path = createTraceDb({ rows: fixture() });
    const tail = newEngine();
    const id = await openLive(tail, path);
    const before = await tail.invoke('errorGroups', { db: id, range: { preset: 'all' } });
    const at = NOW - 10 * HOUR;
    appendRows(path, [
      // t0's call failed with NotFound; its later row fails with a new cause, which now holds it.
      {
        process: 'orders.load',
        trace_id: 't0',
        span_id: 's1',
        timestamp: at,
        data: 'retry',
        status: 'ERROR',
        exception: tb('KeyError: sku 17'),
      },
      {
        process: 'orders.load',
        trace_id: 'n1',
        span_id: 's1',
        timestamp: at + 1,
        data: 'x',
        status: 'ERROR',
        exception: tb('KeyError: sku 9'),
      },
    ]);
    const after = await until(
      () => tail.invoke('errorGroups', { db: id, range: { preset: 'all' } }),
      (g) => g.groups.some((x) => x.type === 'KeyError'),
      'the appended errors to be grouped',
    );
    const count = (g: typeof after, type: string) => g.groups.find((x) => x.type === type)?.count ?? 0;
    expect(after.failedCalls).toBe(before.failedCalls + 1);
    expect(count(after, 'KeyError')).toBe(2);
    expect(count(after, 'orders.NotFound')).toBe(count(before, 'orders.NotFound') - 1);
    const key = after.groups.find((x) => x.type === 'KeyError')!;
    expect(key).toMatchObject({
      fingerprint: 'KeyError: sku <n>',
      message: 'sku 9',
      lastTs: at + 1,
      traceIds: ['n1', 't0'],
    });
  });
});
