// A trace database holding one big trace, for the renderer bench's flame graph phase (issue 15: "a
// 10,000-call trace's flame graph stays at 60 fps while zooming"). The demo's traces have tens of
// calls, so this file is built apart: `calls` calls nested up to 24 deep, one row per call stamped
// at its start, deterministic for a seed. Every call has a duration, its children fit inside it.
import Database from 'better-sqlite3';
import { isoMicros } from '../main/demo/iso-time.ts';
import { removeDatabase } from '../main/demo/generate.ts';
import { Rng } from '../main/demo/rng.ts';
import { ensureSchema } from '../main/demo/trace-table.ts';

const MAX_DEPTH = 24;
const NAMES = ['handler', 'parse', 'validate', 'load', 'query', 'render', 'encode', 'cache.get', 'cache.set', 'send'];

interface Call {
  parent: number;
  depth: number;
  name: string;
  children: number[];
  startUs: number;
  durUs: number;
}

/** The call tree: each new call hangs under a random call of the open path, so depth varies as a real trace's does. */
function callTree(calls: number, rng: Rng): Call[] {
  const tree: Call[] = [{ parent: -1, depth: 0, name: 'bench.flame.root', children: [], startUs: 0, durUs: 0 }];
  const path = [0];
  for (let i = 1; i < calls; i++) {
    // Go back up a random number of levels, then down one: a depth-first walk of a bushy tree.
    path.length = Math.max(1, path.length - (rng.chance(0.45) ? rng.int(1, 3) : 0));
    if (path.length >= MAX_DEPTH) path.length = MAX_DEPTH - 1;
    const parent = path[path.length - 1];
    tree.push({
      parent,
      depth: tree[parent].depth + 1,
      name: `bench.${rng.pick(NAMES)}`,
      children: [],
      startUs: 0,
      durUs: 0,
    });
    tree[parent].children.push(i);
    path.push(i);
  }
  // Durations bottom-up (children are numbered after their parent), then starts top-down.
  for (let i = tree.length - 1; i >= 0; i--) {
    const c = tree[i];
    c.durUs = c.children.reduce((s, k) => s + tree[k].durUs, 0) + rng.int(20, 400);
  }
  for (const c of tree) {
    let at = c.startUs + 10;
    for (const k of c.children) {
      tree[k].startUs = at;
      at += tree[k].durUs;
    }
  }
  return tree;
}

/** Writes the file (replacing any) and returns the trace's id. */
export function generateFlameDb(path: string, calls: number, seed = 15): string {
  removeDatabase(path);
  const rng = new Rng(seed);
  const tree = callTree(calls, rng);
  const traceId = 'f1a3e000000000000000000000010000';
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  ensureSchema(db);
  const insert = db.prepare(
    `INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, trace_id, span_id, parent_span_id, process_group, duration_ms)
     VALUES (?, 'args', 'str', ?, ?, 'OK', ?, ?, ?, 'bench', ?)`,
  );
  const span = (i: number) => i.toString(16).padStart(16, '0');
  const t0 = (Date.now() - 60_000) * 1000;
  db.transaction(() => {
    tree.forEach((c, i) =>
      insert.run(
        c.name,
        `call ${i}`,
        isoMicros(t0 + c.startUs),
        traceId,
        span(i + 1),
        c.parent < 0 ? null : span(c.parent + 1),
        c.durUs / 1000,
      ),
    );
  })();
  db.close();
  return traceId;
}
