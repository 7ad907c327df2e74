import type Database from 'better-sqlite3';

// The sidecar is the inspector's own index of one trace database. It holds normalised columns
// (epoch-ms timestamps, status flags, interned process/group "series" and trace ids), the
// indexes that make every page a keyset range scan, per-call aggregates for percentiles and
// time-bucketed rollups for counts and charts. Full rows stay in the user's file and are fetched
// by rowid. The sidecar is a cache: synchronous=OFF, and a version bump just rebuilds it.
export const SIDECAR_VERSION = 7;

/** Rollup bucket widths. Counts over any range are exact: whole buckets of the coarsest tier that fits, then finer tiers, then raw rows at the edges. */
export const TIERS_MS = [10_000, 300_000, 3_600_000] as const;

export const SIDECAR_DDL = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series(
  id INTEGER PRIMARY KEY, process TEXT NOT NULL, grp TEXT,
  source_file TEXT, source_line INTEGER, rows INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS traces(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, first_ts INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rows(
  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, s INTEGER NOT NULL, err INTEGER NOT NULL,
  trace INTEGER, call INTEGER,
  -- Explorer filters (issue 13): the variable name interned in names, and the row's call duration
  -- (copied from calls, so "slowest first" and duration ranges are one index walk over rows).
  d INTEGER, dur REAL);
CREATE TABLE IF NOT EXISTS names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE INDEX IF NOT EXISTS rows_d_ts ON rows(d, ts) WHERE d IS NOT NULL;
CREATE INDEX IF NOT EXISTS rows_dur ON rows(dur) WHERE dur IS NOT NULL;
-- A call's duration arrives on its last row: earlier rows of a call without a trace id are found
-- here (rows_trace_call finds the rest) to copy it onto them.
CREATE INDEX IF NOT EXISTS rows_untraced_call ON rows(call) WHERE trace IS NULL;
CREATE INDEX IF NOT EXISTS rows_ts ON rows(ts);
CREATE INDEX IF NOT EXISTS rows_s_ts ON rows(s, ts);
CREATE INDEX IF NOT EXISTS rows_err_ts ON rows(ts) WHERE err = 1;
CREATE INDEX IF NOT EXISTS rows_s_err_ts ON rows(s, ts) WHERE err = 1;
-- A trace tree page reads its calls' rows by (trace, call).
CREATE INDEX IF NOT EXISTS rows_trace_call ON rows(trace, call) WHERE trace IS NOT NULL;
CREATE TABLE IF NOT EXISTS calls(
  id INTEGER PRIMARY KEY, s INTEGER NOT NULL, trace INTEGER, span TEXT, parent TEXT,
  ts INTEGER NOT NULL, dur REAL, mem REAL, err INTEGER NOT NULL);
-- A call is found by (trace, span). Trace ids are interned in order of arrival, so new calls land
-- at the end of this index; the text key (trace id + span id) it replaced was random, and its
-- inserts and lookups missed the cache on every call of a 10M-row build (issue 14).
CREATE INDEX IF NOT EXISTS calls_trace_span ON calls(trace, span) WHERE span IS NOT NULL;
-- Covering: stats read (ts, dur, mem, err) of every call in a range straight off the index; without
-- the last three columns each call cost a table lookup (310k calls: 486 ms, covered: 179 ms).
CREATE INDEX IF NOT EXISTS calls_s_ts ON calls(s, ts, dur, mem, err);
-- The trace tree walks from a call to its children by (trace, parent span), in SQL (trace-tree.ts).
CREATE INDEX IF NOT EXISTS calls_trace_parent ON calls(trace, parent) WHERE trace IS NOT NULL;
CREATE TABLE IF NOT EXISTS rollup(
  tier INTEGER NOT NULL, bucket INTEGER NOT NULL, s INTEGER NOT NULL,
  rows INTEGER NOT NULL, errors INTEGER NOT NULL, traces INTEGER NOT NULL,
  PRIMARY KEY(tier, bucket, s)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stale_runs(
  process TEXT NOT NULL, data TEXT NOT NULL, value_key TEXT, sample TEXT, value_type TEXT,
  run_len INTEGER NOT NULL, run_start_id INTEGER, run_head_ts TEXT NOT NULL,
  last_id INTEGER NOT NULL, last_ts INTEGER,
  PRIMARY KEY(process, data)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stale_thresholds(
  process TEXT NOT NULL, data TEXT NOT NULL, threshold INTEGER NOT NULL,
  PRIMARY KEY(process, data)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS heartbeats(id INTEGER PRIMARY KEY, ts INTEGER, queue_depth INTEGER, status TEXT);
CREATE INDEX IF NOT EXISTS heartbeats_ts ON heartbeats(ts);
`;

export type Meta = {
  version: number;
  sourcePath: string;
  columnsSignature: string;
  lastId: number;
  lastFingerprint: string | null;
  firstFingerprint: string | null;
  heartbeatLastId: number;
  lastTs: number | null;
  badTimestamps: number;
};

export function readMeta(db: Database.Database): Partial<Meta> {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: unknown }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function writeMeta(db: Database.Database, meta: Partial<Meta>): void {
  const put = db.prepare(
    'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  for (const [k, v] of Object.entries(meta)) put.run(k, v ?? null);
}
