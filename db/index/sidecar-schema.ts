import type Database from 'better-sqlite3';

// The sidecar is the inspector's own index of one trace database. It holds normalised columns
// (epoch-ms timestamps, status flags, interned process/group "series" and trace ids), the
// indexes that make every page a keyset range scan, per-call aggregates for percentiles and
// time-bucketed rollups for counts and charts. Full rows stay in the user's file and are fetched
// by rowid. The sidecar is a cache: synchronous=OFF, and a version bump just rebuilds it.
export const SIDECAR_VERSION = 17;

/** The width of a call_rollup bucket: a minute holds ~250 calls of the busiest function of a 10M-row file, cheap to recompute. */
export const CALL_BUCKET_MS = 60_000;

/** error_rollup's tiers: a minute, an hour. */
export const ERROR_TIERS_MS = [60_000, 3_600_000] as const;

/** Rollup bucket widths. Counts over any range are exact: whole buckets of the coarsest tier that fits, then finer tiers, then raw rows at the edges. */
export const TIERS_MS = [10_000, 300_000, 3_600_000] as const;

export const SIDECAR_DDL = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series(
  id INTEGER PRIMARY KEY, process TEXT NOT NULL, grp TEXT,
  source_file TEXT, source_line INTEGER, rows INTEGER NOT NULL DEFAULT 0);
-- key: 32-hex-digit trace ids as 16-byte blobs, other ids as text (span-key.ts, version 14: 37 of
-- 1,605 MB at 10M rows were trace keys as text).
CREATE TABLE IF NOT EXISTS traces(id INTEGER PRIMARY KEY, key NOT NULL UNIQUE, first_ts INTEGER NOT NULL);
-- A row's trace is its call's (version 8 dropped rows.trace and its (trace, call) index: 17 MB of
-- 183 at 1M rows).
CREATE TABLE IF NOT EXISTS rows(
  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, s INTEGER NOT NULL, err INTEGER NOT NULL,
  call INTEGER,
  -- Explorer filters (issue 13): the variable name interned in names. A row's call duration is
  -- its call's (version 11 dropped rows.dur and its index, 31 of 224 MB at 1.2M rows: the Explorer's
  -- duration filters walk calls_dur and each call's rows instead).
  d INTEGER);
CREATE TABLE IF NOT EXISTS names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE INDEX IF NOT EXISTS rows_d_ts ON rows(d, ts) WHERE d IS NOT NULL;
-- A variable's errors (issue 13: "return rows with errors in one group" walked every error of the
-- group, 223 ms at 10M rows, to find none): errors are few, so this index is small.
CREATE INDEX IF NOT EXISTS rows_d_err_ts ON rows(d, ts) WHERE err = 1 AND d IS NOT NULL;
-- A call's rows: a trace tree page reads its calls' rows, a trace filter its calls' rows, and
-- slowest first and duration bands the rows of the calls they walk on calls_dur.
CREATE INDEX IF NOT EXISTS rows_call ON rows(call);
CREATE INDEX IF NOT EXISTS rows_ts ON rows(ts);
CREATE INDEX IF NOT EXISTS rows_s_ts ON rows(s, ts);
CREATE INDEX IF NOT EXISTS rows_err_ts ON rows(ts) WHERE err = 1;
CREATE INDEX IF NOT EXISTS rows_s_err_ts ON rows(s, ts) WHERE err = 1;
-- span and parent: 16-hex-digit ids as 8-byte blobs, other ids as text (span-key.ts, version 11).
-- up: the id of the call whose span this call's parent names in its trace (call-parents.ts, version 12).
CREATE TABLE IF NOT EXISTS calls(
  id INTEGER PRIMARY KEY, s INTEGER NOT NULL, trace INTEGER, span, parent,
  ts INTEGER NOT NULL, dur REAL, mem REAL, err INTEGER NOT NULL, up INTEGER);
-- A call is found by (trace, span). Trace ids are interned in order of arrival, so new calls land
-- at the end of this index; the text key (trace id + span id) it replaced was random, and its
-- inserts and lookups missed the cache on every call of a 10M-row build (issue 14).
-- Every call is in it (not only those with a span): a trace's rows are its calls' rows.
CREATE INDEX IF NOT EXISTS calls_trace_span ON calls(trace, span);
-- Covering: stats read (ts, dur, mem, err) of every call in a range straight off the index; without
-- the last three columns each call cost a table lookup (310k calls: 486 ms, covered: 179 ms).
CREATE INDEX IF NOT EXISTS calls_s_ts ON calls(s, ts, dur, mem, err);
-- Calls that name a parent span not yet seen in their trace (call-parents.ts, version 13): when the
-- parent arrives, they are found here and linked (calls.up). Once linked a call leaves it, so it holds
-- only the calls waiting for a parent that never came. It replaced calls_trace_parent (every call
-- with a parent), whose readers now follow calls.up on calls_trace_up.
CREATE INDEX IF NOT EXISTS calls_orphan ON calls(trace, parent)
  WHERE trace IS NOT NULL AND parent IS NOT NULL AND up IS NULL AND span IS NOT parent;
-- The aggregated flame graph reads the calls of a range of traces with their parent call's id off
-- this index alone (flame-walk.ts, issue 15): linking them by span in SQL probed calls_trace_span
-- for every call and looked each one up in calls (1M rows, the demo's entry point: 148 ms CPU of 208).
CREATE INDEX IF NOT EXISTS calls_trace_up ON calls(trace, up, s, dur) WHERE up IS NOT NULL;
-- Calls without a duration, by id (few: 245 of 304k in the 1M-row demo): "slowest first" lists
-- their rows last, read off this index instead of looking up the call of every row of the range.
CREATE INDEX IF NOT EXISTS calls_untimed ON calls(id) WHERE dur IS NULL;
-- Per function series and minute, its calls' figures (issue 14): a function's stats over a range
-- sum whole minutes here and read only the calls of the edges' partial minutes. A minute is
-- recomputed from calls whenever one of its calls is added or changed (call-rollup.ts): sums
-- kept by adding and subtracting would drift, and a maximum cannot be subtracted.
CREATE TABLE IF NOT EXISTS call_rollup(
  s INTEGER NOT NULL, bucket INTEGER NOT NULL, calls INTEGER NOT NULL, errors INTEGER NOT NULL,
  timed INTEGER NOT NULL, dur_sum REAL NOT NULL, dur_max REAL, mem_n INTEGER NOT NULL, mem_sum REAL NOT NULL, mem_max REAL,
  PRIMARY KEY(s, bucket)) WITHOUT ROWID;
-- Per function series, minute and latency bin (latency-bins.ts: 4 per decade), its calls with a
-- duration in that bin (issue 15), recomputed with the minute's call_rollup row. A latency
-- histogram or heatmap over 24 h sums these instead of reading ~310k calls (725 ms at 10M rows),
-- and an exact percentile reads only the calls of the bin that holds its rank.
CREATE TABLE IF NOT EXISTS call_hist(
  s INTEGER NOT NULL, bucket INTEGER NOT NULL, bin INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY(s, bucket, bin)) WITHOUT ROWID;
-- Per function series and minute, its timed calls' durations sorted ascending (issue 14,
-- call-durations.ts): count and a blob of little-endian float64s, recomputed with the minute's
-- call_rollup row. Exact percentiles over a range (the 24 h history's buckets, the latency
-- histogram's p50/p95/p99) rank the whole minutes' blobs and read only the edges' calls: reading
-- ~310k durations of the busiest function at 10M rows one by one cost 76–100 ms CPU. A rowid table:
-- a busy minute's blob is a few KB, too big a row for a WITHOUT ROWID B-tree.
CREATE TABLE IF NOT EXISTS call_durs(s INTEGER NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL, durs BLOB NOT NULL,
  UNIQUE(s, bucket));
-- Per function series and hour, its timed calls counted by fine duration bin (version 16,
-- call-hour-bins.ts: 50 bins per decade, as one blob), recomputed from the hour's call_durs rows
-- with them. An exact percentile over a range sums whole hours here, bins the edges' minutes from
-- call_durs, and reads only the calls of the bin holding its rank off calls_s_dur: ranking every
-- duration of the busiest function's ~3M calls in 24 h cost ~230 ms at 100M rows.
CREATE TABLE IF NOT EXISTS call_hour_bins(s INTEGER NOT NULL, hour INTEGER NOT NULL, bins BLOB NOT NULL, UNIQUE(s, hour));
-- Calls with at least one child call (call-parents.ts): the aggregated flame graph walks down only
-- from these, where it probed for the children of every one of the up to 100k calls it merges
-- (most are leaves), and skips the walk for a function none of whose calls has a child. Kept as
-- calls are added: a call's trace, span and parent never change after.
CREATE TABLE IF NOT EXISTS call_parents(s INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(s, id)) WITHOUT ROWID;
-- The aggregated flame graph's per-minute rollup (version 15, issue 15, flame-rollup.ts). flame_paths
-- is a trie of call paths below a root: a node is its parent node (0: the top) and a series.
-- flame_rollup holds, per function series and minute, the calls below that minute's calls of the
-- series counted by path (to FLAME_MAX_DEPTH) with their total(dur); only series with children
-- have rows. A minute is recomputed by the walk (flame-walk.ts) whenever a call below it changes.
-- Minutes left out of flame_rollup: their walk counted more than MINUTE_STEPS calls (a trace of a
-- million calls, each root's subtree 64 deep: re-walked whenever a chunk touched it, the build never
-- ended). Never rolled up again; the query walks them live, as it walks a range's partial minutes.
CREATE TABLE IF NOT EXISTS flame_skipped(s INTEGER NOT NULL, bucket INTEGER NOT NULL, PRIMARY KEY(s, bucket)) WITHOUT ROWID;
-- Minutes the live tail changed and has not recomputed yet (version 17): they have no flame_rollup
-- rows and the query walks them live, as it walks skipped ones; the tail recomputes them once the
-- writer has moved past them (FlameRollup.settle), each once instead of at every batch.
CREATE TABLE IF NOT EXISTS flame_dirty(s INTEGER NOT NULL, bucket INTEGER NOT NULL, PRIMARY KEY(s, bucket)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS flame_paths(id INTEGER PRIMARY KEY, up INTEGER NOT NULL, s INTEGER NOT NULL, UNIQUE(up, s));
CREATE TABLE IF NOT EXISTS flame_rollup(s INTEGER NOT NULL, bucket INTEGER NOT NULL, path INTEGER NOT NULL,
  calls INTEGER NOT NULL, total REAL NOT NULL, PRIMARY KEY(s, bucket, path)) WITHOUT ROWID;
-- Error groups (issue 15, error-index.ts): each failing call once, under its latest error row,
-- with its exception's fingerprint, so the errors view over a 10M-row file groups these rows
-- (2,241 ms reading every traceback from the user's file). k is the call's id, or -row id for a
-- row without a call.
CREATE TABLE IF NOT EXISTS error_groups(id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL UNIQUE, type TEXT NOT NULL, message TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS error_calls(k INTEGER PRIMARY KEY, row INTEGER NOT NULL, ts INTEGER NOT NULL, s INTEGER NOT NULL, g INTEGER NOT NULL);
-- Covering: a range's groups, functions, first and last seen and sparkline in one scan.
CREATE INDEX IF NOT EXISTS error_calls_ts ON error_calls(ts, g, s);
-- A group's latest failing calls (its traceback and traces).
CREATE INDEX IF NOT EXISTS error_calls_g_ts ON error_calls(g, ts);
-- Per tier (0: minute, 1: hour), bucket, group and function series, its failing calls in
-- error_calls with their first and last time (version 16, error-index.ts): the errors view sums
-- whole hours, then the edges' whole minutes, and reads error_calls only for the minutes a
-- sparkline bar's edge cuts. At 100M rows grouping every failing call of the file took 978 ms.
-- Recomputed for each minute a batch touches (a call's latest error can move it to another
-- minute), and its hour from the hour's minutes.
CREATE TABLE IF NOT EXISTS error_rollup(tier INTEGER NOT NULL, bucket INTEGER NOT NULL, g INTEGER NOT NULL, s INTEGER NOT NULL,
  n INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY(tier, bucket, g, s)) WITHOUT ROWID;
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

/**
 * Indexes keyed by a duration: their inserts land on random pages. Kept up to date while a chunk
 * of the first build is written, they outgrew the indexer's cache and each chunk rewrote most of
 * their pages (quadratic: 724 s for 10M rows), so they are created once the first build has read
 * every row, by one sort each (live-index.ts), and kept row by row from then on. Until then the
 * queries that name them walk another index (hasIndex in db/query/query-context.ts); their answers
 * say partial anyway while a build runs.
 */
export const DEFERRED_INDEXES: Readonly<Record<string, string>> = {
  // The Explorer's "slowest first" and duration filters (issue 13): calls by duration, then each
  // call's rows on rows_call (a call has ~3.6 rows: 5.8 MB where rows_dur took 20.6 at 1.2M rows).
  calls_dur: 'CREATE INDEX IF NOT EXISTS calls_dur ON calls(dur) WHERE dur IS NOT NULL',
  // A function's calls by duration (issue 14): exact percentiles over all its calls are ranks counted
  // from the nearer end, and its slowest calls in a range the first entries whose ts is in it
  // (350k calls at 10M rows: the covered scan took 56 ms for the slowest 20, 200–800 ms for p50/p95/p99).
  calls_s_dur: 'CREATE INDEX IF NOT EXISTS calls_s_dur ON calls(s, dur, ts, err) WHERE dur IS NOT NULL',
};

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
