// Messages between the engine host and its worker threads.
import type { ApiError } from '../api/errors.ts';
import type { ColumnMap, DatabaseState, IndexProgress, StaleVariable, TraceRow } from '../api/types.ts';
import type { DatabaseTarget } from '../query/query-context.ts';

export type StaleRule = { process: string; data: string; threshold: number };

export interface QueryWorkerData {
  /** The module whose `operations` export is the API table (default: db/api/operations.ts). */
  operationsModule?: string;
}

export type PoolRequest = { id: number; kind: 'op'; op: string; input: unknown; target: DatabaseTarget };
/** Fire-and-forget: drop cached connections to a database that was closed. */
export type PoolNotice = { kind: 'forget'; db: string };
export type PoolResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ApiError };
/** A query worker's first message: its modules are loaded and it takes requests. */
export type PoolReady = { ready: true };

export interface IndexWorkerData {
  db: string;
  sourcePath: string;
  /** Folder of the index files and this database's key there (see sidecar-location.ts). */
  indexDir: string;
  key: string;
  schema: ColumnMap;
  staleRules: StaleRule[];
  /** probe-child's URL: a file that is not the one vetted at open is vetted again before it is read. */
  probeScript: string;
  vetted: { dev: number; ino: number };
  pollMs: number;
  batchRows: number;
}

export type IndexCommand = { type: 'thresholds'; rules: StaleRule[]; seq: number } | { type: 'close' };

export type IndexEvent =
  | { type: 'ready'; sidecarPath: string; rebuiltBecause: string | null }
  | ({ type: 'progress' } & IndexProgress)
  | { type: 'rows'; count: number; firstId: number; maxId: number; latestTs: number | null; rows: TraceRow[] }
  | { type: 'stale'; changes: StaleVariable[] }
  | { type: 'state'; state: DatabaseState; message: string | null }
  /** The sidecar or the source connection was reopened (file replaced, index rebuilt): readers must reopen too. */
  | { type: 'reopened'; schema: ColumnMap; sidecarPath: string; reason: string }
  | { type: 'fatal'; error: ApiError }
  /** Reading the source hit damage after indexedRows rows (kind 'corrupt'); cleared by a later 'reopened'. */
  | { type: 'damaged'; error: ApiError; indexedRows: number }
  /** The thresholds command `seq` is in the sidecar: queries from now on see it. */
  | { type: 'thresholds-applied'; seq: number };
