// The flame graph walks the roots' subtrees in JS off ranged reads of the roots' traces, each call
// linked to its parent call by calls.up (flame-walk.ts, call-parents.ts). It must give, to the last
// bit, what the recursive SQL walk it replaced gives (the answer summed from flame_rollup's
// minutes: the same counts and the totals to an ulp), flameCalls the calls behind each frame, and
// the graph must equal a walk computed from the user's
// file: span ids as 8-byte blobs and as text side by side, a function in two groups (two series),
// a cycle cut at depth 64, traces far apart and side by side, children written before their
// parents; during the first build, after it and through the row-by-row tail.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FLAME_MAX_DEPTH } from '../../../db/query/flame-walk.ts';
import { queryFlameCalls, queryFlameGraph } from '../../../db/query/flame-graph.ts';
import { buildCheckingEachChunk, indexHere } from '../../fixtures/bulk-build.ts';
import { appendRows, createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { seededRandom } from './seeded-random.ts';

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const ALL = { preset: 'all' as const };
const FUNCTIONS = ['api.root', 'svc.mid', 'db.leaf', 'loop.a', 'loop.b'];

/**
 * Traces of api.root (group g1 or g2) → svc.mid ×1–3 → db.leaf ×0–2, deepest first; span ids are
 * 16 lowercase hex digits (blobs) in even traces, and uppercase hex or short text (text) in odd
 * ones, where a db.leaf naming its parent in lowercase links to nothing. Every fifth trace holds
 * a loop.a ⇄ loop.b cycle.
 */
function rows(traces: number, seed: number, first = 0): FixtureRow[] {
  const rnd = seededRandom(seed);
  const out: FixtureRow[] = [];
  for (let t = first; t < first + traces; t++) {
    const hex = (n: number) => (t * 1000 + n).toString(16).padStart(16, '0');
    const id = (n: number) => (t % 2 === 0 ? hex(n) : t % 4 === 1 ? hex(n).toUpperCase() : `s${n}`);
    const at = T0 + t * 60_000;
    const call = (process: string, span: string, parent: string | null, dt: number): FixtureRow => ({
      process,
      process_group: process === 'api.root' ? `g${1 + (t % 2)}` : null,
      trace_id: `tr${t}`,
      span_id: span,
      parent_span_id: parent,
      timestamp: new Date(at + dt).toISOString(),
      duration_ms: Math.round(rnd() * 40_000) / 1000,
      data: 'x',
      data_value: String(t),
    });
    const steps = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < steps; i++) {
      for (let j = 0; j < Math.floor(rnd() * 3); j++) {
        const parent = t % 4 === 1 && j === 1 ? id(10 + i).toLowerCase() : id(10 + i);
        out.push(call('db.leaf', id(100 + 10 * i + j), parent, 10 * i + j + 2));
      }
      out.push(call('svc.mid', id(10 + i), id(1), 10 * i + 1));
    }
    if (t % 5 === 0) out.push(call('loop.a', id(900), id(901), 70), call('loop.b', id(901), id(900), 71));
    out.push(call('api.root', id(1), null, 0));
  }
  return out;
}

/**
 * The SQL walk flameGraph had before (a recursive CTE from each root down calls_trace_parent):
 * per frame key, its calls and total(dur), root series merged in the order it merged them.
 */
function sqlWalk(side: Database.Database, process: string): Map<string, [number, number]> {
  const rows = side
    .prepare(
      `WITH RECURSIVE walk(trace, span, path, dur, depth) AS (
         SELECT c.trace, c.span, CAST(c.s AS TEXT), c.dur, 0 FROM calls c JOIN series x ON x.id = c.s WHERE x.process = ?
         UNION ALL
         SELECT c.trace, c.span, w.path || '/' || c.s, c.dur, w.depth + 1 FROM walk w
           CROSS JOIN calls c ON c.trace = w.trace AND c.parent = w.span AND c.span IS NOT c.parent
           WHERE w.span IS NOT NULL AND w.trace IS NOT NULL AND w.depth < ${FLAME_MAX_DEPTH})
       SELECT path, count(*), total(dur) FROM walk GROUP BY path ORDER BY length(path), path`,
    )
    .raw(true)
    .all(process) as [string, number, number][];
  const byKey = new Map<string, [number, number]>();
  for (const [path, n, t] of rows) {
    const key = path.includes('/') ? path.slice(path.indexOf('/')) : '';
    const [n0, t0] = byKey.get(key) ?? [0, 0];
    byKey.set(key, [n0 + n, t0 + t]);
  }
  return byKey;
}

type RefCall = { process: string; trace: string; span: string; parent: string | null; dur: number };

/** The reference graph of `process` from the file's rows up to `upto`: per path of names, calls and total duration. */
function referenceGraph(file: Database.Database, upto: number, process: string): Map<string, [number, number]> {
  const calls = file
    .prepare(
      `SELECT process, trace_id AS trace, span_id AS span, parent_span_id AS parent, duration_ms AS dur
         FROM data_trace WHERE id <= ? ORDER BY id`,
    )
    .all(upto) as RefCall[];
  const kids = new Map<string, RefCall[]>();
  for (const c of calls)
    if (c.parent !== null && c.parent !== c.span)
      kids.set(`${c.trace}/${c.parent}`, [...(kids.get(`${c.trace}/${c.parent}`) ?? []), c]);
  const graph = new Map<string, [number, number]>();
  const visit = (c: RefCall, path: string, depth: number) => {
    const g = graph.get(path) ?? [0, 0];
    graph.set(path, [g[0] + 1, g[1] + c.dur]);
    if (depth < FLAME_MAX_DEPTH)
      for (const k of kids.get(`${c.trace}/${c.span}`) ?? []) visit(k, `${path}>${k.process}`, depth + 1);
  };
  for (const c of calls) if (c.process === process) visit(c, process, 0);
  return graph;
}

describe('the flame graph walks whole traces in JS', () => {
  it('gives the graph of the SQL walk and of a walk of the file, while building, after and through the tail', () => {
    const path = createTraceDb({ rows: rows(90, 5) });
    const file = new Database(path, { readonly: true });
    const here = indexHere(path);
    const { side, ingest } = here;
    let checks = 0;
    let deepest = 0;
    const check = (upto: number) => {
      // calls.up: every call's parent call, linked by span as the SQL walk links them, whichever came first.
      const wrong = side.db
        .prepare(
          `SELECT count(*) FROM calls c WHERE c.up IS NOT (SELECT p.id FROM calls p WHERE c.trace IS NOT NULL
             AND p.trace = c.trace AND p.span = c.parent AND c.span IS NOT c.parent)`,
        )
        .pluck()
        .get();
      expect([upto, wrong]).toEqual([upto, 0]);
      here.query((ctx) => {
        for (const process of FUNCTIONS) {
          const ref = referenceGraph(file, upto, process);
          if (ref.size === 0) continue;
          const got = queryFlameGraph(ctx, { process, range: ALL });
          const byName = new Map<string, [number, number]>();
          const names = got.frames.map(function name(f): string {
            return f.parent < 0 ? f.process : `${name(got.frames[f.parent])}>${f.process}`;
          });
          // The very numbers of the SQL walk, to the last bit.
          const sql = sqlWalk(side.db, process);
          expect([upto, process, got.frames.map((f) => f.key).sort()]).toEqual([upto, process, [...sql.keys()].sort()]);
          const walkedFrames = queryFlameGraph(ctx, { process, range: ALL }, 'walk').frames;
          for (const f of got.frames) {
            const [n, total] = sql.get(f.key)!;
            expect([upto, f.key, f.calls]).toEqual([upto, f.key, n]);
            // Whole minutes' totals summed (flame_rollup, version 14): the same sum to an ulp, not bit for bit.
            expect(Math.abs(f.totalMs - total)).toBeLessThanOrEqual(1e-12 * Math.abs(total));
            // The walk alone (no rollup) still gives the SQL walk's very numbers.
            const walked = walkedFrames.find((w) => w.key === f.key)!;
            expect([upto, f.key, walked.calls, walked.totalMs]).toEqual([upto, f.key, n, total]);
          }
          for (const [i, f] of got.frames.entries()) {
            const [n, ms] = byName.get(names[i]) ?? [0, 0];
            byName.set(names[i], [n + f.calls, ms + f.totalMs]);
            deepest = Math.max(deepest, f.depth);
            // flameCalls lists exactly the calls the frame counts.
            const behind = queryFlameCalls(ctx, { process, key: f.key, range: ALL, limit: 1 });
            expect([upto, process, f.key, f.calls]).toEqual([upto, process, f.key, behind.total]);
          }
          expect([upto, process, [...byName.keys()].sort()]).toEqual([upto, process, [...ref.keys()].sort()]);
          for (const [name, [n, ms]] of byName) {
            expect([upto, name, n]).toEqual([upto, name, ref.get(name)![0]]);
            expect(ms).toBeCloseTo(ref.get(name)![1], 6);
          }
        }
        checks++;
      });
    };
    buildCheckingEachChunk(ingest, side.db, 53, check);
    // The tail, row by row, in batches that split traces; then traces far from the first ones.
    appendRows(path, rows(30, 6, 90));
    for (let r = ingest.step(11); r.added > 0; r = ingest.step(11)) check(r.lastId);
    appendRows(path, rows(10, 7, 5000));
    for (let r = ingest.step(29); r.added > 0; r = ingest.step(29)) check(r.lastId);
    expect(checks).toBeGreaterThan(20);
    expect(deepest).toBe(FLAME_MAX_DEPTH);
    file.close();
    here.close();
  });
});
