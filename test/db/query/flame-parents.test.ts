// The aggregated flame graph walks down only from calls listed in call_parents (calls with a
// child). Children often arrive before their parent (a tracer that writes each call as it
// returns), in an earlier chunk or batch: the list must hold every call with a child, and the
// graph must equal a walk of the calls computed from the user's file, during the first build,
// after it and through the row-by-row tail.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { queryFlameCalls, queryFlameGraph } from '../../../db/query/flame-graph.ts';
import { buildCheckingEachChunk, indexHere } from '../../fixtures/bulk-build.ts';
import { appendRows, createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { seededRandom } from './seeded-random.ts';

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const ALL = { preset: 'all' as const };

/**
 * Traces of job.run → step.a ×1–3 → (io.read, a span-less log.emit), written deepest first (the
 * root's row last), some roots' rows held back to the end of the file; an odd.self call that
 * names itself as its parent, and a trace without an id whose calls link to nothing.
 */
function rows(traces: number, seed: number, first = 0): FixtureRow[] {
  const rnd = seededRandom(seed);
  const out: FixtureRow[] = [];
  const heldBack: FixtureRow[] = [];
  const dur = () => Math.round(rnd() * 50_000) / 1000;
  for (let t = first; t < first + traces; t++) {
    const trace = t % 17 === 5 ? null : `tr${t}`;
    const at = T0 + t * 60_000;
    const call = (process: string, span: string | null, parent: string | null, dt: number): FixtureRow => ({
      process,
      trace_id: trace,
      span_id: span,
      parent_span_id: parent,
      timestamp: new Date(at + dt).toISOString(),
      duration_ms: dur(),
      data: 'x',
      data_value: String(t),
    });
    const trace_rows: FixtureRow[] = [];
    const steps = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < steps; i++) {
      if (rnd() < 0.6) trace_rows.push(call('io.read', `g${i}`, `c${i}`, 10 * i + 2));
      if (rnd() < 0.4) trace_rows.push(call('log.emit', null, `c${i}`, 10 * i + 3));
      trace_rows.push(call('step.a', `c${i}`, 'r', 10 * i + 1));
    }
    if (rnd() < 0.2) trace_rows.push(call('odd.self', 'x', 'x', 50));
    const root = call('job.run', 'r', null, 0);
    out.push(...trace_rows);
    if (rnd() < 0.25) heldBack.push(root);
    else out.push(root);
  }
  return [...out, ...heldBack];
}

interface RefCall {
  key: string;
  process: string;
  trace: string | null;
  span: string | null;
  parent: string | null;
  ts: number;
  dur: number;
}

/** The calls of the file's rows up to `upto`, as the index merges them (first row's parent, earliest time, longest duration). */
function callsOf(file: Database.Database, upto: number): RefCall[] {
  const rowsSoFar = file
    .prepare(
      'SELECT id, process, trace_id, span_id, parent_span_id, timestamp, duration_ms FROM data_trace WHERE id <= ? ORDER BY id',
    )
    .all(upto) as {
    id: number;
    process: string;
    trace_id: string | null;
    span_id: string | null;
    parent_span_id: string | null;
    timestamp: string;
    duration_ms: number | null;
  }[];
  const calls = new Map<string, RefCall>();
  for (const r of rowsSoFar) {
    const trace = r.trace_id || null;
    const key = r.span_id ? `${trace ?? ''}\u0001${r.span_id}` : `row${r.id}`;
    const ts = Date.parse(r.timestamp);
    const c = calls.get(key);
    if (!c)
      calls.set(key, {
        key,
        process: r.process,
        trace,
        span: r.span_id || null,
        parent: r.parent_span_id,
        ts,
        dur: r.duration_ms ?? 0,
      });
    else {
      c.ts = Math.min(c.ts, ts);
      c.dur = Math.max(c.dur, r.duration_ms ?? 0);
    }
  }
  return [...calls.values()];
}

/** The children of each call, linked as the flame graph's walk links them. */
function childrenOf(calls: RefCall[]): Map<RefCall, RefCall[]> {
  const bySpan = new Map<string, RefCall[]>();
  for (const c of calls)
    if (c.trace && c.span)
      bySpan.set(`${c.trace}\u0001${c.span}`, [...(bySpan.get(`${c.trace}\u0001${c.span}`) ?? []), c]);
  const kids = new Map<RefCall, RefCall[]>();
  for (const c of calls) {
    if (!c.trace || c.parent === null || c.span === c.parent) continue;
    for (const p of bySpan.get(`${c.trace}\u0001${c.parent}`) ?? []) kids.set(p, [...(kids.get(p) ?? []), c]);
  }
  return kids;
}

/** The reference graph of `process`: per path of process names, calls and total duration. */
function referenceGraph(calls: RefCall[], process: string): Map<string, [number, number]> {
  const kids = childrenOf(calls);
  const graph = new Map<string, [number, number]>();
  const visit = (c: RefCall, path: string) => {
    const g = graph.get(path) ?? [0, 0];
    graph.set(path, [g[0] + 1, g[1] + c.dur]);
    for (const k of kids.get(c) ?? []) visit(k, `${path}>${k.process}`);
  };
  for (const c of calls) if (c.process === process) visit(c, process);
  return graph;
}

describe('the flame graph walks only from calls with children (call_parents)', () => {
  it('lists every call with a child and gives the graph a full walk gives, while building, after and through the tail', () => {
    const path = createTraceDb({ rows: rows(120, 3) });
    const file = new Database(path, { readonly: true });
    const here = indexHere(path);
    const { side, ingest } = here;
    let checks = 0;
    const check = (upto: number) => {
      const calls = callsOf(file, upto);
      const parents = [...childrenOf(calls).keys()].map((c) => c.key).sort();
      const listed = side.db
        .prepare(
          `SELECT coalesce(t.key, '') || char(1) || c.span FROM call_parents k JOIN calls c ON c.id = k.id
            LEFT JOIN traces t ON t.id = c.trace`,
        )
        .pluck()
        .all() as string[];
      expect([upto, listed.sort()]).toEqual([upto, parents]);
      here.query((ctx) => {
        for (const process of ['job.run', 'step.a', 'io.read', 'odd.self']) {
          const ref = referenceGraph(calls, process);
          if (ref.size === 0) continue;
          const got = queryFlameGraph(ctx, { process, range: ALL });
          const names = got.frames.map(function name(f): string {
            return f.parent < 0 ? f.process : `${name(got.frames[f.parent])}>${f.process}`;
          });
          expect([upto, process, names.sort()]).toEqual([upto, process, [...ref.keys()].sort()]);
          for (const [i, f] of got.frames.entries()) {
            const [n, ms] = ref.get(names[i])!;
            expect([upto, names[i], f.calls]).toEqual([upto, names[i], n]);
            expect(f.totalMs).toBeCloseTo(ms, 6);
          }
          // The calls behind the root frame are all the function's calls, leaves included.
          const behind = queryFlameCalls(ctx, { process, key: '', range: ALL, limit: 1 });
          expect(behind.total).toBe(ref.get(process)![0]);
        }
        checks++;
      });
    };
    buildCheckingEachChunk(ingest, side.db, 37, check);
    // The tail, row by row: new traces written deepest first, in batches that split them.
    appendRows(path, rows(40, 4, 1000));
    for (let r = ingest.step(7); r.added > 0; r = ingest.step(7)) check(r.lastId);
    expect(checks).toBeGreaterThan(20);
    expect(side.db.prepare('SELECT count(*) FROM call_parents').pluck().get()).toBeGreaterThan(100);
    file.close();
    here.close();
  });
});
