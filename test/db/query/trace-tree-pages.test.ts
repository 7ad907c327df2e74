// traceTree at any size: a trace of a million calls (a 20,000-deep chain with a binary tree below
// it) answers in pages of 5,000 calls, depth-first, without throwing or running out the query
// time limit, deep pages from a cursor; and paging through a random tree (orphans included), by
// offset or by cursor, gives exactly the order a reference SQL query gives.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceTree } from '../../../db/api/types.ts';
import type { Engine } from '../../../db/engine/engine.ts';
import { createTraceDb } from '../../fixtures/trace-db.ts';
import { seededRandom } from './seeded-random.ts';
import { newEngine, openLive } from '../engine/engine-harness.ts';

const CALLS = 1_000_000;
const CHAIN = 20_000;
const T0 = 1_764_000_000_000;

/** One trace 'BIG' of CALLS calls, one row each, written by a single INSERT ... SELECT. */
function insertBigTrace(path: string): void {
  const db = new Database(path);
  db.exec(`INSERT INTO data_trace (process, data, data_value, timestamp, status, trace_id, span_id, parent_span_id, process_group, duration_ms)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CALLS})
    SELECT 'svc.f' || (i % 50), 'x', i, ${T0} + i, CASE WHEN i % 1000 = 0 THEN 'ERROR' ELSE 'OK' END, 'BIG', 's' || i,
      CASE WHEN i = 1 THEN NULL WHEN i <= ${CHAIN} THEN 's' || (i - 1) ELSE 's' || (i / 2) END, 'g', 1.0
    FROM n`);
  db.close();
}

/**
 * A random tree 'RND': spans with random earlier parents, some orphans (parents that never
 * arrived), some calls of two rows, written in a shuffled order.
 */
function insertRandomTrace(path: string, calls: number): void {
  const rand = seededRandom(7);
  const db = new Database(path);
  const ins = db.prepare(
    'INSERT INTO data_trace (process, data, data_value, timestamp, trace_id, span_id, parent_span_id, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const rows: unknown[][] = [];
  for (let i = 0; i < calls; i++) {
    const parent = i === 0 ? null : rand() < 0.05 ? `gone${i}` : `r${Math.floor(rand() * i)}`;
    const ts = new Date(T0 + Math.floor(rand() * 100_000)).toISOString();
    rows.push([`p.${i % 7}`, 'a', String(i), ts, 'RND', `r${i}`, parent, 3]);
    if (i % 5 === 0) rows.push([`p.${i % 7}`, 'b', String(i), ts, 'RND', `r${i}`, parent, 3]);
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  db.transaction(() => rows.forEach((r) => ins.run(...r)))();
  db.close();
}

/**
 * The reference: each call's path of (ts, id) keys from its root, read straight from the user's
 * table; ordering by path is depth-first with siblings by (ts, first row id).
 */
function referenceOrder(path: string, traceId: string): { span: string; depth: number }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(
        `
      WITH calls AS (
        SELECT span_id AS span, min(parent_span_id) AS parent, min(timestamp) AS ts, min(id) AS id FROM data_trace WHERE trace_id = ? GROUP BY span_id),
      tree(span, depth, path) AS (
        SELECT span, 0, ts || printf('%012d', id) FROM calls WHERE parent IS NULL OR parent NOT IN (SELECT span FROM calls)
        UNION ALL
        SELECT c.span, t.depth + 1, t.path || '/' || c.ts || printf('%012d', c.id) FROM tree t JOIN calls c ON c.parent = t.span)
      SELECT span, depth FROM tree ORDER BY path`,
      )
      .all(traceId) as { span: string; depth: number }[];
  } finally {
    db.close();
  }
}

describe('traceTree pages', () => {
  let engine: Engine;
  let path: string;
  let db: string;

  beforeAll(async () => {
    path = createTraceDb();
    const t0 = performance.now();
    insertBigTrace(path);
    insertRandomTrace(path, 3000);
    console.log(`fixture: ${CALLS.toLocaleString('en-US')} calls written in ${Math.round(performance.now() - t0)} ms`);
    engine = newEngine({}, { lifetime: 'file' });
    const t1 = performance.now();
    db = await openLive(engine, path, 400_000);
    console.log(`indexed in ${Math.round(performance.now() - t1)} ms`);
  }, 420_000);

  it('answers the first page of a 1M-call trace: 5,000 calls depth-first, and how many more', async () => {
    const t0 = performance.now();
    const tree = await engine.invoke('traceTree', { db, traceId: 'BIG' });
    console.log(`first page of ${CALLS.toLocaleString('en-US')} calls: ${Math.round(performance.now() - t0)} ms`);
    expect(tree).toMatchObject({
      callCount: CALLS,
      offset: 0,
      nextOffset: 5000,
      moreCalls: CALLS - 5000,
      rowCount: 5000,
      flat: false,
      truncated: false,
    });
    // The chain comes first: s1 at depth 0, s2 below it, and so on (20,000 deep: no recursion survives that).
    expect(tree.nodes.map((n) => n.spanId)).toEqual(Array.from({ length: 5000 }, (_, i) => `s${i + 1}`));
    expect(tree.nodes.map((n) => n.depth)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(tree.nodes[0]).toMatchObject({ offsetMs: 0, parentSpanId: null, process: 'svc.f1' });
    expect(tree.nodes.find((n) => n.spanId === 's1000')!.status).toBe('ERROR');
    expect(tree.startTs).toBe(T0 + 1);
    expect(tree.durationMs).toBe(CALLS - 1 + 1); // last call at +999,999 ms, lasting 1 ms
  });

  it('pages on past the chain into the tree below it, from a cursor as cheaply as from the start', async () => {
    const deep = await engine.invoke('traceTree', { db, traceId: 'BIG', offset: 19_998, limit: 4 });
    // s19999 (depth 19998), s20000 (the chain's end, depth 19999), then its first child s40000 and that one's s80000.
    expect(deep.nodes.map((n) => [n.spanId, n.depth])).toEqual([
      ['s19999', 19_998],
      ['s20000', 19_999],
      ['s40000', 20_000],
      ['s80000', 20_001],
    ]);

    // The cursor resumes the walk where a page ended: the same calls as counting from the start.
    const before = await engine.invoke('traceTree', { db, traceId: 'BIG', offset: 55_000 });
    const counted = await engine.invoke('traceTree', { db, traceId: 'BIG', offset: 60_000 });
    const t0 = performance.now();
    const resumed = await engine.invoke('traceTree', {
      db,
      traceId: 'BIG',
      offset: before.nextOffset!,
      after: before.nextAfter!,
    });
    console.log(`page at 60,000 from a cursor: ${Math.round(performance.now() - t0)} ms`);
    expect(resumed.nodes.map((n) => [n.spanId, n.depth])).toEqual(counted.nodes.map((n) => [n.spanId, n.depth]));
    expect(resumed).toMatchObject({
      offset: 60_000,
      nextOffset: 65_000,
      nextAfter: counted.nextAfter,
      moreCalls: CALLS - 65_000,
    });

    // The end: the walk's last call is at the bottom of the latest branch, s10000 → s20001 → … →
    // s320031's children s640062, s640063 (call ids follow the rows' order here: the first page ended on call 5000, s5000).
    const first = await engine.invoke('traceTree', { db, traceId: 'BIG', limit: 5000 });
    expect(first.nextAfter).toBe(5000);
    const t1 = performance.now();
    const tail = await engine.invoke('traceTree', { db, traceId: 'BIG', offset: CALLS - 2, after: 320_031 });
    console.log(`last page from a cursor: ${Math.round(performance.now() - t1)} ms`);
    expect(tail).toMatchObject({ nextOffset: null, nextAfter: null, moreCalls: 0, callCount: CALLS });
    expect(tail.nodes.map((n) => [n.spanId, n.depth])).toEqual([
      ['s640062', 10_005],
      ['s640063', 10_005],
    ]);
    const past = await engine.invoke('traceTree', { db, traceId: 'BIG', offset: CALLS, after: 640_063 });
    expect(past).toMatchObject({ nodes: [], nextOffset: null, moreCalls: 0 });
  });

  it('refuses a negative offset and a page larger than 5,000 calls', async () => {
    for (const input of [
      { offset: -1 },
      { offset: 1.5 },
      { limit: 5001 },
      { limit: 0 },
      { after: 'x' },
      { after: 0 },
    ]) {
      const res = await engine.call('traceTree', { db, traceId: 'BIG', ...input });
      expect(res.ok ? 'ok' : res.error.kind).toBe('invalid-input');
    }
  });

  it('gives, page after page, exactly the depth-first order of a reference SQL query', async () => {
    const expected = referenceOrder(path, 'RND');
    expect(expected).toHaveLength(3000);
    for (const cursor of [false, true]) {
      const got: { span: string | null; depth: number }[] = [];
      let offset: number | null = 0;
      let after: number | undefined;
      let pages = 0;
      while (offset !== null) {
        const page: TraceTree = await engine.invoke('traceTree', { db, traceId: 'RND', offset, after, limit: 700 });
        got.push(...page.nodes.map((n) => ({ span: n.spanId, depth: n.depth })));
        expect(page.moreCalls).toBe(3000 - got.length);
        offset = page.nextOffset;
        after = cursor ? (page.nextAfter ?? undefined) : undefined;
        pages++;
      }
      expect(pages).toBe(5);
      expect(got).toEqual(expected);
    }
  });
});
