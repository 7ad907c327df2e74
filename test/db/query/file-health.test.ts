// The file health answer on real files: a rollback-journal file, a file without the optional
// columns, unreadable timestamps, and heartbeats reporting trouble (issue 16).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { OPTIONAL_COLUMNS } from '../../../db/source/contract.ts';
import { ALL_COLUMNS, createTraceDb, sampleRows } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, until } from '../engine/engine-harness.ts';

const REQUIRED_ONLY = ['process', 'data', 'data_type', 'data_value', 'timestamp', 'status', 'exception'] as const;
const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const hb = (i: number, status: string, queue_depth = 5) => ({
  timestamp: new Date(T0 + i * 5000).toISOString(),
  queue_depth,
  status,
});

describe('file health', () => {
  it('finds nothing to fix in a WAL file with every column and a calm heartbeat', async () => {
    const path = createTraceDb({ rows: sampleRows(50), writerStatus: [hb(0, 'OK'), hb(1, 'OK')] });
    const engine = newEngine();
    const db = await openLive(engine, path);
    const h = await engine.invoke('fileHealth', { db });
    expect(h).toMatchObject({
      journal: { mode: 'wal', ok: true, warning: null, fix: null },
      missingColumns: [],
      writerStatus: { present: true, effect: null },
      badTimestamps: 0,
      indexedRows: 50,
      episodes: [],
      issues: 0,
    });
  });

  it('warns that a rollback-journal file blocks its writer, with the one-line fix, and sees the fix applied', async () => {
    const path = createTraceDb({ rows: sampleRows(20), wal: false, writerStatus: [hb(0, 'OK')] });
    const engine = newEngine();
    const db = await openLive(engine, path);
    const before = await engine.invoke('fileHealth', { db });
    expect(before.journal.ok).toBe(false);
    expect(before.journal.mode).toBe('delete');
    expect(before.journal.warning).toMatch(/writer has to wait/);
    expect(before.journal.fix).toBe('PRAGMA journal_mode=WAL;');
    expect(before.issues).toBe(1);
    // The user runs the fix on their file: the next answer says so, without reopening.
    const w = new Database(path);
    w.exec(before.journal.fix!);
    w.close();
    await until(
      () => engine.invoke('fileHealth', { db }),
      (h) => h.journal.ok,
      'the WAL switch to show',
    );
  });

  it('lists each missing optional column with what it turns off, and counts unreadable timestamps', async () => {
    const rows = sampleRows(30).map((r, i) => (i === 4 || i === 17 ? { ...r, timestamp: 'yesterday-ish' } : r));
    const path = createTraceDb({ columns: REQUIRED_ONLY, rows });
    const engine = newEngine();
    const db = await openLive(engine, path);
    const h = await engine.invoke('fileHealth', { db });
    // The fixture always has an INTEGER PRIMARY KEY id.
    expect(h.missingColumns.map((m) => m.column)).toEqual(OPTIONAL_COLUMNS.filter((c) => c !== 'id'));
    const effect = Object.fromEntries(h.missingColumns.map((m) => [m.column, m.effect]));
    expect(effect.duration_ms).toMatch(/latency/);
    expect(effect.trace_id).toMatch(/call trees/);
    expect(effect.source_file).toMatch(/Code Inspector/);
    expect(h.writerStatus).toEqual({ present: false, effect: expect.stringMatching(/inferred/) });
    expect(h.badTimestamps).toBe(2);
    // Eight optional columns, the heartbeat table, the timestamps.
    expect(h.issues).toBe(8 + 1 + 1);
  });

  it('finds the runs of heartbeats where the writer dropped rows or fell behind, newest first', async () => {
    const beats = [
      hb(0, 'OK'),
      hb(1, 'CIRCUIT_OPEN', 10_000),
      hb(2, 'CIRCUIT_OPEN', 12_000),
      hb(3, 'CIRCUIT_OPEN', 9_000),
      hb(4, 'OK'),
      hb(5, 'DELAYED', 800),
      hb(6, 'DELAYED', 900),
      hb(7, 'OK'),
      hb(8, 'CIRCUIT_OPEN', 11_000),
    ];
    const path = createTraceDb({ rows: sampleRows(10), writerStatus: beats });
    const engine = newEngine();
    const db = await openLive(engine, path);
    const h = await until(
      () => engine.invoke('fileHealth', { db }),
      (x) => x.episodeCount === 3,
      'three episodes',
    );
    expect(h.episodes).toEqual([
      {
        status: 'CIRCUIT_OPEN',
        fromTs: T0 + 40_000,
        toTs: T0 + 40_000,
        heartbeats: 1,
        maxQueueDepth: 11_000,
        ongoing: true,
      },
      { status: 'DELAYED', fromTs: T0 + 25_000, toTs: T0 + 30_000, heartbeats: 2, maxQueueDepth: 900, ongoing: false },
      {
        status: 'CIRCUIT_OPEN',
        fromTs: T0 + 5000,
        toTs: T0 + 15_000,
        heartbeats: 3,
        maxQueueDepth: 12_000,
        ongoing: false,
      },
    ]);
    expect(h.circuitOpenHeartbeats).toBe(4);
    expect(h.issues).toBe(1);
  });

  it('refuses a handle it did not give out and any extra field', async () => {
    const engine = newEngine();
    await openLive(engine, createTraceDb({ rows: sampleRows(3), columns: ALL_COLUMNS }));
    for (const [input, kind] of [
      [{ db: '../../etc/passwd' }, 'unknown-database'],
      [{ db: 'db1', path: '/etc/passwd' }, 'invalid-input'],
      [{ db: 'db1', sql: 'DROP TABLE data_trace' }, 'invalid-input'],
      [{}, 'invalid-input'],
    ] as const) {
      const r = await engine.call('fileHealth', input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.kind).toBe(kind);
    }
  });
});
