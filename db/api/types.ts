// Result and event types of the API: what every transport carries and the renderer receives.
import type { Alert, StaleThreshold } from './alert-types.ts';
export type * from './alert-types.ts';

export type RowStatus = 'OK' | 'ERROR';

/** One row of data_trace: the 7 canonical columns plus ids. Long texts are cut; `row` returns them whole. */
export interface TraceRow {
  id: number;
  process: string;
  data: string | null;
  dataType: string | null;
  dataValue: string | null;
  /** Length of the whole value in characters, and whether dataValue was cut to fit a list. */
  valueLength: number;
  valueTruncated: boolean;
  /** The timestamp as stored (text or number) and as epoch milliseconds (null when unparseable). */
  timestamp: string | null;
  ts: number | null;
  status: RowStatus;
  statusRaw: string | null;
  exception: string | null;
  exceptionTruncated: boolean;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  group: string | null;
  durationMs: number | null;
  memoryDelta: number | null;
  /** The duration of the row's call (its largest duration_ms), in `traces` pages. */
  callDurationMs?: number | null;
}

export interface TracesPage {
  rows: TraceRow[];
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: string | null;
  /**
   * With a "contains" filter: the rows read from the file for this page. Such a page may hold
   * fewer rows than asked with a nextCursor: its time budget ran out; call again to go on.
   */
  searched?: number;
}

/** A call (span) in a trace, in depth-first order; `rows` are the values it captured. */
export interface TraceNode {
  spanId: string | null;
  parentSpanId: string | null;
  process: string;
  depth: number;
  startTs: number | null;
  durationMs: number | null;
  /** Offset of this call from the trace's first call, for a waterfall. */
  offsetMs: number | null;
  status: RowStatus;
  rows: TraceRow[];
}

/** One page of a trace's calls, depth-first; a large trace takes several (see nextOffset). */
export interface TraceTree {
  traceId: string;
  /** This page's calls: the depth-first order's calls from `offset` on. */
  nodes: TraceNode[];
  /** Rows in this page. */
  rowCount: number;
  /** Calls in the whole trace. */
  callCount: number;
  offset: number;
  /** Pass it back as offset for the next page; null on the last one. */
  nextOffset: number | null;
  /** The cursor for the next page (pass it as after, with nextOffset as offset): resumes the walk where this page ended, so a deep page costs no more than the first. */
  nextAfter: number | null;
  /** Calls after this page. */
  moreCalls: number;
  /** The whole trace's first call and span, whatever the page. */
  startTs: number | null;
  durationMs: number | null;
  /** True when span ids are absent and the trace is a flat list of rows. */
  flat: boolean;
  /** True when a call had more rows than one answer carries (10,000) and its rows were cut. */
  truncated: boolean;
  /** What the file's timestamps mark: on 'end', starts and offsets are time − duration. */
  timestamps: TimestampConvention;
}

export interface TimeRange {
  from: number;
  to: number;
}

/** One call of a function (Code Inspector's slowest calls and latest errors), with what opens it in the Explorer. */
export interface FunctionCall {
  process: string;
  startTs: number;
  durationMs: number | null;
  error: boolean;
  traceId: string | null;
  spanId: string | null;
  /** The row to select: the call's error row, else its last row. */
  rowId: number | null;
}

/** A go-to box hit: a trace id, a traced function or a variable name. */
export interface GoToResult {
  kind: 'trace' | 'function' | 'variable';
  value: string;
  /** For a trace, when it started (ISO). */
  detail: string | null;
}

/** A named Explorer view: its URL parameters (filters, order), kept per database. */
export interface SavedFilter {
  name: string;
  params: Record<string, string>;
}

export interface FunctionStats {
  process: string;
  range: TimeRange;
  calls: number;
  errors: number;
  errorRate: number;
  /** Calls that recorded a duration; percentiles are over these (nearest-rank, exact). */
  timedCalls: number;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  memAvg: number | null;
  memMax: number | null;
  sourceFile: string | null;
  sourceLine: number | null;
}

/** Column arrays (one entry per bucket), ready for uPlot. */
export interface FunctionHistory {
  process: string;
  range: TimeRange;
  bucketMs: number;
  t: number[];
  calls: number[];
  errors: number[];
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
}

/** A function's latency: a log-scale histogram with exact percentiles, and a heatmap against time. */
export interface LatencyDistribution {
  process: string;
  range: TimeRange;
  timedCalls: number;
  /** Bucket edges in ms, ascending: bucket i holds durations in [edgesMs[i], edgesMs[i + 1]). */
  edgesMs: number[];
  counts: number[];
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** counts[column][bucket]: calls starting in [t[column], t[column] + bucketMs) per latency bucket. */
  heatmap: { bucketMs: number; t: number[]; counts: number[][] };
}

/** The calls inside a region of a latency heatmap, slowest first. */
export interface LatencyCalls {
  process: string;
  range: TimeRange;
  /** Every call in the region (the list holds at most `limit`). */
  total: number;
  calls: { id: number; ts: number; durationMs: number; error: boolean; traceId: string | null }[];
}

/** One frame of an aggregated flame graph: every call reached by the same path of functions. */
export interface FlameFrame {
  /** Index of the parent frame in `frames`, or -1 for the root. */
  parent: number;
  /** Opaque path of the frame, to ask for the calls that made it (flameCalls). */
  key: string;
  process: string;
  depth: number;
  calls: number;
  totalMs: number;
  /** totalMs minus the children's totalMs (never below 0: children can overlap their parent). */
  selfMs: number;
}

/** A function's calls over a range with their subtrees merged by call path ("left heavy": heaviest first). */
export interface FlameGraph {
  process: string;
  range: TimeRange;
  /** Calls of the function merged (the newest `maxCalls` of the range). */
  rootCalls: number;
  /** The range held more calls than were merged. */
  truncated: boolean;
  /** Depth-first, children heaviest first; frames[0] is the function itself. */
  frames: FlameFrame[];
}

/** The calls that make one frame of an aggregated flame graph, slowest first. */
export interface FlameCalls {
  key: string;
  total: number;
  calls: { id: number; ts: number; durationMs: number | null; error: boolean; traceId: string | null }[];
}

/** Failing calls that share a cause: the exception's type and message with numbers and ids masked. */
export interface ErrorGroup {
  fingerprint: string;
  type: string;
  /** The latest occurrence's message, unmasked. */
  message: string;
  /** Failing calls in the range. */
  count: number;
  firstTs: number;
  lastTs: number;
  /** Calls per 1/24 of the range, oldest first. */
  sparkline: number[];
  /** The functions that raised it, most calls first. */
  processes: { process: string; calls: number }[];
  latestTraceback: string | null;
  latestRowId: number;
  /** The latest traces it occurred in (up to 10). */
  traceIds: string[];
}

export interface ErrorGroups {
  range: TimeRange;
  bucketMs: number;
  /** Failing calls in the range, each counted once under its latest error row. */
  failedCalls: number;
  groupCount: number;
  /** Always false since sidecar version 9, which keeps every failing call (kept for clients that read it). */
  truncated: boolean;
  /** Most calls first. */
  groups: ErrorGroup[];
}

/** One variable of one function over time, for a line (numbers) or a strip of changes. */
export interface VariableTimeline {
  process: string;
  data: string;
  range: TimeRange;
  /** The stale threshold in force for this variable (a run longer than it is shaded), or 'ignore'. */
  threshold: StaleThreshold;
  /** Every value read as a finite number (a line); otherwise a strip of changes. */
  numeric: boolean;
  /** The range held more values than one answer carries (the newest were kept). */
  truncated: boolean;
  /** Oldest first; text cut at 200 characters. */
  points: { rowId: number; ts: number; text: string | null; value: number | null }[];
  staleRuns: { fromTs: number; toTs: number; length: number }[];
}

export type WriterState = 'OK' | 'DELAYED' | 'CIRCUIT_OPEN' | 'IDLE' | 'UNKNOWN';

export interface WriterStatus {
  status: WriterState;
  /** True when there is no writer_status table (or no heartbeat) and the state is read from the data. */
  inferred: boolean;
  detail: string;
  queueDepth: number | null;
  lastHeartbeatTs: number | null;
  lastRowTs: number | null;
}

export interface Rate {
  current: number;
  previous: number;
  trend: 'up' | 'down' | 'flat';
}

export interface Overview {
  range: TimeRange;
  bucketMs: number;
  /** Per bucket: start time, rows, error rows, new traces. */
  series: { t: number[]; rows: number[]; errors: number[]; traces: number[] };
  totals: { rows: number; errors: number };
  /** Error rate in % over the last minute of the range, compared with the minute before. */
  errorRate: Rate;
  rowsPerSec: Rate;
  tracesPerSec: Rate;
  queue: { t: number[]; depth: number[] };
  writer: WriterStatus;
  recentErrors: TraceRow[];
  groups: { group: string | null; rows: number; errors: number }[];
  staleCount: number;
  index: IndexProgress;
}

export interface FunctionInfo {
  process: string;
  groups: (string | null)[];
  rows: number;
  sourceFile: string | null;
  sourceLine: number | null;
}

export interface StaleVariable {
  process: string;
  data: string;
  /** The repeated value (cut to 200 characters) and its type. */
  value: string | null;
  valueType: string | null;
  runLength: number;
  /** The threshold in force (db/index/stale-thresholds.ts); 'ignore': never stale. */
  threshold: StaleThreshold;
  stale: boolean;
  runStartTs: number | null;
  /** When the run crossed the threshold (the first row beyond it). */
  staleSinceTs: number | null;
  lastTs: number | null;
  lastId: number;
}

/** A recorded path prefix mapped to a local folder, so sources traced elsewhere can be read here. */
export interface SourceRoot {
  from: string;
  to: string;
}

/** A traced function's source file, read from this machine (see db/query/source.ts for what may be read). */
export interface SourceFile {
  process: string;
  /** The real local path read (symlinks resolved). */
  path: string;
  /** The path as the tracer recorded it in source_file. */
  recordedPath: string;
  /** The function's line (source_line), 1-based. */
  line: number | null;
  text: string;
  /** Monaco language id: python, javascript, typescript or plaintext. */
  language: string;
  size: number;
}

/**
 * Why a source cannot be shown: a normal state the Code Inspector explains (with "Set source
 * root…"), so it is an answer, not a failed call. `kind` is the error kind readSource raised.
 */
export interface SourceUnavailable {
  process: string;
  recordedPath: string | null;
  line: number | null;
  kind: 'not-found' | 'permission-denied' | 'not-a-file' | 'too-large';
  reason:
    | 'not-recorded'
    | 'missing'
    | 'outside-roots'
    | 'network-path'
    | 'sensitive-folder'
    | 'not-a-file'
    | 'binary'
    | 'too-large';
  message: string;
}

export type SourceResult = ({ available: true } & SourceFile) | ({ available: false } & SourceUnavailable);

export interface IndexProgress {
  indexedRows: number;
  /** Rows in the source (its largest rowid: an upper bound, exact for append-only tracers). */
  totalRows: number;
  building: boolean;
  /** The source is damaged: rows after indexedRows cannot be read; the sentence says so in SQLite's words. */
  damaged?: { message: string; indexedRows: number };
}

export type DatabaseState = 'indexing' | 'live' | 'missing' | 'error' | 'closed';

export interface ColumnMap {
  table: string;
  /** canonical name → column name as found in the file */
  columns: Record<string, string>;
  missingOptional: string[];
  hasWriterStatus: boolean;
  /** Name of the writer_status table as found, when it has the contract's columns. */
  writerStatusTable?: string;
}

/** One run of consecutive heartbeats reporting trouble (the writer falling behind, or dropping rows). */
export interface WriterEpisode {
  status: 'CIRCUIT_OPEN' | 'DELAYED';
  fromTs: number | null;
  toTs: number | null;
  heartbeats: number;
  maxQueueDepth: number | null;
  /** The newest heartbeat is part of it: the writer is in this state now. */
  ongoing: boolean;
}

/** What could be better about a trace file, each with what it costs and how to fix it. */
export interface FileHealth {
  journal: {
    mode: string;
    /** WAL: readers never block the app's writer. */
    ok: boolean;
    /** Why a non-WAL mode matters, in a sentence (null when ok). */
    warning: string | null;
    /** The one statement that fixes it (null when ok). */
    fix: string | null;
  };
  missingColumns: { column: string; effect: string }[];
  writerStatus: { present: boolean; effect: string | null };
  /** Rows whose timestamp could not be read (each sorted right after the row before it). */
  badTimestamps: number;
  indexedRows: number;
  /** Heartbeat trouble, newest first (at most 20), and how many episodes there were in all. */
  episodes: WriterEpisode[];
  episodeCount: number;
  /** Rows dropped while the circuit was open are not counted by the contract: heartbeats of that state are. */
  circuitOpenHeartbeats: number;
  /** How many of the checks above found something (0: nothing to fix). */
  issues: number;
}

/** Whether a row's timestamp marks when its call started or when it ended (a decorator that writes on return). */
export type TimestampConvention = 'start' | 'end';

export interface TimestampReading {
  /** What every "start" the API returns is based on. */
  convention: TimestampConvention;
  /** Set by the user (setTimestampConvention), or read from the file. */
  source: 'setting' | 'detected';
  /** The evidence: parent and child calls compared on their earliest timestamp. */
  detected: TimestampConvention;
  parentFirst: number;
  childFirst: number;
}

export interface DatabaseInfo {
  db: string;
  path: string;
  state: DatabaseState;
  message: string | null;
  journalMode: string;
  schema: ColumnMap;
  index: IndexProgress;
  sidecarPath: string;
}

export interface InspectorEvents {
  /** New rows indexed and queryable (newest first, at most 200 per event). */
  /** Rows firstId..maxId are new; `rows` lists the newest of them (at most 200): page through `traces` for the rest. */
  rows: { db: string; count: number; firstId: number; maxId: number; latestTs: number | null; rows: TraceRow[] };
  /** Pairs whose stale flag flipped. */
  stale: { db: string; changes: StaleVariable[] };
  progress: { db: string } & IndexProgress;
  /** The database changed state: went missing, came back, was replaced and re-indexed, failed. */
  status: { db: string; state: DatabaseState; message: string | null };
  /** An alert fired, was acknowledged or resolved. */
  alert: { db: string; alert: Alert };
}

export type EventName = keyof InspectorEvents;

/** One step of a statement's EXPLAIN QUERY PLAN (parent 0 is the top). */
export interface SqlPlanStep {
  id: number;
  parent: number;
  detail: string;
}

/** A cell of a console result: numbers and text as SQLite has them; integers beyond 2^53 and blobs as text. */
export type SqlValue = string | number | null;

/** One page of a console statement's result. */
export interface SqlPage {
  columns: string[];
  rows: SqlValue[][];
  /** Row number of this page's first row in the whole result. */
  offset: number;
  /** More rows follow: ask again with offset + rows.length. */
  more: boolean;
  /** Time SQLite took for this page (prepare, skip to offset, read), in ms. */
  runMs: number;
  /** The statement's query plan (first page of a SELECT / WITH / VALUES only). */
  plan: SqlPlanStep[] | null;
  /** Cells cut to the console's cell size (the statement can select substr() of the rest). */
  truncatedCells: number;
}

/** A console result as a file: CSV (formula-safe) or JSON Lines. */
export interface SqlExport {
  format: 'csv' | 'jsonl';
  text: string;
  rows: number;
  truncated: boolean;
  filename: string;
}

/** What the console's completion knows: the friendly views and the file's own tables. */
export interface SqlSchemaTable {
  name: string;
  schema: 'temp' | 'main';
  kind: 'view' | 'table';
  columns: string[];
}

export interface SqlSavedQuery {
  name: string;
  sql: string;
}
export interface SqlHistoryEntry {
  sql: string;
  at: number;
}
/** A database's saved console queries and its recent statements, newest first. */
export interface SqlQueries {
  saved: SqlSavedQuery[];
  history: SqlHistoryEntry[];
}
