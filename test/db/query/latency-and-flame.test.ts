// functionLatency, latencyCalls, flameGraph and flameCalls against references computed on the
// user's file: a call is rows grouped by (trace_id, span_id), children link by parent_span_id.
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { latencyBin } from '../../../db/index/latency-bins.ts';
import type { FixtureRow } from '../../fixtures/trace-db.ts';
import { liveFixture } from '../engine/engine-harness.ts';
import { seededRandom } from './seeded-random.ts';

const NOW = Date.now();
const HOUR = 3_600_000;
const ALL = { preset: 'all' as const };

/**
 * 400 traces of api.handle → (db.query ×1–3, cache.get ×0–1 → db.query), some calls failing, and
 * 50 untimed calls. Durations span 0.002 ms to 9 s, exact bucket edges (1, 10, 100 ms) among them.
 */
function fixture(): FixtureRow[] {
  const rnd = seededRandom(7);
  const rows: FixtureRow[] = [];
  const dur = () => [0.002, 1, 10, 100][Math.floor(rnd() * 8)] ?? Math.round(rnd() ** 4 * 9e6) / 1000;
  for (let t = 0; t < 400; t++) {
    const trace = `tr${t}`;
    const ts = NOW - 20 * HOUR + t * 150_000;
    let span = 0;
    const call = (process: string, parent: string | null, at: number, err = rnd() < 0.05) => {
      const id = `s${span++}`;
      rows.push({
        process,
        trace_id: trace,
        span_id: id,
        parent_span_id: parent,
        timestamp: at,
        duration_ms: dur(),
        status: err ? 'ERROR' : 'OK',
        exception: err ? 'Boom' : null,
        data: 'x',
        data_value: String(t),
      });
      return id;
    };
    const root = call('api.handle', null, ts);
    for (let q = 0; q < 1 + (t % 3); q++) call('db.query', root, ts + q + 1);
    if (t % 4 === 0) call('db.query', call('cache.get', root, ts + 5), ts + 6);
  }
  for (let i = 0; i < 50; i++)
    rows.push({ process: 'api.handle', trace_id: `u${i}`, span_id: 'u', timestamp: NOW - i * 1000, data: 'untimed' });
  return rows;
}

const CALLS = `WITH calls AS (
  SELECT trace_id, span_id, max(parent_span_id) AS parent, process, min(timestamp) AS ts, max(duration_ms) AS dur,
    max(status = 'ERROR') AS err
  FROM data_trace GROUP BY trace_id, span_id, process)`;

describe('latency distributions and flame graphs', () => {
  let engine: Engine;
  let db: string;
  let file: Database.Database;

  beforeAll(async () => {
    ({ engine, db, file } = await liveFixture(fixture()));
  });

  const durations = (process: string, from = -8.64e15, to = 8.64e15) =>
    file
      .prepare(`${CALLS} SELECT dur FROM calls WHERE process = ? AND dur IS NOT NULL AND ts >= ? AND ts < ?`)
      .pluck()
      .all(process, from, to) as number[];

  it('puts every timed call in the log bucket of its duration, with exact percentiles', async () => {
    const got = await engine.invoke('functionLatency', { db, process: 'db.query', range: ALL });
    const durs = durations('db.query');
    expect(got.timedCalls).toBe(durs.length);
    expect(got.counts.reduce((a, b) => a + b, 0)).toBe(durs.length);
    expect(got.edgesMs.length).toBe(got.counts.length + 1);
    for (const d of durs) {
      const i = got.edgesMs.findIndex((e, k) => d >= e && d < got.edgesMs[k + 1]);
      expect(i, `duration ${d} has a bucket`).toBeGreaterThanOrEqual(0);
    }
    // Each bucket's count equals the reference count of durations between its edges.
    for (let i = 0; i < got.counts.length; i++)
      expect(got.counts[i]).toBe(durs.filter((d) => latencyBin(d) === latencyBin(got.edgesMs[i])).length);
    const sorted = [...durs].sort((a, b) => a - b);
    const rank = (p: number) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
    expect([got.p50Ms, got.p95Ms, got.p99Ms]).toEqual([rank(50), rank(95), rank(99)]);
  });

  it('spreads the same calls over the heatmap by start time', async () => {
    const range = { from: NOW - 18 * HOUR + 7, to: NOW - 2 * HOUR };
    const got = await engine.invoke('functionLatency', { db, process: 'api.handle', range, columns: 16 });
    expect(got.heatmap.t).toHaveLength(16);
    const total = got.heatmap.counts.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(durations('api.handle', range.from, range.to).length);
    const col = 5;
    const from = got.heatmap.t[col];
    const inCol = durations('api.handle', from, from + got.heatmap.bucketMs).length;
    expect(got.heatmap.counts[col].reduce((a, b) => a + b, 0)).toBe(inCol);
  });

  it.each([
    ['a long range with odd edges (per-minute bins)', { from: NOW - 19 * HOUR + 12_345, to: NOW - HOUR - 6_789 }, 24],
    ['all time in 7 columns', ALL, 7],
    ['half an hour (every call read)', { from: NOW - 15 * HOUR - 77, to: NOW - 14.5 * HOUR }, 60],
  ] as const)('counts every heatmap cell and percentile exactly over %s', async (_name, range, columns) => {
    for (const process of ['api.handle', 'db.query']) {
      const got = await engine.invoke('functionLatency', { db, process, range, columns });
      const { from, to } = got.range;
      const calls = file
        .prepare(`${CALLS} SELECT ts, dur FROM calls WHERE process = ? AND dur IS NOT NULL AND ts >= ? AND ts < ?`)
        .raw(true)
        .all(process, from, to) as [number, number][];
      expect(got.heatmap.t[0]).toBe(from);
      const ends = [...got.heatmap.t.slice(1), to];
      const cells = got.heatmap.t.map((t0, c) =>
        got.edgesMs
          .slice(0, -1)
          .map(
            (_e, b) =>
              calls.filter(
                ([ts, dur]) => ts >= t0 && ts < ends[c] && latencyBin(dur) === latencyBin(got.edgesMs[0]) + b,
              ).length,
          ),
      );
      expect(got.heatmap.counts).toEqual(cells);
      expect(got.counts).toEqual(cells.reduce((a, col) => a.map((n, b) => n + col[b])));
      const sorted = calls.map(([, d]) => d).sort((a, b) => a - b);
      const rank = (p: number) =>
        sorted.length ? sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] : null;
      expect([got.p50Ms, got.p95Ms, got.p99Ms]).toEqual([rank(50), rank(95), rank(99)]);
    }
  });

  it('lists exactly the calls of a heatmap region, slowest first', async () => {
    const range = { from: NOW - 15 * HOUR, to: NOW - 5 * HOUR };
    const got = await engine.invoke('latencyCalls', { db, process: 'db.query', range, minMs: 1, maxMs: 100, limit: 5 });
    const ref = file
      .prepare(
        `${CALLS} SELECT trace_id AS traceId, dur FROM calls WHERE process = 'db.query' AND ts >= ? AND ts < ? AND dur >= 1 AND dur < 100 ORDER BY dur DESC, ts DESC`,
      )
      .all(range.from, range.to) as { traceId: string; dur: number }[];
    expect(got.total).toBe(ref.length);
    expect(got.calls.map((c) => c.durationMs)).toEqual(ref.slice(0, 5).map((r) => r.dur));
  });

  it('merges the subtrees of every call by call path, heaviest child first', async () => {
    const got = await engine.invoke('flameGraph', { db, process: 'api.handle', range: ALL });
    const root = got.frames[0];
    expect(root).toMatchObject({ parent: -1, process: 'api.handle', depth: 0 });
    const calls = file
      .prepare(`${CALLS} SELECT count(*) AS n, total(dur) AS ms FROM calls WHERE process = 'api.handle'`)
      .get() as { n: number; ms: number };
    expect(root.calls).toBe(calls.n);
    expect(root.totalMs).toBeCloseTo(calls.ms, 6);
    const child = (parent: string, process: string) =>
      file
        .prepare(
          `${CALLS} SELECT count(*) AS n, total(c.dur) AS ms FROM calls c JOIN calls p ON p.trace_id = c.trace_id AND p.span_id = c.parent
            WHERE p.process = ? AND c.process = ?`,
        )
        .get(parent, process) as { n: number; ms: number };
    const byPath = new Map(
      got.frames.map((f, i) => [`${got.frames[f.parent]?.process ?? ''}>${f.process}@${f.depth}`, { f, i }]),
    );
    const q = byPath.get('api.handle>db.query@1')!.f;
    expect(q.calls).toBe(child('api.handle', 'db.query').n);
    expect(q.totalMs).toBeCloseTo(child('api.handle', 'db.query').ms, 6);
    const nested = byPath.get('cache.get>db.query@2')!.f;
    expect(nested.calls).toBe(child('cache.get', 'db.query').n);
    // Self time is the total less the children's; siblings come heaviest first.
    const kids = got.frames.filter((f) => f.parent === 0);
    expect(root.selfMs).toBeCloseTo(Math.max(0, root.totalMs - kids.reduce((n, k) => n + k.totalMs, 0)), 6);
    expect(kids.map((k) => k.totalMs)).toEqual([...kids.map((k) => k.totalMs)].sort((a, b) => b - a));
  });

  it('lists the calls behind a frame, and caps the calls merged', async () => {
    const graph = await engine.invoke('flameGraph', { db, process: 'api.handle', range: ALL });
    const nested = graph.frames.find((f) => f.depth === 2 && f.process === 'db.query')!;
    const behind = await engine.invoke('flameCalls', { db, process: 'api.handle', key: nested.key, range: ALL });
    expect(behind.total).toBe(nested.calls);
    expect(behind.calls.every((c) => c.traceId !== null && Number(c.traceId.slice(2)) % 4 === 0)).toBe(true);
    const capped = await engine.invoke('flameGraph', { db, process: 'api.handle', range: ALL, maxCalls: 10 });
    expect(capped).toMatchObject({ rootCalls: 10, truncated: true });
    expect(capped.frames[0].calls).toBe(10);
  });

  it('refuses a forged frame key and an unknown function with a sentence', async () => {
    await expect(
      engine.invoke('flameCalls', { db, process: 'api.handle', key: "/1' OR 1=1 --", range: ALL }),
    ).rejects.toMatchObject({ kind: 'invalid-input' });
    await expect(engine.invoke('functionLatency', { db, process: 'no.such.fn' })).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});
