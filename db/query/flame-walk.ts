import type Database from 'better-sqlite3';

// The aggregated flame graph's walk down the roots' subtrees, in JS (issue 15: "aggregated flame
// graph over 100k calls <= 500 ms"). The recursive CTE it replaces probed calls_trace_parent once
// per call it reached, queued each call with its path as text and sorted every row by path to
// group them. Here the traces holding the roots are read 2,000 to a statement, each call of them with
// the id of its parent call (calls.up, kept at index time), and the walk counts each call into a
// trie of series ids: no path text per call, and no statement per call or per trace.

/** Frames deeper than this are cut, as the SQL walk cut them: a runaway recursion would otherwise grow without end. */
export const FLAME_MAX_DEPTH = 64;

/**
 * Each call with a parent call (calls.up, call-parents.ts: the SQL walk's link, same trace, parent =
 * span, not its own span) in a list of traces, off calls_trace_up alone. Ids and numbers only: a
 * Buffer or a string per span id cost more than the rest of the walk (1M rows, 240k calls: 305 ms
 * CPU as Buffers; linked by span in SQL, a calls_trace_span probe and a row lookup each, 148 ms).
 */
const LINKS = `SELECT up, id, s, dur FROM calls INDEXED BY calls_trace_up
  WHERE trace IN (SELECT value FROM json_each(?)) AND up IS NOT NULL ORDER BY trace, up`;

/**
 * Traces read per statement: one read per trace cost ~4 µs of statement overhead each (1M rows,
 * 16k traces: 59 ms CPU before any row), and one range over the roots' traces read the traces
 * between them too (10M rows, the entry point's 100k roots: 1.51M calls read in 373 ms CPU, the
 * 1.26M of its traces in 326). A run's links are held at once: ~13 calls a trace in the demo.
 */
const RUN_TRACES = 2000;

/**
 * SQLite's total(): Kahan–Babuška–Neumaier summation of the non-null values (func.c,
 * kahanBabuskaNeumaierStep), so a frame's total is the double the SQL walk's GROUP BY gave.
 */
export class Total {
  private sum = 0;
  private err = 0;
  private approx = false;
  add(r: number | null): void {
    if (r === null) return;
    this.approx = true;
    const s = this.sum;
    const t = s + r;
    if (Math.abs(s) > Math.abs(r)) this.err += s - t + r;
    else this.err += r - t + s;
    this.sum = t;
  }
  get value(): number {
    if (!this.approx) return 0;
    return Number.isFinite(this.err) ? this.sum + this.err : this.sum;
  }
}

/** A node of the trie of call paths: the calls counted under it, their total(dur), the next series below. */
export type Frame = { calls: number; total: Total; kids: Map<number, Frame> };
export const frame = (): Frame => ({ calls: 0, total: new Total(), kids: new Map() });

/** A root with a child: its series, id and trace. */
export type WalkRoot = { s: number; id: number; trace: number };

/**
 * The links of a run of traces in index order (the ORDER BY costs no sort): a call's children are
 * the rows from first[its id] on that name it as `up`. A linked list over the rows instead cost
 * 60 of ~680 ms CPU at 10M rows.
 */
type Links = { rows: [number, number, number, number | null][]; first: Map<number, number> };

/** Calls `visit` once per run of the roots' traces read together, with that run's roots and links. */
function eachRun<R extends WalkRoot>(
  sidecar: { side(sql: string): Database.Statement },
  roots: R[],
  visit: (roots: R[], links: Links) => void,
  runTraces = RUN_TRACES,
): void {
  const read = sidecar.side(LINKS).raw(true);
  const byTrace = new Map<number, R[]>();
  for (const r of roots) {
    const list = byTrace.get(r.trace);
    if (list) list.push(r);
    else byTrace.set(r.trace, [r]);
  }
  const traces = [...byTrace.keys()].sort((x, y) => x - y);
  for (let i = 0; i < traces.length; i += runTraces) {
    const run = traces.slice(i, i + runTraces);
    const rows = read.all(JSON.stringify(run)) as Links['rows'];
    const first = new Map<number, number>();
    for (let k = 0, up = NaN; k < rows.length; k++) if (rows[k][0] !== up) first.set((up = rows[k][0]), k);
    visit(
      run.flatMap((t) => byTrace.get(t)!),
      { rows, first },
    );
  }
}

/** Thrown by walkFlameInto when a walk would count more calls than its budget (flame-rollup.ts). */
export class FlameBudgetExceeded extends Error {}

/**
 * Counts the calls below each root into the trie `topOf(root)` returns (the roots' own calls are
 * not counted): the walk both the query and the index's flame rollup (flame-rollup.ts) run.
 */
export function walkFlameInto<R extends WalkRoot>(
  sidecar: { side(sql: string): Database.Statement },
  roots: R[],
  topOf: (root: R) => Frame,
  runTraces = RUN_TRACES,
  budget = Infinity,
): void {
  const stack: [number, Frame, number][] = [];
  let steps = 0;
  eachRun(
    sidecar,
    roots,
    (runRoots, { rows, first }) => {
      for (const r of runRoots) {
        stack.push([r.id, topOf(r), 0]);
        while (stack.length > 0) {
          const [id, at, depth] = stack.pop()!;
          if (depth >= FLAME_MAX_DEPTH) continue;
          for (let k = first.get(id) ?? rows.length; k < rows.length && rows[k][0] === id; k++) {
            if (++steps > budget) throw new FlameBudgetExceeded();
            const [, child, s, dur] = rows[k];
            let f = at.kids.get(s);
            if (!f) at.kids.set(s, (f = frame()));
            f.calls++;
            f.total.add(dur);
            stack.push([child, f, depth + 1]);
          }
        }
      }
    },
    runTraces,
  );
}

/** A trie per root series as the rows the SQL walk grouped: [path "rootS/s1/s2…", calls, total(dur)], in byPath order. */
export function flattenFlame(bySeries: Map<number, Frame>): [string, number, number][] {
  const out: [string, number, number][] = [];
  const flatten = (path: string, f: Frame) => {
    for (const [s, k] of f.kids) {
      const p = `${path}/${s}`;
      out.push([p, k.calls, k.total.value]);
      flatten(p, k);
    }
  };
  for (const [s, top] of bySeries) flatten(String(s), top);
  return out.sort(byPath);
}

/**
 * The calls below the roots, merged by path of series ids: [path "rootS/s1/s2…", calls, total(dur)],
 * the rows the SQL walk grouped (its root frame is counted apart), in its order (byPath).
 */
export function walkFlameSubtrees(
  sidecar: { side(sql: string): Database.Statement },
  roots: WalkRoot[],
): [string, number, number][] {
  const bySeries = new Map<number, Frame>();
  walkFlameInto(sidecar, roots, (r) => {
    let top = bySeries.get(r.s);
    if (!top) bySeries.set(r.s, (top = frame()));
    return top;
  });
  return flattenFlame(bySeries);
}

/** The SQL walk's ORDER BY length(path), path: parents before children, siblings by series id. */
export function byPath(a: [string, ...unknown[]], b: [string, ...unknown[]]): number {
  return a[0].length - b[0].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/**
 * The ids of the calls below the roots reached by the path of series ids `path` (a frame's key
 * without its root: [s1, s2, …], at most FLAME_MAX_DEPTH long), as walkFlameSubtrees counts them.
 */
export function flameFrameCallIds(
  sidecar: { side(sql: string): Database.Statement },
  roots: WalkRoot[],
  path: number[],
): number[] {
  const ids: number[] = [];
  const stack: [number, number][] = [];
  eachRun(sidecar, roots, (runRoots, { rows, first }) => {
    for (const r of runRoots) {
      stack.push([r.id, 0]);
      while (stack.length > 0) {
        const [id, depth] = stack.pop()!;
        for (let k = first.get(id) ?? rows.length; k < rows.length && rows[k][0] === id; k++) {
          const [, child, s] = rows[k];
          if (s !== path[depth]) continue;
          if (depth + 1 === path.length) ids.push(child);
          else stack.push([child, depth + 1]);
        }
      }
    }
  });
  return ids;
}
