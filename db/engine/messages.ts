// Messages between the engine host and its worker threads.
import type { StaleRule } from '../api/alert-types.ts';
import type { ApiError } from '../api/errors.ts';
import type { ColumnMap, DatabaseState, IndexProgress, StaleVariable, TraceRow } from '../api/types.ts';
import type { DatabaseTarget } from '../query/query-context.ts';

export type FileIdentity = { dev: number; ino: number };

export type { StaleRule };

export interface QueryWorkerData {
  /** The module whose `operations` export is the API table (default: db/api/operations.ts). */
  operationsModule?: string;
}

export type PoolRequest = { id: number; kind: 'op'; op: string; input: unknown; target: DatabaseTarget };
/** Fire-and-forget: drop cached connections to a database that was closed. */
/** 'close': close every connection and end the thread by itself (see WorkerPool.close). */
export type PoolNotice = { kind: 'forget'; db: string } | { kind: 'close' };
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
  /** The file the host vetted at open: another one (or a schema changed in place) is vetted again, see 'vet'. */
  vetted: FileIdentity;
  pollMs: number;
  batchRows: number;
}

export type IndexCommand =
  | { type: 'thresholds'; rules: StaleRule[]; seq: number }
  | { type: 'close' }
  /** The host's answer to 'vet' number `seq`: the identity of the file that passed, or why it was refused. */
  | { type: 'vetted'; seq: number; answer: { ok: true; identity: FileIdentity } | { ok: false; error: ApiError } };

export type IndexEvent =
  /** indexedRows: how far a resumed index (rebuiltBecause null) already is. */
  | { type: 'ready'; sidecarPath: string; rebuiltBecause: string | null; indexedRows: number }
  /** longStep: one long statement follows, which posts nothing; the host repeats this event meanwhile. */
  | ({ type: 'progress'; longStep?: boolean } & IndexProgress)
  | { type: 'rows'; count: number; firstId: number; maxId: number; latestTs: number | null; rows: TraceRow[] }
  | { type: 'stale'; changes: StaleVariable[] }
  | { type: 'state'; state: DatabaseState; message: string | null }
  /** The sidecar or the source connection was reopened (file replaced, index rebuilt): readers must reopen too. */
  | { type: 'reopened'; schema: ColumnMap; sidecarPath: string; reason: string }
  | { type: 'fatal'; error: ApiError }
  /** Reading the source hit damage after indexedRows rows (kind 'corrupt'); cleared by a later 'reopened'. */
  | { type: 'damaged'; error: ApiError; indexedRows: number }
  /**
   * The source must be vetted again before the indexer reads it (replaced, or its schema changed):
   * the host runs the probe (a child process only it can start, see db/source/probe-launcher.ts).
   */
  | { type: 'vet'; seq: number }
  /** The thresholds command `seq` is in the sidecar: queries from now on see it. */
  | { type: 'thresholds-applied'; seq: number };
