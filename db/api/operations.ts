// The API table: the only door into the engine. Each operation names its input schema (validated
// at runtime on every call), where it runs and its handler; result types are inferred from the
// handlers. Electron IPC, the preload bridge, the HTTP routes, the renderer's InspectorApi and
// docs/api.md are all derived from this table, and so are the alerts thread's methods: adding an
// operation touches this file and its handler, nothing else, wherever it runs.
import type { AlertsService } from '../alerts/alerts-service.ts';
import type { StaleRule, StaleThreshold } from './alert-types.ts';
import type {
  DatabaseInfo,
  SavedFilter,
  SourceResult,
  SourceRoot,
  SqlExport,
  SqlPage,
  SqlQueries,
  SqlSchemaTable,
} from './types.ts';
import {
  array,
  boolean,
  literal,
  nullable,
  number,
  object,
  optional,
  record,
  string,
  tagged,
  union,
  type Schema,
} from '../../common/validate.ts';
import { DEFAULT_STALE_THRESHOLD, RULE_DEFAULTS, RULE_LIMITS as L } from '../../common/rule-limits.ts';
import { userSettingsPatch, type UserSettings } from '../../common/user-settings.ts';
import type { QueryContext } from '../query/query-context.ts';
import { COUNT_BUDGET_MS, countTraces, queryTraces } from '../query/traces.ts';
import { SCAN_BUDGET_MS } from '../query/contains-scan.ts';
import { queryTraceTree, TREE_MAX_ROWS, TREE_PAGE_CALLS } from '../query/trace-tree.ts';
import { queryRow } from '../query/row.ts';
import { queryFunctions } from '../query/functions.ts';
import { queryFunctionHistory, queryFunctionStats } from '../query/function-stats.ts';
import { queryLatency, queryLatencyCalls } from '../query/latency.ts';
import { FLAME_MAX_CALLS, queryFlameCalls, queryFlameGraph } from '../query/flame-graph.ts';
import { queryErrorGroups } from '../query/error-groups.ts';
import { readTimestampConvention } from '../query/timestamp-convention.ts';
import { queryVariableTimeline, TIMELINE_MAX_POINTS } from '../query/variable-timeline.ts';
import { queryOverview } from '../query/overview.ts';
import { queryStaleness } from '../query/staleness.ts';
import { FUNCTION_CALLS_MAX, queryFunctionCalls } from '../query/function-calls.ts';
import { queryGoTo } from '../query/go-to.ts';
import { queryFileHealth } from '../query/file-health.ts';

/** What host operations may ask of the engine (implemented by db/engine/engine.ts). */
export interface EngineHost {
  open(path: string): Promise<DatabaseInfo>;
  close(db: string): Promise<{ closed: boolean }>;
  databases(): DatabaseInfo[];
  info(db: string): Promise<DatabaseInfo>;
  setStaleThreshold(db: string, process: string, data: string, threshold: StaleThreshold | null): Promise<StaleRule[]>;
  staleThresholds(db: string): StaleRule[];
  source(db: string, process: string): Promise<SourceResult>;
  setSourceRoot(db: string, from: string, to: string | null): Promise<SourceRoot[]>;
  setTimestampConvention(db: string, convention: 'start' | 'end' | 'auto'): { convention: 'start' | 'end' | 'auto' };
  savedFilters(db: string): SavedFilter[];
  saveFilter(db: string, name: string, params: Record<string, string> | null): SavedFilter[];
  sql(
    db: string,
    input: { sql: string; offset: number; limit: number; timeoutMs: number; runId?: string },
  ): Promise<SqlPage>;
  sqlExport(
    db: string,
    input: { sql: string; format: 'csv' | 'jsonl'; timeoutMs: number; runId?: string },
  ): Promise<SqlExport>;
  sqlSchema(db: string): Promise<SqlSchemaTable[]>;
  sqlCancel(db: string, runId: string): { cancelled: boolean };
  sqlQueries(db: string): SqlQueries;
  saveSqlQuery(db: string, name: string, sql: string | null): SqlQueries;
  userSettings(): UserSettings;
  recentFiles(): { path: string; exists: boolean }[];
  saveUserSettings(patch: Partial<UserSettings>): UserSettings;
}

interface Doc<In> {
  summary: string;
  example: In;
}

/** Runs in a query worker with that database's read-only connections. */
export interface PoolOp<I, In, R> extends Doc<In> {
  where: 'pool';
  input: Schema<I, In>;
  run: (ctx: QueryContext, input: I) => R;
}

/** Runs on the engine host (opening, closing, settings): cheap, no SQL on the caller's loop. */
export interface HostOp<I, In, R> extends Doc<In> {
  where: 'host';
  input: Schema<I, In>;
  run: (host: EngineHost, input: I) => Promise<R> | R;
}

/** Runs on the alerts thread, which owns the rules, alerts and webhooks store (db/alerts/). */
export interface AlertsOp<I, In, R> extends Doc<In> {
  where: 'alerts';
  input: Schema<I, In>;
  run: (alerts: AlertsService, input: I) => Promise<R> | R;
}

// Handlers' parameters are contravariant, so only `any` lets one type hold every operation.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = PoolOp<any, any, any> | HostOp<any, any, any> | AlertsOp<any, any, any>;
/** An operations table: this file's, or (in tests) one extended with more operations. */
export type OperationTable = Readonly<Record<string, AnyOperation>>;

export function pool<I extends { db: string }, In, R>(op: Omit<PoolOp<I, In, R>, 'where'>): PoolOp<I, In, R> {
  return { where: 'pool', ...op };
}

export function host<I, In, R>(op: Omit<HostOp<I, In, R>, 'where'>): HostOp<I, In, R> {
  return { where: 'host', ...op };
}

export function alertsOp<I, In, R>(op: Omit<AlertsOp<I, In, R>, 'where'>): AlertsOp<I, In, R> {
  return { where: 'alerts', ...op };
}

export const MAX_PAGE_ROWS = 10_000;

const db = string({ min: 1, max: 64 });
const range = optional(
  object({
    preset: optional(literal('5m', '1h', '6h', '24h', 'all')),
    from: optional(number()),
    to: optional(number()),
  }),
);
const processName = string({ min: 1, max: 1024 });
const durationMs = optional(number({ min: 0, max: 1e12 }));
const filter = {
  range,
  groups: optional(array(nullable(string({ max: 512 })), { max: 500 })),
  errorsOnly: optional(boolean()),
  search: optional(string({ max: 512 })),
  processes: optional(array(processName, { max: 500 })),
  excludeProcesses: optional(array(processName, { max: 500 })),
  data: optional(string({ max: 1024 })),
  traceId: optional(string({ min: 1, max: 1024 })),
  status: optional(literal('OK', 'ERROR')),
  minDurationMs: durationMs,
  maxDurationMs: durationMs,
  valueContains: optional(string({ min: 1, max: 1024 })),
  exceptionContains: optional(string({ min: 1, max: 1024 })),
};
const name = string({ min: 1, max: L.pattern.max });
/** A number of repeats, or 'ignore': never stale, never alerted on. */
const staleThreshold = union(number(L.threshold), literal('ignore'));
const windowSec = number(L.windowSec);
const condition = tagged('kind', {
  staleness: object({ kind: literal('staleness'), process: name, data: name, threshold: optional(staleThreshold) }),
  errorRate: object({
    kind: literal('errorRate'),
    scope: literal('process', 'group'),
    match: name,
    percent: number(L.percent),
    windowSec: windowSec,
    minRows: optional(number(L.minRows), RULE_DEFAULTS.minRows),
  }),
  slowFunction: object({
    kind: literal('slowFunction'),
    process: name,
    p95Ms: number(L.p95Ms),
    windowSec: windowSec,
    minCalls: optional(number(L.minCalls), RULE_DEFAULTS.minCalls),
  }),
  silence: object({ kind: literal('silence'), source: literal('rows', 'heartbeat'), seconds: number(L.silenceSec) }),
});
const ruleInput = object({
  id: optional(string({ min: 1, max: 100 })),
  name: string({ min: 1, max: L.name.max }),
  severity: literal('info', 'warning', 'critical'),
  enabled: optional(boolean(), true),
  condition,
  webhooks: optional(array(string({ min: 1, max: 100 }), { max: L.webhooksPerRule.max }), []),
});
const id = string({ min: 1, max: 100 });
const comment = optional(nullable(string({ max: 2000 })));
const by = optional(string({ min: 1, max: 200 }), 'user');
const limit = (fallback: number) => optional(number({ int: true, min: 1, max: 1000 }), fallback);
const RULE_EXAMPLE = {
  name: 'Stock poll stuck',
  severity: 'critical' as const,
  condition: { kind: 'staleness' as const, process: 'inventory.sync.*', data: 'self.last_sync', threshold: 20 },
  webhooks: [],
};

const DB = 'db1';

// The SQL console (docs/sql.md). Its limits are here, where the validator enforces them; the
// engine-side caps (cell size, page characters) are in db/sql/sql-run.ts.
const SQL_TEXT = string({ min: 1, max: 20_000 });
const SQL_TIMEOUT = optional(number({ int: true, min: 100, max: 60_000 }), 5000);
const RUN_ID = string({ min: 1, max: 64 });
const SQL_EXAMPLE =
  "SELECT process, start_time, duration_ms FROM calls WHERE process = 'orders.service.place_order' AND start_ms > now_ms() - 3600e3 ORDER BY duration_ms DESC LIMIT 20";

export const operations = {
  open: host({
    summary:
      'Open a trace database (read-only) and start indexing and tailing it. Opening the same file twice returns the same handle.',
    input: object({ path: string({ min: 1, max: 4096 }) }),
    run: (h, i) => h.open(i.path),
    example: { path: '/home/me/app/traces.db' },
  }),
  close: host({
    summary: 'Stop tailing a database and release it.',
    input: object({ db }),
    run: (h, i) => h.close(i.db),
    example: { db: DB },
  }),
  databases: host({
    summary: 'The databases open now.',
    input: object({}),
    run: (h) => h.databases(),
    example: {},
  }),
  recentFiles: host({
    summary:
      "The files opened lately (at most 10, newest first), with whether each still exists: for the serve page's database picker. Kept in the app's config folder.",
    input: object({}),
    run: (h) => h.recentFiles(),
    example: {},
  }),
  info: host({
    summary:
      'Path, state (indexing / live / missing / error), detected columns, journal mode and index progress of one database.',
    input: object({ db }),
    run: (h, i) => h.info(i.db),
    example: { db: DB },
  }),
  traces: pool({
    summary: `One page of rows (newest, oldest or slowest call first, at most ${MAX_PAGE_ROWS}), filtered by time range, process groups, processes (or all but excludeProcesses), a process-name search, errors only or status, variable name (data), trace id, call duration (minDurationMs / maxDurationMs) and text in values or tracebacks (valueContains / exceptionContains: ASCII case-insensitive, no wildcards). Pass nextCursor back as cursor for the next page, or start at row number offset. A contains filter reads the file: its page stops after ${SCAN_BUDGET_MS} ms with the matches found, searched (rows read) and a nextCursor to go on.`,
    input: object({
      db,
      ...filter,
      order: optional(literal('newest', 'oldest', 'slowest')),
      limit: optional(number({ int: true, min: 1, max: MAX_PAGE_ROWS })),
      cursor: optional(string({ max: 1024 })),
      offset: optional(number({ int: true, min: 0 })),
    }),
    run: queryTraces,
    example: {
      db: DB,
      range: { preset: '1h' },
      groups: ['orders'],
      data: 'customer',
      minDurationMs: 250,
      order: 'slowest',
      limit: 100,
    },
  }),
  traceCount: pool({
    summary: `Number of rows a filter matches: exact from rollups for time, groups, processes and status; other filters are counted on their index (contains filters on the file) for at most ${COUNT_BUDGET_MS} ms, then exact: false says "at least count".`,
    input: object({ db, ...filter }),
    run: countTraces,
    example: { db: DB, range: { preset: '24h' }, errorsOnly: true },
  }),
  traceTree: pool({
    summary: `One trace as a call tree (parent/child through span ids), depth-first with depth, offsets and durations, a page of at most ${TREE_PAGE_CALLS.toLocaleString('en-US')} calls and ${TREE_MAX_ROWS.toLocaleString('en-US')} rows at a time: pass nextOffset back as offset and nextAfter as after for the next page (moreCalls says how many are left).`,
    input: object({
      db,
      traceId: string({ min: 1, max: 1024 }),
      offset: optional(number({ int: true, min: 0, max: 1_000_000_000 }), 0),
      limit: optional(number({ int: true, min: 1, max: TREE_PAGE_CALLS }), TREE_PAGE_CALLS),
      after: optional(number({ int: true, min: 1 })),
    }),
    run: queryTraceTree,
    example: { db: DB, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
  }),
  row: pool({
    summary: 'One row with its value and exception whole, however long.',
    input: object({ db, id: number({ int: true, min: 0 }) }),
    run: queryRow,
    example: { db: DB, id: 42 },
  }),
  functions: pool({
    summary: 'Every traced function with its process groups, row count and source location, busiest first.',
    input: object({ db }),
    run: queryFunctions,
    example: { db: DB },
  }),
  functionStats: pool({
    summary:
      'Calls, errors, error rate, average and exact p50/p95/p99 duration and memory delta of one function over a time range.',
    input: object({ db, process: string({ min: 1, max: 1024 }), range }),
    run: queryFunctionStats,
    example: { db: DB, process: 'orders.service.place_order', range: { preset: '24h' } },
  }),
  functionHistory: pool({
    summary:
      'The same figures per time bucket (default: the last 24 h in 48 buckets), as column arrays ready for a chart.',
    input: object({
      db,
      process: string({ min: 1, max: 1024 }),
      range,
      buckets: optional(number({ int: true, min: 1, max: 1000 })),
    }),
    run: queryFunctionHistory,
    example: { db: DB, process: 'orders.service.place_order', buckets: 48 },
  }),
  functionCalls: pool({
    summary: `A function's slowest calls (kind slowest) or latest errors (kind errors) in a time range, exact, at most ${FUNCTION_CALLS_MAX}: start, duration, trace id and the row that opens the call in the Explorer.`,
    input: object({
      db,
      process: processName,
      range,
      kind: literal('slowest', 'errors'),
      limit: optional(number({ int: true, min: 1, max: FUNCTION_CALLS_MAX })),
    }),
    run: queryFunctionCalls,
    example: { db: DB, process: 'orders.service.place_order', range: { preset: '24h' }, kind: 'slowest' },
  }),
  goTo: pool({
    summary:
      'The go-to box: trace ids starting with the query, and traced functions and variable names matching it fuzzily (characters in order, word starts first), best first.',
    input: object({ db, query: string({ min: 1, max: 200 }), limit: optional(number({ int: true, min: 1, max: 50 })) }),
    run: queryGoTo,
    example: { db: DB, query: 'plord' },
  }),
  savedFilters: host({
    summary: "This database's saved Explorer filters (name and URL parameters), kept in the app's data folder.",
    input: object({ db }),
    run: (h, i) => h.savedFilters(i.db),
    example: { db: DB },
  }),
  saveFilter: host({
    summary:
      'Save the Explorer parameters under a name (replacing one of that name), or remove it with params: null. Returns all saved filters.',
    input: object({
      db,
      name: string({ min: 1, max: 100 }),
      params: nullable(record(string({ max: 1024 }), { maxKeys: 30, key: string({ min: 1, max: 32 }) })),
    }),
    run: (h, i) => h.saveFilter(i.db, i.name, i.params),
    example: { db: DB, name: 'Slow checkouts', params: { data: 'customer', dmin: '250', sort: 'slowest' } },
  }),
  functionLatency: pool({
    summary:
      "A function's latency over a range (default 24 h): a log-scale histogram (4 buckets per decade) with exact p50/p95/p99, and a heatmap of those buckets against time.",
    input: object({
      db,
      process: string({ min: 1, max: 1024 }),
      range,
      columns: optional(number({ int: true, min: 1, max: 400 })),
    }),
    run: queryLatency,
    example: { db: DB, process: 'orders.service.place_order', range: { preset: '24h' }, columns: 60 },
  }),
  latencyCalls: pool({
    summary:
      'The calls of a function in a region of its latency heatmap (a time range and a duration span in ms), slowest first: the total and the first `limit`.',
    input: object({
      db,
      process: string({ min: 1, max: 1024 }),
      range,
      minMs: optional(number({ min: 0 })),
      maxMs: optional(number({ min: 0 })),
      limit: limit(50),
    }),
    run: queryLatencyCalls,
    example: { db: DB, process: 'orders.service.place_order', range: { preset: '1h' }, minMs: 100, maxMs: 178 },
  }),
  flameGraph: pool({
    summary: `A function's calls in a range (the newest ${FLAME_MAX_CALLS.toLocaleString('en')} at most) with their subtrees merged by call path: total and self time and calls per frame, heaviest first.`,
    input: object({
      db,
      process: string({ min: 1, max: 1024 }),
      range,
      maxCalls: optional(number({ int: true, min: 1, max: FLAME_MAX_CALLS })),
    }),
    run: queryFlameGraph,
    example: { db: DB, process: 'orders.service.place_order', range: { preset: '1h' } },
  }),
  flameCalls: pool({
    summary: 'The calls that make one frame of a flameGraph answer (its `key`, same range), slowest first.',
    input: object({
      db,
      process: string({ min: 1, max: 1024 }),
      key: string({ max: 1000 }),
      range,
      maxCalls: optional(number({ int: true, min: 1, max: FLAME_MAX_CALLS })),
      limit: limit(50),
    }),
    run: queryFlameCalls,
    example: { db: DB, process: 'orders.service.place_order', key: '/12', range: { preset: '1h' } },
  }),
  variableTimeline: pool({
    summary: `One variable of one function over a range (default 24 h): its values oldest first (the newest ${TIMELINE_MAX_POINTS.toLocaleString('en')} at most), whether they are all numbers, and the runs of one value repeated past its stale threshold.`,
    input: object({
      db,
      process: string({ min: 1, max: 1024 }),
      data: string({ min: 1, max: 1024 }),
      range,
      limit: optional(number({ int: true, min: 1, max: TIMELINE_MAX_POINTS })),
    }),
    run: queryVariableTimeline,
    example: { db: DB, process: 'inventory.sync.poll_stock', data: 'queue_size', range: { preset: '6h' } },
  }),
  errorGroups: pool({
    summary:
      'Failing calls in a range (default 24 h) grouped by cause (exception type and message, numbers and ids masked): count, first and last seen, a 24-bucket sparkline, the functions it came from, the latest traceback and traces. Most calls first.',
    input: object({
      db,
      range,
      process: optional(string({ min: 1, max: 1024 })),
      limit: limit(100),
    }),
    run: queryErrorGroups,
    example: { db: DB, range: { preset: '24h' } },
  }),
  overview: pool({
    summary:
      'Error-rate and throughput series with current values and trends, queue depth, writer status, the last 10 errors, rows per process group and index progress.',
    input: object({ db, range }),
    run: queryOverview,
    example: { db: DB, range: { preset: '1h' } },
  }),
  fileHealth: pool({
    summary:
      "What about the file costs you something, with the fix: its journal mode (a rollback journal makes the app's writer wait on every read; the fix is PRAGMA journal_mode=WAL;), the optional columns it lacks and what each turns off, whether it has the writer_status heartbeat, rows whose timestamp could not be read, and runs of heartbeats reporting CIRCUIT_OPEN (rows dropped) or DELAYED, newest first.",
    input: object({ db }),
    run: queryFileHealth,
    example: { db: DB },
  }),
  staleness: pool({
    summary:
      'Variables whose value has repeated more than their threshold in a row (or every tracked pair with all: true), longest run first.',
    input: object({ db, all: optional(boolean()), process: optional(string({ max: 1024 })) }),
    run: queryStaleness,
    example: { db: DB },
  }),
  setStaleThreshold: host({
    summary:
      "Set the stale threshold of a process and variable (names or globs, '*' for any; the most specific entry wins): a number of repeats, 'ignore' (never stale, never alerted on), or null to remove the entry. One model with the staleness alert rules: their threshold is the entry of their patterns, and marks and alerts follow it at once. Returns all entries (at most 1,000). Stored in the app's data folder, never in the trace file.",
    input: object({
      db,
      process: name,
      data: name,
      threshold: nullable(staleThreshold),
    }),
    run: (h, i) => h.setStaleThreshold(i.db, i.process, i.data, i.threshold),
    example: { db: DB, process: 'inventory.sync.poll_stock', data: 'self.last_sync', threshold: 20 },
  }),
  staleThresholds: host({
    summary:
      "This database's stale threshold entries as setStaleThreshold and the staleness rules set them (process and variable names or globs, a number or 'ignore'), oldest first; variables no entry matches use the default of 5.",
    input: object({ db }),
    run: (h, i) => h.staleThresholds(i.db),
    example: { db: DB },
  }),
  timestamps: pool({
    summary:
      "Whether the file's timestamps mark when calls start or when they end (a decorator that writes on return), as detected from parent and child calls or as set; every start the API returns (trace trees, waterfalls, flame graphs) follows it.",
    input: object({ db }),
    run: (ctx) => readTimestampConvention(ctx),
    example: { db: DB },
  }),
  setTimestampConvention: host({
    summary:
      "Say what the file's timestamps mark: 'start', 'end' (starts are then time − duration), or 'auto' to detect it. Remembered per database in the app's data folder.",
    input: object({ db, convention: literal('start', 'end', 'auto') }),
    run: (h, i) => h.setTimestampConvention(i.db, i.convention),
    example: { db: DB, convention: 'end' },
  }),
  setSourceRoot: host({
    summary:
      "Map a recorded source path prefix (as the tracer saw it) to a local folder, so `source` can read files traced on another machine; to null removes the mapping. Returns all mappings. Remembered per database in the app's data folder, never in the trace file.",
    input: object({ db, from: string({ min: 1, max: 4096 }), to: nullable(string({ min: 1, max: 4096 })) }),
    run: (h, i) => h.setSourceRoot(i.db, i.from, i.to),
    example: { db: DB, from: '/srv/app', to: '/home/me/app/src' },
  }),
  source: host({
    summary:
      "A traced function's source file and line, read from this machine: only a text file of at most 2 MB whose real path (symlinks resolved) lies under the database's own folder or a folder given with setSourceRoot. Otherwise available: false with the recordedPath, the kind (not-found, permission-denied, not-a-file, too-large) and a sentence saying why; an unknown function is a not-found error.",
    input: object({ db, process: string({ min: 1, max: 1024 }) }),
    run: (h, i) => h.source(i.db, i.process),
    example: { db: DB, process: 'orders.service.place_order' },
  }),
  sql: host({
    summary:
      'Run one reading statement (SELECT, WITH, VALUES, EXPLAIN, read-only PRAGMA) on the file and its index through the friendly views of docs/sql.md (calls, rows, functions, stale_runs, heartbeats), in a process of its own that is killed past timeoutMs (default 5 s, at most 60 s) or by sqlCancel with the same runId. Returns a page of at most limit rows (default 500, at most 5,000) from row offset, whether more follow, the run time and, on the first page, the query plan. Writes, ATTACH, several statements and extension loading are sql-refused errors; a statement SQLite rejects is an sql-error with its message and position.',
    input: object({
      db,
      sql: SQL_TEXT,
      offset: optional(number({ int: true, min: 0, max: 100_000_000 }), 0),
      limit: optional(number({ int: true, min: 1, max: 5000 }), 500),
      timeoutMs: SQL_TIMEOUT,
      runId: optional(RUN_ID),
    }),
    run: (h, i) => h.sql(i.db, i),
    example: { db: DB, sql: SQL_EXAMPLE, limit: 100, runId: 'run-1' },
  }),
  sqlCancel: host({
    summary:
      'Stop a running console statement by its runId: its process is killed, so SQLite stops at once, and the sql call answers a cancelled error.',
    input: object({ db, runId: RUN_ID }),
    run: (h, i) => h.sqlCancel(i.db, i.runId),
    example: { db: DB, runId: 'run-1' },
  }),
  sqlExport: host({
    summary:
      "A console statement's whole result (at most 200,000 rows) as CSV (formula-safe) or JSON Lines text, with the same rules and time limit as sql.",
    input: object({
      db,
      sql: SQL_TEXT,
      format: literal('csv', 'jsonl'),
      timeoutMs: SQL_TIMEOUT,
      runId: optional(RUN_ID),
    }),
    run: (h, i) => h.sqlExport(i.db, i),
    example: { db: DB, sql: 'SELECT process, count(*) AS calls FROM calls GROUP BY process', format: 'csv' },
  }),
  sqlSchema: host({
    summary:
      "The console's tables and their columns, for completion: the friendly views (schema temp) and the file's own tables (schema main).",
    input: object({ db }),
    run: (h, i) => h.sqlSchema(i.db),
    example: { db: DB },
  }),
  sqlQueries: host({
    summary:
      "This database's saved console queries and its last 50 statements, newest first. Kept in the app's data folder, never in the trace file.",
    input: object({ db }),
    run: (h, i) => h.sqlQueries(i.db),
    example: { db: DB },
  }),
  saveSqlQuery: host({
    summary:
      'Save a console query under a name (replacing one of that name), or remove it with sql null. Returns the saved queries and history.',
    input: object({ db, name: string({ min: 1, max: 100 }), sql: nullable(SQL_TEXT) }),
    run: (h, i) => h.saveSqlQuery(i.db, i.name, i.sql),
    example: { db: DB, name: 'Slow orders', sql: SQL_EXAMPLE },
  }),
  userSettings: host({
    summary:
      "The user's settings, shared by every database: time zone (local or utc) and clock format, live refresh interval, default time range, theme, and which alert severities raise desktop notifications. Kept in the app's config folder.",
    input: object({}),
    run: (h) => h.userSettings(),
    example: {},
  }),
  saveUserSettings: host({
    summary: 'Change some of the user settings (the fields given, notify whole); returns them all.',
    input: object({ settings: userSettingsPatch }),
    run: (h, i) => h.saveUserSettings(i.settings),
    example: { settings: { timeZone: 'utc', theme: 'dark' } },
  }),
  alertRules: alertsOp({
    summary: `This database's alert rules (a default rule, any variable past its stale threshold, ${DEFAULT_STALE_THRESHOLD} repeats unless set otherwise, is added the first time a database is opened). A staleness rule's threshold is the database's stale threshold of its patterns (see setStaleThreshold).`,
    input: object({ db }),
    run: (a, i) => a.rules(i.db),
    example: { db: DB },
  }),
  saveAlertRule: alertsOp({
    summary:
      "Create a rule, or update one (with its id). Kinds: staleness (process/variable globs; a threshold given is set as the stale threshold of those patterns, shared with the stale marks, see setStaleThreshold; omitted, the model's stays), errorRate (per process or group, % over a window), slowFunction (p95 ms over a window), silence (no rows or heartbeat for N s).",
    input: object({ db, rule: ruleInput }),
    run: (a, i) => a.saveRule(i.db, i.rule),
    example: { db: DB, rule: RULE_EXAMPLE },
  }),
  deleteAlertRule: alertsOp({
    summary: 'Delete a rule; its open alerts are resolved.',
    input: object({ db, id }),
    run: (a, i) => a.deleteRule(i.db, i.id),
    example: { db: DB, id: 'rule_0123' },
  }),
  snoozeAlertRule: alertsOp({
    summary:
      "No new alerts from a rule for some minutes, or 'forever' (until resumed); null ends the snooze. Open alerts still resolve.",
    input: object({ db, id, minutes: nullable(union(number({ min: 1, max: 7 * 24 * 60 }), literal('forever'))) }),
    run: (a, i) => a.snoozeRule(i.db, i.id, i.minutes),
    example: { db: DB, id: 'rule_0123', minutes: 60 },
  }),
  exportAlertRules: alertsOp({
    summary: "This database's rules as a JSON document that importAlertRules takes back.",
    input: object({ db }),
    run: (a, i) => a.exportRules(i.db),
    example: { db: DB },
  }),
  importAlertRules: alertsOp({
    summary:
      "Add rules from an export (merge), or replace this database's rules with them (replace). Webhook ids that do not exist here are dropped.",
    input: object({ db, rules: array(ruleInput, { max: 500 }), mode: optional(literal('merge', 'replace'), 'merge') }),
    run: (a, i) => a.importRules(i.db, i.rules, i.mode),
    example: { db: DB, rules: [RULE_EXAMPLE], mode: 'merge' },
  }),
  alerts: alertsOp({
    summary:
      'Alerts of this database, newest first: the open ones (firing or acknowledged) or all, with resolved ones.',
    input: object({ db, state: optional(literal('open', 'all'), 'open'), limit: limit(200) }),
    run: (a, i) => a.alerts(i.db, i.state, i.limit),
    example: { db: DB, state: 'open' },
  }),
  alertHistory: alertsOp({
    summary:
      'Every transition (fired, acknowledged, resolved) with who or what caused it, newest first; of one alert or of the database.',
    input: object({ db, alertId: optional(id), limit: limit(200) }),
    run: (a, i) => a.history(i.db, i.alertId, i.limit),
    example: { db: DB, limit: 50 },
  }),
  acknowledgeAlert: alertsOp({
    summary: 'Acknowledge a firing alert, with an optional comment. It resolves by itself when its condition clears.',
    input: object({ db, id, comment, by }),
    run: (a, i) => a.acknowledge(i.db, i.id, i.by, i.comment ?? null),
    example: { db: DB, id: 'alert_0123', comment: 'Looking into it' },
  }),
  resolveAlert: alertsOp({
    summary: 'Resolve an alert by hand (it fires again if its condition is still true on a new run).',
    input: object({ db, id, comment, by }),
    run: (a, i) => a.resolveByUser(i.db, i.id, i.by, i.comment ?? null),
    example: { db: DB, id: 'alert_0123', comment: 'Fixed by restarting the poller' },
  }),
  webhooks: alertsOp({
    summary:
      'Webhook endpoints (shared by all databases). Secrets are never returned; credential-looking header values are masked.',
    input: object({}),
    run: (a) => a.webhooks(),
    example: {},
  }),
  saveWebhook: alertsOp({
    summary:
      'Create or update a webhook: http(s) URL, payload format (json: the documented schema; slack: {"text"}), optional secret (Standard Webhooks signing) and extra headers.',
    input: object({
      webhook: object({
        id: optional(id),
        name: string({ min: 1, max: 200 }),
        url: string({ min: 1, max: 2048 }),
        format: optional(literal('json', 'slack'), 'json'),
        headers: optional(record(string({ max: 4096 }), { maxKeys: 30 })),
        secret: optional(nullable(string({ min: 1, max: 512 }))),
        enabled: optional(boolean(), true),
      }),
    }),
    run: (a, i) => a.saveWebhook(i.webhook),
    example: {
      webhook: {
        name: 'On-call',
        url: 'https://hooks.example.com/trace-inspector',
        format: 'json',
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      },
    },
  }),
  deleteWebhook: alertsOp({
    summary: 'Delete a webhook (rules that named it stop notifying it).',
    input: object({ id }),
    run: (a, i) => a.deleteWebhook(i.id),
    example: { id: 'wh_0123' },
  }),
  testWebhook: alertsOp({
    summary: 'Send a test notification through the outbox (signed, retried, logged like a real one).',
    input: object({ id }),
    run: (a, i) => a.testWebhook(i.id),
    example: { id: 'wh_0123' },
  }),
  webhookDeliveries: alertsOp({
    summary:
      'The delivery log, newest first: each notification with its webhook-id, status and every attempt (time, HTTP status or error, duration).',
    input: object({ webhookId: optional(id), limit: limit(100) }),
    run: (a, i) => a.deliveries(i.webhookId, i.limit),
    example: { limit: 20 },
  }),
} as const satisfies OperationTable;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
/** What a caller sends (defaulted fields optional). */
export type OperationInput<K extends OperationName> = Operations[K] extends { input: Schema<unknown, infer In> }
  ? In
  : never;
// Handlers' parameters are contravariant, so only `any` matches every one of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationResult<K extends OperationName> = Operations[K] extends { run: (...args: any[]) => infer R }
  ? Awaited<R>
  : never;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

/** One operation of a table by a name that came from outside (never an inherited property). */
export function operationOf(table: OperationTable, name: string): AnyOperation | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
