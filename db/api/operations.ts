// The API table: the only door into the engine. Each operation names its input schema (validated
// at runtime on every call), where it runs and its handler; result types are inferred from the
// handlers. Electron IPC, the preload bridge, the HTTP routes, the renderer's InspectorApi and
// docs/api.md are all derived from this table: adding an operation touches this file and its
// handler, nothing else.
import type { DatabaseInfo, SourceResult, SourceRoot } from './types.ts';
import { array, boolean, literal, nullable, number, object, optional, string, type Schema } from './validate.ts';
import type { QueryContext } from '../query/query-context.ts';
import { countTraces, queryTraces } from '../query/traces.ts';
import { queryTraceTree } from '../query/trace-tree.ts';
import { queryRow } from '../query/row.ts';
import { queryFunctions } from '../query/functions.ts';
import { queryFunctionHistory, queryFunctionStats } from '../query/function-stats.ts';
import { queryOverview } from '../query/overview.ts';
import { queryStaleness } from '../query/staleness.ts';

/** What host operations may ask of the engine (implemented by db/engine/engine.ts). */
export interface EngineHost {
  open(path: string): Promise<DatabaseInfo>;
  close(db: string): Promise<{ closed: boolean }>;
  databases(): DatabaseInfo[];
  info(db: string): Promise<DatabaseInfo>;
  setStaleThreshold(db: string, process: string, data: string, threshold: number | null): Promise<{ process: string; data: string; threshold: number | null }[]>;
  source(db: string, process: string): Promise<SourceResult>;
  setSourceRoot(db: string, from: string, to: string | null): Promise<SourceRoot[]>;
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

function pool<I extends { db: string }, In, R>(op: Omit<PoolOp<I, In, R>, 'where'>): PoolOp<I, In, R> {
  return { where: 'pool', ...op };
}

function host<I, In, R>(op: Omit<HostOp<I, In, R>, 'where'>): HostOp<I, In, R> {
  return { where: 'host', ...op };
}

export const MAX_PAGE_ROWS = 10_000;

const db = string({ min: 1, max: 64 });
const range = optional(object({
  preset: optional(literal('5m', '1h', '6h', '24h', 'all')),
  from: optional(number()),
  to: optional(number()),
}));
const filter = {
  range,
  groups: optional(array(nullable(string({ max: 512 })), { max: 500 })),
  errorsOnly: optional(boolean()),
  search: optional(string({ max: 512 })),
};
const DB = 'db1';

export const operations = {
  open: host({
    summary: 'Open a trace database (read-only) and start indexing and tailing it. Opening the same file twice returns the same handle.',
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
  info: host({
    summary: 'Path, state (indexing / live / missing / error), detected columns, journal mode and index progress of one database.',
    input: object({ db }),
    run: (h, i) => h.info(i.db),
    example: { db: DB },
  }),
  traces: pool({
    summary: `One page of rows (newest or oldest first, at most ${MAX_PAGE_ROWS}), filtered by time range, process groups, errors only and a process-name search. Pass nextCursor back as cursor for the next page, or start at row number offset (found from the rollup counts, not by walking the rows before it).`,
    input: object({
      db,
      ...filter,
      order: optional(literal('newest', 'oldest')),
      limit: optional(number({ int: true, min: 1, max: MAX_PAGE_ROWS })),
      cursor: optional(string({ max: 1024 })),
      offset: optional(number({ int: true, min: 0 })),
    }),
    run: queryTraces,
    example: { db: DB, range: { preset: '1h' }, groups: ['orders'], errorsOnly: true, search: 'place_order', limit: 100 },
  }),
  traceCount: pool({
    summary: 'Exact number of rows a filter matches (from rollups: fast at any size).',
    input: object({ db, ...filter }),
    run: countTraces,
    example: { db: DB, range: { preset: '24h' }, errorsOnly: true },
  }),
  traceTree: pool({
    summary: 'One trace as a call tree (parent/child through span ids), depth-first with depth, offsets and durations.',
    input: object({ db, traceId: string({ min: 1, max: 1024 }) }),
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
    summary: 'Calls, errors, error rate, average and exact p50/p95/p99 duration and memory delta of one function over a time range.',
    input: object({ db, process: string({ min: 1, max: 1024 }), range }),
    run: queryFunctionStats,
    example: { db: DB, process: 'orders.service.place_order', range: { preset: '24h' } },
  }),
  functionHistory: pool({
    summary: 'The same figures per time bucket (default: the last 24 h in 48 buckets), as column arrays ready for a chart.',
    input: object({ db, process: string({ min: 1, max: 1024 }), range, buckets: optional(number({ int: true, min: 1, max: 1000 })) }),
    run: queryFunctionHistory,
    example: { db: DB, process: 'orders.service.place_order', buckets: 48 },
  }),
  overview: pool({
    summary: 'Error-rate and throughput series with current values and trends, queue depth, writer status, the last 10 errors, rows per process group and index progress.',
    input: object({ db, range }),
    run: queryOverview,
    example: { db: DB, range: { preset: '1h' } },
  }),
  staleness: pool({
    summary: 'Variables whose value has repeated more than their threshold in a row (or every tracked pair with all: true), longest run first.',
    input: object({ db, all: optional(boolean()), process: optional(string({ max: 1024 })) }),
    run: queryStaleness,
    example: { db: DB },
  }),
  setStaleThreshold: host({
    summary: "Set the staleness threshold for a process and variable ('*' for any; threshold null removes the rule). Returns all rules. Stored in the app's data folder, never in the trace file.",
    input: object({
      db,
      process: string({ min: 1, max: 1024 }),
      data: string({ min: 1, max: 1024 }),
      threshold: nullable(number({ int: true, min: 1, max: 1_000_000 })),
    }),
    run: (h, i) => h.setStaleThreshold(i.db, i.process, i.data, i.threshold),
    example: { db: DB, process: 'inventory.sync.poll_stock', data: 'self.last_sync', threshold: 20 },
  }),
  setSourceRoot: host({
    summary: "Map a recorded source path prefix (as the tracer saw it) to a local folder, so `source` can read files traced on another machine; to null removes the mapping. Returns all mappings. Remembered per database in the app's data folder, never in the trace file.",
    input: object({ db, from: string({ min: 1, max: 4096 }), to: nullable(string({ min: 1, max: 4096 })) }),
    run: (h, i) => h.setSourceRoot(i.db, i.from, i.to),
    example: { db: DB, from: '/srv/app', to: '/home/me/app/src' },
  }),
  source: host({
    summary: "A traced function's source file and line, read from this machine: only a text file of at most 2 MB whose real path (symlinks resolved) lies under the database's own folder or a folder given with setSourceRoot. Otherwise available: false with the recordedPath, the kind (not-found, permission-denied, not-a-file, too-large) and a sentence saying why; an unknown function is a not-found error.",
    input: object({ db, process: string({ min: 1, max: 1024 }) }),
    run: (h, i) => h.source(i.db, i.process),
    example: { db: DB, process: 'orders.service.place_order' },
  }),
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
/** What a caller sends (defaulted fields optional). */
export type OperationInput<K extends OperationName> = Operations[K] extends { input: Schema<unknown, infer In> } ? In : never;
// Handlers' parameters are contravariant, so only `any` matches every one of them.
export type OperationResult<K extends OperationName> = Operations[K] extends { run: (...args: any[]) => infer R } ? Awaited<R> : never;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}
