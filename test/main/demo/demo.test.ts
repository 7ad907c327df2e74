import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../db/engine/engine.ts';
import { generateTraceDb } from '../../../main/demo/generate.ts';
import { prepareDemo } from '../../../main/demo/prepare.ts';
import { startLiveWriter } from '../../../main/demo/live-writer.ts';
import { waitUntilLive } from '../../fixtures/engine.ts';
import { tempDir } from '../../fixtures/trace-db.ts';

const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) await e.shutdown();
});

describe('the demo database', () => {
  it('has what every tab needs: groups, nested traces, errors with tracebacks, stale variables, heartbeats and source on disk', async () => {
    const dir = tempDir();
    const demo = prepareDemo({ outDir: dir, rows: 20_000, seed: 1 });
    const engine = new Engine({ dataDir: join(dir, 'data') });
    engines.push(engine);
    const { db } = await engine.invoke('open', { path: demo.dbPath });
    await waitUntilLive(engine, db);

    const overview = await engine.invoke('overview', { db, range: { preset: '24h' } });
    expect(overview.groups.map((g) => g.group).sort()).toEqual([
      'auth',
      'inventory',
      'notifications',
      'orders',
      'payments',
    ]);
    expect(overview.totals.errors).toBeGreaterThan(0);
    expect(overview.recentErrors[0].exception).toMatch(/^Traceback \(most recent call last\):/);
    expect(overview.writer.inferred).toBe(false);
    expect(overview.queue.depth.length).toBeGreaterThan(0);

    const stale = await engine.invoke('staleness', { db });
    expect(stale.variables.map((v) => v.data)).toEqual(expect.arrayContaining(['smtp_host']));

    const deep = (await engine.invoke('traces', { db, limit: 200 })).rows.find((r) => r.parentSpanId !== null)!;
    const tree = await engine.invoke('traceTree', { db, traceId: deep.traceId! });
    expect(Math.max(...tree.nodes.map((n) => n.depth))).toBeGreaterThan(0);

    const [busiest] = await engine.invoke('functions', { db });
    expect(existsSync(busiest.sourceFile!)).toBe(true);
    const line = readFileSync(busiest.sourceFile!, 'utf8').split('\n')[busiest.sourceLine! - 1];
    expect(line).toMatch(new RegExp(`def ${busiest.process.split('.').pop()}\\(`));
    const stats = await engine.invoke('functionStats', { db, process: busiest.process });
    expect(stats.p99Ms!).toBeGreaterThan(stats.p50Ms!);
  });

  it('keeps appending live rows that the inspector sees', async () => {
    const dir = tempDir();
    const demo = prepareDemo({ outDir: dir, rows: 2_000, seed: 2 });
    const engine = new Engine({ dataDir: join(dir, 'data'), pollMs: 25 });
    engines.push(engine);
    const { db } = await engine.invoke('open', { path: demo.dbPath });
    await waitUntilLive(engine, db);
    const arrived = new Promise<number>((done) =>
      engine.subscribe(db, (event, p) => event === 'rows' && done((p as { count: number }).count)),
    );
    const writer = startLiveWriter({ path: demo.dbPath, sourceDir: demo.sourceDir, tracesPerSec: 50 });
    try {
      expect(await arrived).toBeGreaterThan(0);
    } finally {
      writer.stop();
    }
    expect(writer.stats().busyErrors).toBe(0);
  });

  // The Overview's end-to-end test reads the last hour of a 60,000-row history ending "now" and
  // relies on errors being there at any time of day (issue 10: traffic is halved at 02:00 UTC).
  it.each([
    '2026-12-02T00:05:00Z',
    '2026-12-02T02:00:00Z',
    '2026-12-02T06:00:00Z',
    '2026-12-02T12:00:00Z',
    '2026-12-02T23:55:00Z',
  ])('puts rows and errors in every hour of a 24 h history ending at %s', (end) => {
    const dir = tempDir();
    const path = join(dir, 'traces.db');
    const endTs = Date.parse(end);
    generateTraceDb({ path, rows: 60_000, endTs, sourceDir: join(dir, 'src') });
    const db = new Database(path, { readonly: true });
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 23);
    const hour = db.prepare(
      "SELECT count(*) AS rows, count(*) FILTER (WHERE status = 'ERROR') AS errors FROM data_trace WHERE timestamp >= ? AND timestamp < ?",
    );
    const hours = Array.from(
      { length: 24 },
      (_, k) =>
        hour.get(iso(endTs - (k + 1) * 3_600_000), iso(endTs - k * 3_600_000)) as { rows: number; errors: number },
    );
    db.close();
    expect(Math.min(...hours.map((h) => h.rows))).toBeGreaterThan(800);
    expect(Math.min(...hours.map((h) => h.errors))).toBeGreaterThan(0);
  });
});
