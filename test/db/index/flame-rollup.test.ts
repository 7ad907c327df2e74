// flame_rollup (flame-rollup.ts) holds per function series and minute the calls below that
// minute's calls, by path. Each minute must be what the walk gives for its calls at every moment
// (after each chunk of a first build at several chunk sizes, after it, and through the row-by-row
// tail with parents arriving after their children and calls whose duration and time change), and
// the flame graph summed from it must be the walk's answer for ranges on and off minute
// boundaries, with and without the newest-calls cap, for a root function and a mid-level one.
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CALL_BUCKET_MS } from '../../../db/index/sidecar-schema.ts';
import { queryFlameGraph } from '../../../db/query/flame-graph.ts';
import { walkFlameSubtrees } from '../../../db/query/flame-walk.ts';
import type { QueryContext } from '../../../db/query/query-context.ts';
import { buildCheckingEachChunk, indexHere } from '../../fixtures/bulk-build.ts';
import { appendRows, createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { seededRandom } from '../query/seeded-random.ts';

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const M = CALL_BUCKET_MS;

/**
 * Traces 7 s apart (~8 a minute) of api.root → svc.mid ×1–3 → db.leaf ×0–2, written deepest first;
 * a fifth of the roots held back to the end of the batch (their children wait as orphans), and
 * some svc.mid calls written again at the end, longer and a little earlier (the call's duration
 * and time change, sometimes into the minute before).
 */
function rows(traces: number, seed: number, first = 0): FixtureRow[] {
  const rnd = seededRandom(seed);
  const out: FixtureRow[] = [];
  const late: FixtureRow[] = [];
  for (let t = first; t < first + traces; t++) {
    const at = T0 + t * 7_000;
    const call = (process: string, span: string, parent: string | null, dt: number, dur?: number): FixtureRow => ({
      process,
      trace_id: `tr${t}`,
      span_id: span,
      parent_span_id: parent,
      timestamp: new Date(at + dt).toISOString(),
      duration_ms: dur ?? Math.round(rnd() * 40_000) / 1000,
      data: 'x',
      data_value: String(t),
    });
    const steps = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < steps; i++) {
      for (let j = 0; j < Math.floor(rnd() * 3); j++) out.push(call('db.leaf', `l${i}.${j}`, `m${i}`, 10 * i + j + 2));
      out.push(call('svc.mid', `m${i}`, 'r', 10 * i + 1));
      if (rnd() < 0.15) late.push(call('svc.mid', `m${i}`, 'r', 10 * i - 3_000, 40 + rnd() * 10));
    }
    const root = call('api.root', 'r', null, 0);
    if (rnd() < 0.2) late.push(root);
    else out.push(root);
  }
  return [...out, ...late];
}

type Row = [string, number, number];

/** Every minute's rows in flame_rollup, as "s:bucket" → [path "s/s1/s2…", calls, total] in byPath order. */
function tableMinutes(side: Database.Database): Map<string, Row[]> {
  const paths = new Map(
    (side.prepare('SELECT id, up, s FROM flame_paths').raw(true).all() as [number, number, number][]).map(
      ([id, up, s]) => [id, [up, s]],
    ),
  );
  const pathOf = (id: number): string => {
    const [up, s] = paths.get(id)!;
    return `${up === 0 ? '' : pathOf(up)}/${s}`;
  };
  const out = new Map<string, Row[]>();
  for (const [s, b, path, calls, total] of side
    .prepare('SELECT s, bucket, path, calls, total FROM flame_rollup')
    .raw(true)
    .all() as number[][]) {
    const key = `${s}:${b}`;
    out.set(key, [...(out.get(key) ?? []), [`${s}${pathOf(path)}`, calls, total]]);
  }
  for (const list of out.values())
    list.sort((a, b) => a[0].length - b[0].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out;
}

/** The same, walked afresh from each minute's calls with a child (the query's walk). */
function walkedMinutes(side: Database.Database): Map<string, Row[]> {
  const ctx = { side: (sql: string) => side.prepare(sql) };
  const roots = side
    .prepare(
      `SELECT c.s, c.ts, c.id, c.trace FROM calls c WHERE c.trace IS NOT NULL AND c.span IS NOT NULL
        AND EXISTS (SELECT 1 FROM call_parents p WHERE p.s = c.s AND p.id = c.id)`,
    )
    .raw(true)
    .all() as number[][];
  const byMinute = new Map<string, { s: number; id: number; trace: number }[]>();
  for (const [s, ts, id, trace] of roots) {
    const key = `${s}:${Math.floor(ts / M)}`;
    byMinute.set(key, [...(byMinute.get(key) ?? []), { s, id, trace }]);
  }
  const out = new Map<string, Row[]>();
  for (const [key, list] of byMinute) {
    const rows = walkFlameSubtrees(ctx, list);
    if (rows.length) out.set(key, rows);
  }
  return out;
}

/** The graph from flame_rollup against the walk's, frame by frame: counts exact, totals to an ulp. */
function expectSameGraph(ctx: QueryContext, label: unknown[], input: Parameters<typeof queryFlameGraph>[1]): void {
  const got = queryFlameGraph(ctx, input);
  const ref = queryFlameGraph(ctx, input, 'walk');
  expect([...label, got.rootCalls, got.truncated]).toEqual([...label, ref.rootCalls, ref.truncated]);
  const refByKey = new Map(ref.frames.map((f) => [f.key, f]));
  expect([...label, got.frames.map((f) => f.key).sort()]).toEqual([...label, ref.frames.map((f) => f.key).sort()]);
  for (const f of got.frames) {
    const r = refByKey.get(f.key)!;
    const parentKey = (g: typeof got, i: number) => (i < 0 ? null : g.frames[i].key);
    expect([...label, f.key, f.calls, f.process, f.depth, parentKey(got, f.parent)]).toEqual([
      ...label,
      r.key,
      r.calls,
      r.process,
      r.depth,
      parentKey(ref, r.parent),
    ]);
    expect(Math.abs(f.totalMs - r.totalMs)).toBeLessThanOrEqual(1e-12 * Math.abs(r.totalMs));
    expect(Math.abs(f.selfMs - r.selfMs)).toBeLessThanOrEqual(1e-12 * Math.abs(r.totalMs));
  }
}

function checker({ side, query }: ReturnType<typeof indexHere>) {
  let checks = 0;
  let capped = 0;
  const check = (upto: number) => {
    // Each minute exactly as the walk gives it (the same calls in the same order: bit for bit),
    // but those the tail left dirty, which have no rows (the query walks them).
    const table = tableMinutes(side.db);
    const dirty = new Set(
      (side.db.prepare('SELECT s, bucket FROM flame_dirty').raw(true).all() as number[][]).map(([s, b]) => `${s}:${b}`),
    );
    for (const key of dirty) expect([upto, key, table.get(key)]).toEqual([upto, key, undefined]);
    const walked = new Map([...walkedMinutes(side.db)].filter(([key]) => !dirty.has(key)));
    expect([upto, [...table.keys()].sort()]).toEqual([upto, [...walked.keys()].sort()]);
    for (const [key, list] of walked) expect([upto, key, table.get(key)]).toEqual([upto, key, list]);
    query((ctx) => {
      const [lo, hi] = side.db.prepare('SELECT min(ts), max(ts) FROM calls').raw(true).get() as [number, number];
      const aligned = { from: Math.ceil(lo / M) * M + M, to: Math.floor(hi / M) * M };
      const ranges = [
        { preset: 'all' as const },
        aligned,
        { from: lo + 17_123, to: hi - 23_457 },
        { from: aligned.from + 31_000, to: aligned.from + 45_000 }, // inside one minute
      ];
      for (const process of ['api.root', 'svc.mid'])
        for (const [i, range] of ranges.entries())
          for (const maxCalls of [undefined, 5, 23, 61]) {
            expectSameGraph(ctx, [upto, process, i, maxCalls], { process, range, maxCalls });
            if (maxCalls !== undefined && queryFlameGraph(ctx, { process, range, maxCalls }).truncated) capped++;
          }
      checks++;
    });
  };
  return { check, counts: () => ({ checks, capped }) };
}

describe('flame_rollup', () => {
  for (const chunk of [37, 211, 100_000])
    it(`is the walk of each minute and sums to the walk's graph: build in chunks of ${chunk}, then the tail`, () => {
      const path = createTraceDb({ rows: rows(120, 3) });
      const here = indexHere(path);
      const { side, ingest } = here;
      const { check, counts } = checker(here);
      buildCheckingEachChunk(ingest, side.db, chunk, check);
      expect((side.db.prepare('SELECT count(*) FROM flame_rollup').pluck().get() as number) > 0).toBe(true);
      // The tail in batches that split traces: parents after their children, durations and times changed.
      // The tail leaves the minutes it changes dirty and settles those the writer has moved past.
      appendRows(path, rows(40, 4, 120));
      let dirtied = 0;
      const dirtyNow = () => side.db.prepare('SELECT count(*) FROM flame_dirty').pluck().get() as number;
      for (let r = ingest.step(13); r.added > 0; r = ingest.step(13)) {
        dirtied = Math.max(dirtied, dirtyNow());
        check(r.lastId);
        if (r.lastId % 2) ingest.settleFlame(3);
        check(r.lastId);
      }
      // Traces tr150–174: the first ten written again (their calls merged: longer, earlier, more children).
      appendRows(path, rows(25, 5, 150));
      for (let r = ingest.step(47); r.added > 0; r = ingest.step(47)) {
        dirtied = Math.max(dirtied, dirtyNow());
        check(r.lastId);
      }
      expect(dirtied).toBeGreaterThan(3);
      // Settled by default only before the newest minute's predecessor; all of them when asked.
      while (ingest.settleFlame(5) > 0);
      const newest = Math.floor((side.db.prepare('SELECT max(ts) FROM calls').pluck().get() as number) / M);
      expect(
        side.db
          .prepare('SELECT count(*) FROM flame_dirty WHERE bucket < ?')
          .pluck()
          .get(newest - 1),
      ).toBe(0);
      while (ingest.settleFlame(5, Infinity) > 0);
      expect(dirtyNow()).toBe(0);
      check(-1);
      expect(counts().checks).toBeGreaterThan(5);
      expect(counts().capped).toBeGreaterThan(0);
      here.close();
    });
});

describe('flame_rollup leaves out minutes too big to keep', () => {
  it('a trace over TRACE_LINKS_MAX links and a chain over MINUTE_STEPS go to flame_skipped; the graph still equals the walk', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { MINUTE_STEPS, TRACE_LINKS_MAX } = await import('../../../db/index/flame-rollup.ts');
    const path = createTraceDb({ rows: rows(20, 9) });
    const big = TRACE_LINKS_MAX + 5_000;
    const chain = Math.ceil((MINUTE_STEPS * 2) / 64); // each chain call walks 64 deep: twice the budget in one minute
    const db = new Database(path);
    // BIG: a 2,000-deep chain with a binary tree below it, one call a millisecond; DEEP: a chain in one minute.
    db.exec(`INSERT INTO data_trace (process, data, data_value, timestamp, trace_id, span_id, parent_span_id, duration_ms)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${big})
      SELECT 'big.f' || (i % 3), 'x', i, strftime('%Y-%m-%dT%H:%M:%fZ', (${T0} + 3600000 + i) / 1000.0, 'unixepoch'), 'BIG', 's' || i,
        CASE WHEN i = 1 THEN NULL WHEN i <= 2000 THEN 's' || (i - 1) ELSE 's' || (i / 2) END, 1.5 FROM n;
      INSERT INTO data_trace (process, data, data_value, timestamp, trace_id, span_id, parent_span_id, duration_ms)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${chain})
      SELECT 'deep.f0', 'x', i, strftime('%Y-%m-%dT%H:%M:%fZ', (${T0} + 7200000 + i) / 1000.0, 'unixepoch'), 'DEEP', 'd' || i,
        CASE WHEN i = 1 THEN NULL ELSE 'd' || (i - 1) END, 0.25 FROM n;`);
    db.close();
    const here = indexHere(path);
    const { side, ingest } = here;
    while (ingest.stepBulk(20_000).added > 0);
    const skipped = side.db
      .prepare('SELECT s.process, k.bucket FROM flame_skipped k JOIN series s ON s.id = k.s')
      .all() as {
      process: string;
    }[];
    expect(new Set(skipped.map((k) => k.process.split('.')[0]))).toEqual(new Set(['big', 'deep']));
    // The other minutes are still each the walk of their calls; skipped ones hold no rows.
    const table = tableMinutes(side.db);
    const walked = walkedMinutes(side.db);
    const skippedKeys = new Set(
      (side.db.prepare('SELECT s, bucket FROM flame_skipped').raw(true).all() as number[][]).map(
        ([s, b]) => `${s}:${b}`,
      ),
    );
    expect([...table.keys()].filter((k) => skippedKeys.has(k))).toEqual([]);
    for (const [key, list] of walked) if (!skippedKeys.has(key)) expect([key, table.get(key)]).toEqual([key, list]);
    try {
      here.query((ctx) => {
        for (const process of ['big.f1', 'big.f2', 'deep.f0', 'api.root'])
          expectSameGraph(ctx, [process], { process, range: { preset: 'all' } });
      });
    } finally {
      here.close();
    }
  });
});
