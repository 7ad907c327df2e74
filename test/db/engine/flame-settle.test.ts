// The live tail leaves the flame minutes it changes dirty (flame_dirty: the query walks them) and
// recomputes them once the writer has moved past them, in the engine's own idle ticks.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CALL_BUCKET_MS } from '../../../db/index/sidecar-schema.ts';
import { appendRows, createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, until } from './engine-harness.ts';

const T0 = Math.floor(Date.UTC(2026, 10, 20, 9, 0, 0) / CALL_BUCKET_MS) * CALL_BUCKET_MS;

/** One trace a second from `at`: api.root → db.leaf, the child written first. */
function traces(at: number, n: number, first: number): FixtureRow[] {
  return Array.from({ length: n }, (_, i) => {
    const ts = at + i * 1000;
    const t = `t${first + i}`;
    const row = (process: string, span: string, parent: string | null, dt: number): FixtureRow => ({
      process,
      trace_id: t,
      span_id: span,
      parent_span_id: parent,
      timestamp: new Date(ts + dt).toISOString(),
      duration_ms: 5,
      data: 'x',
      data_value: String(i),
    });
    return [row('db.leaf', 'l', 'r', 1), row('api.root', 'r', null, 0)];
  }).flat();
}

describe('flame minutes the tail changed', () => {
  it('are recomputed once the writer has moved two minutes on, and only then', async () => {
    const path = createTraceDb({ rows: traces(T0, 30, 0) });
    const engine = newEngine();
    const db = await openLive(engine, path);
    const { sidecarPath } = await engine.invoke('info', { db });
    const side = new Database(sidecarPath, { readonly: true });
    const minutes = (table: string) =>
      side
        .prepare(`SELECT DISTINCT bucket - ? FROM ${table} ORDER BY 1`)
        .pluck()
        .all(T0 / CALL_BUCKET_MS) as number[];
    try {
      expect(minutes('flame_rollup')).toEqual([0]);
      appendRows(path, traces(T0 + CALL_BUCKET_MS, 30, 100));
      await until(
        () => minutes('flame_dirty'),
        (m) => m.includes(1),
        'minute 1 to be dirty',
      );
      expect(minutes('flame_rollup')).toEqual([0]);
      // Minute 3 written: minute 1 lies before the newest one's predecessor, so the tail settles it.
      appendRows(path, traces(T0 + 3 * CALL_BUCKET_MS, 10, 200));
      await until(
        () => minutes('flame_rollup'),
        (m) => m.join() === '0,1',
        'minute 1 to be rolled up',
      );
      expect(minutes('flame_dirty')).toEqual([3]);
    } finally {
      side.close();
    }
  });
});
