// traceTree: calls (rows sharing a span id) linked through parent_span_id into a depth-first
// tree, whatever order the tracer wrote them in and however broken the links are.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceNode } from '../../../db/api/types.ts';
import type { Engine } from '../../../db/engine/engine.ts';
import { appendRows, createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, record } from '../engine/engine-harness.ts';

const T = Date.UTC(2026, 10, 20, 10, 0, 0);
const at = (ms: number) => new Date(T + ms).toISOString();

function span(
  trace: string,
  span: string | null,
  parent: string | null,
  process: string,
  ms: number,
  dur: number | null,
  data: string,
): FixtureRow {
  return {
    trace_id: trace,
    span_id: span,
    parent_span_id: parent,
    process,
    timestamp: at(ms),
    duration_ms: dur,
    data,
    data_value: data,
    process_group: 'g',
  };
}

// Spans are written when they finish: the grandchild first, the root's closing row last.
const NESTED: FixtureRow[] = [
  span('T-nested', 'a1', 'a', 'db.connect', 15, 10, 'dsn'),
  span('T-nested', 'a1', 'a', 'db.connect', 20, null, 'pool_size'),
  span('T-nested', 'a', 'r', 'db.query', 10, 30, 'sql'),
  span('T-other', 'r', null, 'other.root', 3, 7, 'unrelated'), // the same span id in another trace
  span('T-nested', 'b', 'r', 'cache.set', 50, 40, 'key'),
  span('T-nested', 'r', null, 'api.handle', 100, 100, 'response'),
  span('T-nested', 'r', null, 'api.handle', 0, null, 'request'),
];

const shape = (nodes: TraceNode[]) =>
  nodes.map((n) => ({
    span: n.spanId,
    depth: n.depth,
    offset: n.offsetMs,
    dur: n.durationMs,
    process: n.process,
    rows: n.rows.map((r) => r.data),
  }));

describe('traceTree', () => {
  let engine: Engine;
  let path: string;
  let db: string;

  beforeAll(async () => {
    path = createTraceDb({ rows: NESTED });
    appendRows(path, [
      span('T-orphan', 'c', 'never-arrived', 'worker.step', 5, 20, 'c'),
      span('T-orphan', 'c1', 'c', 'worker.substep', 6, 5, 'c1'),
      span('T-orphan', 'd', null, 'worker.other', 30, 1, 'd'),
      span('T-cycle', 'x', 'y', 'loop.x', 1, 1, 'x'),
      span('T-cycle', 'y', 'w', 'loop.y', 2, 1, 'y'),
      span('T-cycle', 'w', 'x', 'loop.w', 3, 1, 'w'),
      span('T-cycle', 'z', 'z', 'loop.self', 4, 1, 'z'),
      span('T-flat', null, null, 'flat.a', 0, 2, 'f1'),
      span('T-flat', null, null, 'flat.b', 7, null, 'f2'),
      { ...span('T-flat', null, null, 'flat.a', 9, 4, 'f3'), status: 'ERROR', exception: 'boom' },
    ]);
    engine = newEngine({ batchRows: 2 }, { lifetime: 'file' }); // tiny batches: one span's rows land in different batches
    db = await openLive(engine, path);
  });

  it("returns a nested trace depth-first with depths, offsets, durations and each span's rows", async () => {
    const tree = await engine.invoke('traceTree', { db, traceId: 'T-nested' });
    expect(shape(tree.nodes)).toEqual([
      { span: 'r', depth: 0, offset: 0, dur: 100, process: 'api.handle', rows: ['request', 'response'] },
      { span: 'a', depth: 1, offset: 10, dur: 30, process: 'db.query', rows: ['sql'] },
      { span: 'a1', depth: 2, offset: 15, dur: 10, process: 'db.connect', rows: ['dsn', 'pool_size'] },
      { span: 'b', depth: 1, offset: 50, dur: 40, process: 'cache.set', rows: ['key'] },
    ]);
    expect(tree).toMatchObject({
      traceId: 'T-nested',
      rowCount: 6,
      startTs: T,
      durationMs: 100,
      flat: false,
      truncated: false,
    });
    expect(tree.nodes[0].startTs).toBe(T);
    expect(tree.nodes.every((n) => n.status === 'OK')).toBe(true);
    expect(tree.nodes.flatMap((n) => n.rows).every((r) => r.traceId === 'T-nested')).toBe(true);
  });

  it('puts a child whose parent span never arrived at depth 0', async () => {
    const tree = await engine.invoke('traceTree', { db, traceId: 'T-orphan' });
    expect(shape(tree.nodes).map(({ span, depth, offset }) => ({ span, depth, offset }))).toEqual([
      { span: 'c', depth: 0, offset: 0 },
      { span: 'c1', depth: 1, offset: 1 },
      { span: 'd', depth: 0, offset: 25 },
    ]);
  });

  it('terminates on a cycle in parent ids and shows every span once', async () => {
    const tree = await engine.invoke('traceTree', { db, traceId: 'T-cycle' });
    const spans = tree.nodes.map((n) => n.spanId);
    expect([...spans].sort()).toEqual(['w', 'x', 'y', 'z']);
    expect(tree.nodes.find((n) => n.spanId === 'z')!.depth).toBe(0); // its own parent
    // The three-cycle is cut once: one of its spans becomes a root and the others hang below it.
    expect(
      tree.nodes
        .filter((n) => n.spanId !== 'z')
        .map((n) => n.depth)
        .sort(),
    ).toEqual([0, 1, 2]);
  });

  it('lists a trace without span ids flat, one node per row', async () => {
    const tree = await engine.invoke('traceTree', { db, traceId: 'T-flat' });
    expect(tree.flat).toBe(true);
    expect(tree.nodes.map((n) => [n.process, n.depth, n.offsetMs, n.status])).toEqual([
      ['flat.a', 0, 0, 'OK'],
      ['flat.b', 0, 7, 'OK'],
      ['flat.a', 0, 9, 'ERROR'],
    ]);
    expect(tree.durationMs).toBe(13);
  });

  it('gives not-found for an unknown trace id', async () => {
    const res = await engine.call('traceTree', { db, traceId: 'no-such-trace' });
    expect(res.ok ? 'found' : res.error.kind).toBe('not-found');
  });

  it('grows a tree when a late span is appended while tailing', async () => {
    const events = record(engine, db);
    const [id] = appendRows(path, [
      { ...span('T-nested', 'a2', 'a', 'db.fetch', 30, 5, 'late'), status: 'ERROR', exception: 'timeout' },
    ]);
    await events.next('rows', (p) => p.maxId >= id);
    const tree = await engine.invoke('traceTree', { db, traceId: 'T-nested' });
    expect(shape(tree.nodes).map(({ span, depth }) => `${span}@${depth}`)).toEqual([
      'r@0',
      'a@1',
      'a1@2',
      'a2@2',
      'b@1',
    ]);
    expect(tree.nodes.find((n) => n.spanId === 'a2')!.status).toBe('ERROR');
    expect(tree.rowCount).toBe(7);
  });
});
