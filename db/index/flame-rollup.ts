import type Database from 'better-sqlite3';
import { FlameBudgetExceeded, frame, walkFlameInto, type Frame, type WalkRoot } from '../query/flame-walk.ts';
import { callBucket, callBucketSql } from './call-rollup.ts';
import { CALL_BUCKET_MS } from './sidecar-schema.ts';

// flame_rollup (sidecar-schema.ts, version 15): per function series and minute, the calls below
// that minute's calls counted by path, so the aggregated flame graph over 100k calls sums whole
// minutes instead of walking ~1.26M links (issue 15). Kept exactly as call_rollup is: a minute is
// recomputed by the query's own walk (flame-walk.ts) whenever a call below one of its calls is
// added, changes or is linked, so its figures are the walk's, never patched by differences.

/**
 * The (series, minute) of every ancestor of the seed calls, through calls.up. Deduplicated by id
 * (a cycle ends), not cut at FLAME_MAX_DEPTH: a minute recomputed for nothing only costs time.
 */
const ANCESTORS = (seeds: string) => `WITH RECURSIVE seeds(id) AS (${seeds}), anc(id) AS (
    SELECT c.up FROM seeds JOIN main.calls c ON c.id = seeds.id WHERE c.up IS NOT NULL
    UNION SELECT c.up FROM anc JOIN main.calls c ON c.id = anc.id WHERE c.up IS NOT NULL)
  SELECT DISTINCT c.s, ${callBucketSql('c.ts')} FROM anc JOIN main.calls c ON c.id = anc.id`;

/** A minute's roots, as the query walks them (flame-graph.ts: listed in call_parents, with a trace and a span). */
const ROOT_FILTER = `c.trace IS NOT NULL AND c.span IS NOT NULL
  AND EXISTS (SELECT 1 FROM main.call_parents p WHERE p.s = c.s AND p.id = c.id)`;

type MinuteRoot = WalkRoot & { b: number };

/**
 * Minutes walked together, and traces read per statement: walking a chunk's minutes at once
 * (~12k roots) with the query's 2,000 traces a read kept that much alive across young-generation
 * collections, and the build's heap grew with it (1M rows: peak RSS 239 → 290 MB without the
 * rollup → with it; 271 with 200 traces a read).
 */
const MINUTES_PER_WALK = 16;
const BUILD_RUN_TRACES = 200;

/**
 * Calls a minute's walk may count before the minute is left to the query (flame_skipped): the
 * 10M demo's busiest minute counts ~3k. Without a bound, a trace of a million calls (a 20,000-deep
 * chain) was re-walked 64 deep from each of its calls at every chunk and its build never ended.
 */
export const MINUTE_STEPS = 200_000;

/**
 * Links a trace may hold for its minutes to be rolled up: the walk reads every link of a root's
 * trace, so a minute with a root in a trace of a million calls read them all each time a chunk
 * touched it (the build ran past 400 s). Such minutes go to flame_skipped and the query walks them.
 */
export const TRACE_LINKS_MAX = 50_000;

/** Recomputes flame_rollup minutes, on either build path. */
class FlameRefill {
  private readonly db: Database.Database;
  private readonly stmts = new Map<string, Database.Statement>();
  private readonly insert: Database.Statement;
  private readonly findPath: Database.Statement;
  private readonly addPath: Database.Statement;
  private readonly sidecar = { side: (sql: string) => this.prepared(sql) };

  private readonly clear: Database.Statement;
  private readonly clean: Database.Statement;
  private readonly dirty: Database.Statement;
  private readonly roots: Database.Statement;
  private readonly isSkipped: Database.Statement;
  private readonly skip: Database.Statement;
  private readonly tracesOverLinks: Database.Statement;
  /** Traces found over TRACE_LINKS_MAX: a trace only grows, so it is not counted again. */
  private readonly bigTraces = new Set<number>();

  constructor(db: Database.Database) {
    this.db = db;
    this.clear = db.prepare('DELETE FROM main.flame_rollup WHERE s = ? AND bucket = ?');
    this.clean = db.prepare('DELETE FROM main.flame_dirty WHERE s = ? AND bucket = ?');
    this.dirty = db.prepare('INSERT OR IGNORE INTO main.flame_dirty(s, bucket) VALUES (?, ?)');
    this.isSkipped = db.prepare('SELECT 1 FROM main.flame_skipped WHERE s = ? AND bucket = ?').pluck();
    this.skip = db.prepare('INSERT OR IGNORE INTO main.flame_skipped(s, bucket) VALUES (?, ?)');
    // The traces of a minute's roots in one statement: one statement a trace cost ~1.1 µs a root,
    // 0.15 of the rollup's 0.79 CPU-s per 1M rows of the 10M demo (~100 roots a minute, ~13 links a trace).
    this.tracesOverLinks = db
      .prepare(
        `SELECT t.value FROM json_each(?) t WHERE (SELECT count(*) FROM (SELECT 1 FROM main.calls INDEXED BY calls_trace_up
          WHERE trace = t.value AND up IS NOT NULL LIMIT ${TRACE_LINKS_MAX + 1})) > ${TRACE_LINKS_MAX}`,
      )
      .pluck();
    this.roots = db
      .prepare(
        `SELECT c.id, c.trace FROM main.calls c INDEXED BY calls_s_ts
          WHERE c.s = ? AND c.ts >= ? AND c.ts < ? AND ${ROOT_FILTER}`,
      )
      .raw(true);
    this.insert = db.prepare('INSERT INTO main.flame_rollup(s, bucket, path, calls, total) VALUES (?, ?, ?, ?, ?)');
    this.findPath = db.prepare('SELECT id FROM main.flame_paths WHERE up = ? AND s = ?').pluck();
    this.addPath = db.prepare('INSERT INTO main.flame_paths(up, s) VALUES (?, ?)');
  }

  private prepared(sql: string): Database.Statement {
    let st = this.stmts.get(sql);
    if (!st) this.stmts.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** Leaves a minute to the query (flame_dirty, no rows) until `minutes` recomputes it. */
  leave(s: number, b: number): void {
    this.dirty.run(s, b);
    this.clear.run(s, b);
  }

  /** Recomputes the minutes, a few at a time. */
  minutes(pairs: Iterable<[number, number]>): void {
    let group: MinuteRoot[][] = [];
    for (const [s, b] of pairs) {
      this.clean.run(s, b); // recomputed here (or skipped): no longer left to the query
      if (this.isSkipped.get(s, b) !== undefined) continue;
      this.clear.run(s, b);
      const minute = this.roots.all(s, b * CALL_BUCKET_MS, (b + 1) * CALL_BUCKET_MS) as [number, number][];
      if (this.hasBigTrace(minute)) {
        this.skip.run(s, b);
        continue;
      }
      group.push(minute.map(([id, trace]) => ({ s, b, id, trace })));
      if (group.length === MINUTES_PER_WALK) {
        this.write(group);
        group = [];
      }
    }
    this.write(group);
  }

  private hasBigTrace(minute: [number, number][]): boolean {
    const traces = new Set<number>();
    for (const [, trace] of minute) {
      if (this.bigTraces.has(trace)) return true;
      traces.add(trace);
    }
    if (traces.size === 0) return false;
    const big = this.tracesOverLinks.all(JSON.stringify([...traces])) as number[];
    for (const trace of big) this.bigTraces.add(trace);
    return big.length > 0;
  }

  /**
   * Walks the roots (their minutes' rows already deleted) and writes each minute's paths. A walk
   * over budget is done again minute by minute, and a minute over its own budget is skipped.
   */
  private write(group: MinuteRoot[][]): void {
    const roots = group.flat();
    if (roots.length === 0) return;
    const tops = new Map<string, [number, number, Frame]>();
    const walk = (list: MinuteRoot[]) => {
      tops.clear();
      walkFlameInto(
        this.sidecar,
        list,
        (r) => {
          const key = `${r.s}:${r.b}`;
          let top = tops.get(key);
          if (!top) tops.set(key, (top = [r.s, r.b, frame()]));
          return top[2];
        },
        BUILD_RUN_TRACES,
        MINUTE_STEPS,
      );
    };
    try {
      walk(roots); // the group's budget is one minute's: over it, each minute is walked alone
    } catch (err) {
      if (!(err instanceof FlameBudgetExceeded)) throw err;
      for (const list of group) {
        if (list.length === 0) continue;
        try {
          walk(list);
        } catch (e) {
          if (!(e instanceof FlameBudgetExceeded)) throw e;
          this.skip.run(list[0].s, list[0].b);
          continue;
        }
        this.put(tops);
      }
      return;
    }
    this.put(tops);
  }

  /** Writes walked minutes' paths. */
  private put(tops: Map<string, [number, number, Frame]>): void {
    // Path ids looked up once per flush: a cache kept across transactions could outlive a rollback.
    const ids = new Map<string, number>();
    const pathId = (up: number, s: number) => {
      const key = `${up}:${s}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = (this.findPath.get(up, s) as number | undefined) ?? Number(this.addPath.run(up, s).lastInsertRowid);
        ids.set(key, id);
      }
      return id;
    };
    const put = (s: number, b: number, up: number, f: Frame) => {
      for (const [ks, k] of f.kids) {
        const id = pathId(up, ks);
        this.insert.run(s, b, id, k.calls, k.total.value);
        put(s, b, id, k);
      }
    };
    for (const [s, b, top] of tops.values()) put(s, b, 0, top);
  }
}

/**
 * The row-by-row path (ingest.ts): calls added or changed in a batch are touched, and at its end
 * every minute holding one of them (if its series has children) or one of their ancestors is
 * marked dirty (flame_dirty, its rows deleted): the query walks it live until `settle` recomputes
 * it. Recomputing at every batch re-walked the writer's current minutes again and again: a tail
 * of 40k rows on a 1M-row index spent 2.7 of its 6.7 CPU-s (167 µs a row) in that refill.
 */
export class FlameRollup {
  private readonly refill: FlameRefill;
  private readonly ids = new Set<number>();
  private readonly minutes = new Map<string, [number, number]>();
  private readonly hasParents: Database.Statement;
  private readonly ancestors: Database.Statement;
  private readonly older: Database.Statement;

  constructor(db: Database.Database) {
    this.refill = new FlameRefill(db);
    this.hasParents = db.prepare('SELECT 1 FROM main.call_parents WHERE s = ? LIMIT 1').pluck();
    this.ancestors = db.prepare(ANCESTORS('SELECT value FROM json_each(?)')).raw(true);
    this.older = db
      .prepare('SELECT s, bucket FROM main.flame_dirty WHERE bucket < ? ORDER BY bucket LIMIT ?')
      .raw(true);
  }

  /** Call `id` of series `s` was added or changed at `ts` (call for its old time too when that moved). */
  touch(id: number, s: number, ts: number): void {
    this.ids.add(id);
    const b = callBucket(ts);
    this.minutes.set(`${s}:${b}`, [s, b]);
  }

  /** Inside the batch's transaction, after its calls are written and linked (call-parents.ts). */
  flush(): void {
    if (this.ids.size === 0) return;
    const pairs = new Map<string, [number, number]>();
    const parents = new Map<number, boolean>();
    for (const [key, [s, b]] of this.minutes) {
      let has = parents.get(s);
      if (has === undefined) parents.set(s, (has = this.hasParents.get(s) !== undefined));
      if (has) pairs.set(key, [s, b]);
    }
    for (const [s, b] of this.ancestors.all(JSON.stringify([...this.ids])) as [number, number][])
      pairs.set(`${s}:${b}`, [s, b]);
    for (const [s, b] of pairs.values()) this.refill.leave(s, b);
    this.forget();
  }

  /**
   * Recomputes up to `max` dirty minutes before minute `before`, oldest first, inside the caller's
   * transaction; returns how many it did (fewer than `max`: none is left before `before`).
   */
  settle(before: number, max: number): number {
    const pairs = this.older.all(before, max) as [number, number][];
    this.refill.minutes(pairs);
    return pairs.length;
  }

  /** A rolled-back batch: its touches are moot (the batch is read again). */
  forget(): void {
    this.ids.clear();
    this.minutes.clear();
  }
}

/**
 * The set-based path (bulk-ingest.ts), once a chunk's calls are written and linked and before
 * temp.bulk_touched is cleared: the touched minutes of series with children, and every minute
 * holding an ancestor of a call the chunk added (numbered after `callsBefore`) or merged into.
 * A new call's new ancestors are touched calls themselves: the walk up starts only from the new
 * calls whose parent call is older, and from the merged ones.
 */
export function bulkFlameRollup(db: Database.Database): (callsBefore: number) => void {
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS flame_touched(s INTEGER NOT NULL, bucket INTEGER NOT NULL, PRIMARY KEY(s, bucket)) WITHOUT ROWID',
  );
  const refill = new FlameRefill(db);
  // The series with children first (a few dozen), then the touched minutes of those: an EXISTS
  // probe of call_parents per touched call took ~110 µs each (10M demo: 6.1 s for the first two
  // 100k-row chunks, and 3.8 → 17.8 s per 200k rows as the index grew; 12 ms this way).
  const parentSeries = db
    .prepare(
      'SELECT json_group_array(id) FROM main.series WHERE EXISTS (SELECT 1 FROM main.call_parents p WHERE p.s = series.id)',
    )
    .pluck();
  const self = db.prepare(`INSERT OR IGNORE INTO temp.flame_touched(s, bucket)
    SELECT DISTINCT k.s, k.bucket FROM temp.bulk_touched k WHERE k.s IN (SELECT value FROM json_each(?))`);
  const ancestors = db.prepare(
    `INSERT OR IGNORE INTO temp.flame_touched(s, bucket) ${ANCESTORS('SELECT id FROM main.calls WHERE id > @before AND up <= @before UNION ALL SELECT id FROM temp.bulk_calls WHERE isnew = 0')}`,
  );
  const touched = db.prepare('SELECT s, bucket FROM temp.flame_touched').raw(true);
  const done = db.prepare('DELETE FROM temp.flame_touched');
  return (callsBefore) => {
    self.run(parentSeries.get());
    ancestors.run({ before: callsBefore });
    refill.minutes(touched.all() as [number, number][]);
    done.run();
  };
}
