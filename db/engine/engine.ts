import { availableParallelism } from 'node:os';
import { resolve, isAbsolute, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InspectorError, isApiError, toApiError, type ApiError, type ApiResult } from '../api/errors.ts';
import {
  operationOf,
  operations,
  type EngineHost,
  type OperationName,
  type OperationResult,
  type OperationTable,
} from '../api/operations.ts';
import type {
  ColumnMap,
  SavedFilter,
  DatabaseInfo,
  DatabaseState,
  EventName,
  FunctionInfo,
  IndexProgress,
  InspectorEvents,
  SourceResult,
  SourceRoot,
  TimestampConvention,
  SourceUnavailable,
  SqlExport,
  SqlPage,
  SqlQueries,
  SqlSchemaTable,
} from '../api/types.ts';
import { ValidationError } from '../../common/validate.ts';
import { databaseKey, defaultConfigDir, defaultDataDir, indexDir, settingsPath } from '../index/sidecar-location.ts';
import type { DatabaseTarget } from '../query/query-context.ts';
import type { IndexCommand, IndexEvent, IndexWorkerData, StaleRule } from './messages.ts';
import type { StaleThreshold } from '../api/alert-types.ts';
import { mergeStaleRules } from '../index/stale-thresholds.ts';
import { loadSettings, saveSettings, STALE_RULES_MAX } from './settings-store.ts';
import { UserSettingsStore } from './user-settings-store.ts';
import { RecentFilesStore } from './recent-files-store.ts';
import type { UserSettings } from '../../common/user-settings.ts';
import { readSource } from '../query/source.ts';
import { rootRefusal } from '../query/source-rules.ts';
import { lstat, realpath } from 'node:fs/promises';
import { WorkerPool } from './worker-pool.ts';
import { ProgressBeat } from './progress-beat.ts';
import { newLoadFlag, stopThread } from './stop-thread.ts';
import { killProbes, probeSource, type Inspected } from '../source/probe-source.ts';
import type { ProbeLauncher } from '../source/probe-launcher.ts';
import { AlertsThread } from './alerts-thread.ts';
import { SqlConsole, type ConsoleTarget, type SqlRunInput } from '../sql/sql-console.ts';
import type { AlertsWorkerData } from '../alerts/alerts-protocol.ts';
import type { HostCipher } from '../alerts/secret-cipher.ts';

export interface EngineOptions {
  /** Where sidecar indexes and per-database settings live (default: the OS cache folder). */
  dataDir?: string;
  poolSize?: number;
  queryTimeoutMs?: number;
  pollMs?: number;
  batchRows?: number;
  /** Worker entry points (and the child process that vets a file first); a packaged app passes its bundled files. */
  workers?: { query: URL; index: URL; alerts?: URL; probe?: URL; sql?: URL };
  /** Where webhook secrets live (default: see defaultConfigDir). */
  configDir?: string;
  /** Seals webhook secrets at rest (the desktop app passes Electron's safeStorage). */
  secretCipher?: HostCipher;
  /**
   * How the child process that vets a file first is started (default: Node's child_process). The
   * desktop app passes one built on Electron's utilityProcess: its RunAsNode fuse is off.
   */
  launchProbe?: ProbeLauncher;
  /** Alert evaluation and webhook delivery settings (tests shorten the timings). */
  alerts?: Omit<AlertsWorkerData, 'dataDir' | 'configDir' | 'cipher' | 'operationsModule'>;
  /**
   * Another API table (default: db/api/operations.ts): the table itself for this thread, and the
   * module exporting it as `operations` for the worker threads. Tests extend the table this way.
   */
  operations?: { table: OperationTable; module: URL };
}

export type EngineListener = <E extends EventName>(event: E, payload: InspectorEvents[E]) => void;

interface Session {
  id: string;
  path: string;
  key: string;
  sidecarPath: string;
  settingsPath: string;
  schema: ColumnMap;
  journalMode: string;
  state: DatabaseState;
  message: string | null;
  generation: number;
  progress: IndexProgress;
  rules: StaleRule[];
  sourceRoots: SourceRoot[];
  timestamps: TimestampConvention | undefined;
  savedFilters: SavedFilter[];
  /** setStaleThreshold calls waiting for the indexer to have written their rules. */
  rulesPending: Map<number, () => void>;
  worker: Worker;
  /** Raised by the indexer once better-sqlite3 is loaded (see stop-thread.ts). */
  loaded: Int32Array;
  /** Reading the source hit damage (kind 'corrupt'); the rows indexed before it stay queryable. */
  damage: ApiError | null;
}

const QUERY_TIMEOUT_MS = 5000;
const SAVED_FILTERS_MAX = 100;
/** Quitting ends within 2 s whatever the threads are doing (issue 11). */
const SHUTDOWN_LIMIT_MS = 1800;

const delay = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());
/**
 * V8 grows a busy thread's heap lazily; indexing 1M rows with default limits peaked at 451 MB RSS
 * for the whole process, with a 128 MB old / 16 MB young cap at 271 MB, with 8 MB young at
 * 256 MB (the build makes short-lived garbage, nothing that needs more). The indexer's
 * long-lived state is bounded caches (see ingest.ts).
 */
const INDEXER_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

/**
 * The engine host: owns the query pool and one indexer thread per open database, and answers
 * every operation of the API table through `call`. Everything that touches SQLite runs on those
 * threads, so the thread that calls the engine (Electron main, the HTTP server) stays free.
 */
export class Engine implements EngineHost {
  /** The API table this engine answers; the transports list their operations from it. */
  readonly operations: OperationTable;
  private readonly opts: Required<
    Omit<EngineOptions, 'workers' | 'alerts' | 'configDir' | 'secretCipher' | 'operations' | 'launchProbe'>
  > & { workers: { query: URL; index: URL; probe: URL; sql: URL } };
  private readonly pool: WorkerPool;
  private readonly alertsThread: AlertsThread;
  private readonly sessions = new Map<string, Session>();
  /** Per session: progress repeated while its indexer runs one long statement (progress-beat.ts). */
  private readonly beats = new WeakMap<Session, ProgressBeat>();
  private readonly opening = new Map<string, Promise<DatabaseInfo>>();
  /** Sessions whose indexer is started but not ready yet: shutdown stops them too. */
  private readonly starting = new Set<Session>();
  /** Set by shutdown: no database opens any more, and an indexer that gets ready is stopped. */
  private closing = false;
  private readonly listeners = new Map<string | null, Set<EngineListener>>();
  private nextId = 1;
  private nextSeq = 1;
  private readonly launchProbe: ProbeLauncher | undefined;
  private readonly sqlConsole: SqlConsole;
  private readonly userSettingsStore: UserSettingsStore;
  private readonly recentFilesStore: RecentFilesStore;

  constructor(options: EngineOptions = {}) {
    this.opts = {
      dataDir: options.dataDir ?? defaultDataDir(),
      poolSize: options.poolSize ?? Math.max(2, Math.min(4, availableParallelism())),
      queryTimeoutMs: options.queryTimeoutMs ?? QUERY_TIMEOUT_MS,
      pollMs: options.pollMs ?? 50,
      batchRows: options.batchRows ?? 5000,
      workers: {
        query: options.workers?.query ?? new URL('./query-worker.ts', import.meta.url),
        index: options.workers?.index ?? new URL('./index-worker.ts', import.meta.url),
        probe: options.workers?.probe ?? new URL('../source/probe-child.ts', import.meta.url),
        sql: options.workers?.sql ?? new URL('../sql/sql-child.ts', import.meta.url),
      },
    };
    this.launchProbe = options.launchProbe;
    this.userSettingsStore = new UserSettingsStore(options.configDir ?? defaultConfigDir(options.dataDir));
    this.recentFilesStore = new RecentFilesStore(options.configDir ?? defaultConfigDir(options.dataDir));
    this.sqlConsole = new SqlConsole({
      script: this.opts.workers.sql,
      launch: this.launchProbe,
      requestDir: join(this.opts.dataDir, 'sql-requests'),
    });
    this.operations = options.operations?.table ?? operations;
    const operationsModule = options.operations?.module.href;
    this.pool = new WorkerPool(this.opts.workers.query, this.opts.poolSize, this.opts.queryTimeoutMs, {
      operationsModule,
    });
    this.alertsThread = new AlertsThread(
      options.workers?.alerts ?? new URL('../alerts/alerts-worker.ts', import.meta.url),
      {
        dataDir: this.opts.dataDir,
        configDir: options.configDir ?? defaultConfigDir(options.dataDir),
        ...options.alerts,
        operationsModule,
      },
      {
        alert: (db, alert) => this.emit('alert', { db, alert }),
        // A staleness rule saved (or migrated) with a threshold writes it into the one model.
        setStaleRules: (db, rules, onlyIfUnset) => this.setStaleRules(db, rules, onlyIfUnset),
      },
      undefined,
      options.secretCipher,
    );
  }

  private attachAlerts(s: Session): void {
    this.alertsThread.attach({ ...this.target(s.id), key: s.key }, s.progress.building);
  }

  /** The single entry point of every transport: validates input, runs the operation, returns a result value. */
  async call(name: string, input: unknown): Promise<ApiResult<unknown>> {
    try {
      return { ok: true, value: await this.run(name, input) };
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  }

  /** Like call, but typed and throwing the ApiError: for in-process callers (tests, bench). */
  async invoke<K extends OperationName>(name: K, input: unknown): Promise<OperationResult<K>> {
    return (await this.run(name, input)) as OperationResult<K>;
  }

  private async run(name: string, input: unknown): Promise<unknown> {
    const op = operationOf(this.operations, name);
    if (!op)
      throw new InspectorError(
        'unknown-operation',
        `No operation named ${JSON.stringify(String(name).slice(0, 100))}.`,
      );
    let parsed: unknown;
    try {
      parsed = op.input.parse(input ?? {});
    } catch (err) {
      if (err instanceof ValidationError)
        throw new InspectorError('invalid-input', `${name}: ${err.message}.`, { path: err.path });
      throw err;
    }
    if (op.where === 'host') return op.run(this, parsed);
    if (op.where === 'alerts') return this.alertsThread.call(name, parsed);
    const target = this.target((parsed as { db: string }).db);
    const damage = this.session(target.db).damage;
    // Nothing could be read: an empty answer would claim the file holds no rows.
    if (damage && this.session(target.db).progress.indexedRows === 0)
      throw new InspectorError(damage.kind, damage.message, damage.details);
    try {
      return await this.pool.run({ kind: 'op', op: name, input: parsed, target });
    } catch (err) {
      throw isApiError(err) ? new InspectorError(err.kind, err.message, err.details) : err;
    }
  }

  /** Listen to one database's events (or all, with db null). Returns the unsubscribe function. */
  subscribe(db: string | null, listener: EngineListener): () => void {
    let set = this.listeners.get(db);
    if (!set) this.listeners.set(db, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit<E extends EventName>(event: E, payload: InspectorEvents[E]): void {
    const db = (payload as { db: string }).db;
    for (const key of [db, null]) for (const l of this.listeners.get(key) ?? []) l(event, payload);
  }

  private session(db: string): Session {
    const s = this.sessions.get(db);
    if (!s)
      throw new InspectorError(
        'unknown-database',
        `No open database with handle ${JSON.stringify(db)}; open it first.`,
      );
    return s;
  }

  private target(db: string): DatabaseTarget {
    const s = this.session(db);
    return {
      db: s.id,
      sourcePath: s.path,
      sidecarPath: s.sidecarPath,
      generation: s.generation,
      schema: s.schema,
      ...(s.timestamps ? { timestamps: s.timestamps } : {}),
      ...(s.progress.damaged ? { damaged: s.progress.damaged } : {}),
    };
  }

  private infoOf(s: Session): DatabaseInfo {
    return {
      db: s.id,
      path: s.path,
      state: s.state,
      message: s.message,
      journalMode: s.journalMode,
      schema: s.schema,
      index: { ...s.progress },
      sidecarPath: s.sidecarPath,
    };
  }

  databases(): DatabaseInfo[] {
    return [...this.sessions.values()].map((s) => this.infoOf(s));
  }

  info(db: string): Promise<DatabaseInfo> {
    return Promise.resolve(this.infoOf(this.session(db)));
  }

  open(path: string): Promise<DatabaseInfo> {
    const abs = resolve(path);
    // Matched by sidecar (keyed by the real path), not by the path typed: a file opened again
    // through a symlink must not get a second indexer writing the same sidecar (counts doubled).
    const key = databaseKey(abs);
    for (const s of this.sessions.values()) if (s.path === abs || s.key === key) return Promise.resolve(this.infoOf(s));
    let pending = this.opening.get(key);
    if (!pending) {
      pending = this.doOpen(abs)
        .then((info) => (this.recentFilesStore.add(abs), info))
        .finally(() => this.opening.delete(key));
      this.opening.set(key, pending);
    }
    return pending;
  }

  private async doOpen(abs: string): Promise<DatabaseInfo> {
    // The first look runs in a child process the engine can kill: a hostile file must not leave a
    // thread of this process spinning inside SQLite (see db/source/probe-child.ts).
    if (this.closing) throw new InspectorError('closed', 'Trace Inspector is shutting down.');
    const inspected = await this.vet(abs);
    if (this.closing) throw new InspectorError('closed', 'Trace Inspector is shutting down.');
    const key = databaseKey(abs);
    const sPath = settingsPath(this.opts.dataDir, key);
    const settings = loadSettings(sPath);
    const data: IndexWorkerData = {
      db: `db${this.nextId}`,
      sourcePath: abs,
      indexDir: indexDir(this.opts.dataDir),
      key,
      schema: inspected.schema,
      staleRules: settings.staleRules,
      vetted: inspected.identity,
      pollMs: this.opts.pollMs,
      batchRows: this.opts.batchRows,
    };
    this.nextId++;
    const loaded = newLoadFlag();
    const worker = new Worker(this.opts.workers.index, {
      workerData: { ...data, nativeLoaded: loaded },
      resourceLimits: INDEXER_HEAP,
    });
    const s: Session = {
      id: data.db,
      path: abs,
      key,
      sidecarPath: '',
      settingsPath: sPath,
      schema: inspected.schema,
      journalMode: inspected.journalMode,
      state: 'indexing',
      message: null,
      generation: 0,
      progress: { indexedRows: 0, totalRows: 0, building: true },
      rules: settings.staleRules,
      sourceRoots: settings.sourceRoots,
      timestamps: settings.timestamps,
      savedFilters: settings.savedFilters,
      rulesPending: new Map(),
      worker,
      loaded,
      damage: null,
    };
    worker.once('exit', () => {
      for (const done of s.rulesPending.values()) done();
      s.rulesPending.clear();
    });
    // Not in sessions until ready: a quit meanwhile left its thread running (serve waited for the 2 s kill).
    this.starting.add(s);
    const started = new Promise<void>((resolveReady, rejectReady) => {
      let ready = false;
      worker.on('message', (e: IndexEvent) => {
        if (e.type === 'ready' && this.closing) {
          rejectReady(new InspectorError('closed', 'Trace Inspector is shutting down.'));
        } else if (e.type === 'ready') {
          ready = true;
          s.sidecarPath = e.sidecarPath;
          // A resumed index is not building: only catching up, if anything was written meanwhile
          // (its indexer says so then). Reopen must not flash a first build's bar (issue 14).
          if (e.rebuiltBecause === null)
            s.progress = { indexedRows: e.indexedRows, totalRows: e.indexedRows, building: false };
          this.sessions.set(s.id, s);
          this.attachAlerts(s);
          resolveReady();
        } else if (e.type === 'fatal' && !ready)
          rejectReady(new InspectorError(e.error.kind, e.error.message, e.error.details));
        else this.onIndexEvent(s, e);
      });
      worker.on('error', (err: Error) => {
        const error: ApiError = { kind: 'internal', message: `The indexer of ${abs} failed: ${err.message}` };
        if (!ready) rejectReady(new InspectorError(error.kind, error.message));
        else this.onIndexEvent(s, { type: 'state', state: 'error', message: error.message });
      });
      // Stopped (by shutdown) before it was ready: the open fails instead of waiting forever.
      worker.once('exit', () => rejectReady(new InspectorError('closed', 'Trace Inspector is shutting down.')));
    });
    try {
      await started;
    } finally {
      this.starting.delete(s);
    }
    return this.infoOf(s);
  }

  private beatOf(s: Session): ProgressBeat {
    let beat = this.beats.get(s);
    if (!beat) {
      beat = new ProgressBeat(() => {
        if (this.sessions.get(s.id) !== s) return false;
        this.emit('progress', { db: s.id, ...s.progress });
        return true;
      });
      this.beats.set(s, beat);
    }
    return beat;
  }

  /** Runs the probe child on a file: at open, and when an indexer finds its file replaced. */
  private vet(path: string): Promise<Inspected> {
    return probeSource(path, { script: this.opts.workers.probe, launch: this.launchProbe });
  }

  private onIndexEvent(s: Session, e: IndexEvent): void {
    this.beatOf(s).onEvent(e);
    switch (e.type) {
      case 'vet':
        // The indexer waits for this answer before it reads the file (see LiveIndex.vetIfNeeded).
        void this.vet(s.path).then(
          (inspected) =>
            s.worker.postMessage({
              type: 'vetted',
              seq: e.seq,
              answer: { ok: true, identity: inspected.identity },
            } satisfies IndexCommand),
          (err) =>
            s.worker.postMessage({
              type: 'vetted',
              seq: e.seq,
              answer: { ok: false, error: toApiError(err) },
            } satisfies IndexCommand),
        );
        break;
      case 'progress':
        if (s.progress.building !== e.building && this.sessions.has(s.id)) this.alertsThread.building(s.id, e.building);
        s.progress = {
          indexedRows: e.indexedRows,
          totalRows: e.totalRows,
          building: e.building,
          ...(s.progress.damaged ? { damaged: s.progress.damaged } : {}),
        };
        this.emit('progress', { db: s.id, ...s.progress });
        break;
      case 'rows':
        this.emit('rows', {
          db: s.id,
          count: e.count,
          firstId: e.firstId,
          maxId: e.maxId,
          latestTs: e.latestTs,
          rows: e.rows,
        });
        this.alertsThread.rowsArrived(s.id);
        break;
      case 'stale':
        this.emit('stale', { db: s.id, changes: e.changes });
        break;
      case 'state':
        s.state = e.state;
        s.message = e.message;
        this.emit('status', { db: s.id, state: e.state, message: e.message });
        break;
      case 'damaged':
        s.damage = e.error;
        // The indexer's 'state' event follows; set it here too, so no reader sees damage while
        // the state still says indexing (a test reading info between the two events did).
        s.state = 'error';
        s.message = e.error.message;
        s.progress = {
          indexedRows: e.indexedRows,
          totalRows: e.indexedRows,
          building: false,
          damaged: { message: e.error.message, indexedRows: e.indexedRows },
        };
        if (this.sessions.has(s.id)) this.alertsThread.building(s.id, false);
        this.emit('progress', { db: s.id, ...s.progress });
        break;
      case 'reopened':
        s.damage = null;
        delete s.progress.damaged;
        s.schema = e.schema;
        s.sidecarPath = e.sidecarPath;
        s.generation++;
        if (this.sessions.has(s.id)) this.attachAlerts(s);
        break;
      case 'thresholds-applied':
        s.rulesPending.get(e.seq)?.();
        s.rulesPending.delete(e.seq);
        break;
      case 'fatal':
        s.state = 'error';
        s.message = e.error.message;
        this.emit('status', { db: s.id, state: 'error', message: e.error.message });
        break;
    }
  }

  setStaleThreshold(db: string, process: string, data: string, threshold: StaleThreshold | null): Promise<StaleRule[]> {
    return this.setStaleRules(db, [{ process, data, threshold }]);
  }

  staleThresholds(db: string): StaleRule[] {
    return this.session(db).rules;
  }

  /**
   * Changes the database's stale thresholds (one model for the marks and the alert rules, see
   * db/index/stale-thresholds.ts); `onlyIfUnset` keeps entries that exist. Resolves once the
   * indexer has them in the sidecar and the alerts thread has been told to look again.
   */
  async setStaleRules(
    db: string,
    changes: { process: string; data: string; threshold: StaleThreshold | null }[],
    onlyIfUnset = false,
  ): Promise<StaleRule[]> {
    const s = this.session(db);
    for (const c of changes)
      for (const field of ['process', 'data'] as const)
        if (c[field].trim() === '')
          throw new InspectorError('invalid-input', `setStaleThreshold: ${field} cannot be blank (use * for any).`, {
            path: field,
          });
    const rules = mergeStaleRules(s.rules, changes, onlyIfUnset);
    if (rules.length > STALE_RULES_MAX && rules.length > s.rules.length)
      throw new InspectorError(
        'too-large',
        `A database keeps at most ${STALE_RULES_MAX.toLocaleString('en-US')} stale thresholds: remove some first (Default).`,
      );
    s.rules = rules;
    this.persist(s);
    // Verdicts are read from the sidecar, which the indexer updates between ticks (up to a second
    // into a burst): wait for it, so a staleness query sent after this returns sees the new rule.
    const seq = this.nextSeq++;
    const applied = new Promise<void>((done) => s.rulesPending.set(seq, done));
    s.worker.postMessage({ type: 'thresholds', rules, seq });
    await applied;
    if (this.sessions.has(s.id)) this.alertsThread.thresholdsChanged(s.id);
    return rules;
  }

  /** A function's source file; the rules of what may be read are in db/query/source.ts. */
  async source(db: string, process: string): Promise<SourceResult> {
    const s = this.session(db);
    const fns = (await this.run('functions', { db })) as FunctionInfo[];
    const fn = fns.find((f) => f.process === process);
    if (!fn)
      throw new InspectorError(
        'not-found',
        `No traced function named ${JSON.stringify(process.slice(0, 200))} in this database.`,
      );
    const unavailable = (u: Omit<SourceUnavailable, 'process' | 'line'>): SourceResult => ({
      available: false,
      process,
      line: fn.sourceLine,
      ...u,
    });
    if (!fn.sourceFile)
      return unavailable({
        recordedPath: null,
        kind: 'not-found',
        reason: 'not-recorded',
        message: `${process} recorded no source file (its source_file column is empty).`,
      });
    try {
      return {
        available: true,
        ...(await readSource({
          process,
          recordedPath: fn.sourceFile,
          line: fn.sourceLine,
          dbPath: s.path,
          roots: s.sourceRoots,
        })),
      };
    } catch (err) {
      // A source that cannot be shown is an answer the UI explains, not a failed call.
      if (
        err instanceof InspectorError &&
        ['not-found', 'permission-denied', 'not-a-file', 'too-large'].includes(err.kind)
      ) {
        return unavailable({
          recordedPath: fn.sourceFile,
          kind: err.kind as SourceUnavailable['kind'],
          reason: (err.details?.reason ?? 'missing') as SourceUnavailable['reason'],
          message: err.message,
        });
      }
      throw err;
    }
  }

  /** What the file's timestamps mark, as the user says ('auto': detect it again). */
  setTimestampConvention(
    db: string,
    convention: TimestampConvention | 'auto',
  ): { convention: TimestampConvention | 'auto' } {
    const s = this.session(db);
    s.timestamps = convention === 'auto' ? undefined : convention;
    this.persist(s);
    return { convention };
  }

  /** Maps a recorded path prefix to a local folder (to null removes it); remembered per database, beside its index. */
  async setSourceRoot(db: string, from: string, to: string | null): Promise<SourceRoot[]> {
    const s = this.session(db);
    let roots = s.sourceRoots.filter((r) => r.from !== from);
    if (to !== null) {
      if (!isAbsolute(to))
        throw new InspectorError(
          'invalid-input',
          `The local folder must be an absolute path, not ${JSON.stringify(to)}.`,
          { path: 'to' },
        );
      let real: string;
      try {
        real = await realpath(to);
      } catch {
        throw new InspectorError('not-found', `The folder ${to} does not exist on this machine.`, { path: 'to' });
      }
      if (!(await lstat(real)).isDirectory())
        throw new InspectorError('not-a-file', `${to} is not a folder.`, { path: 'to' });
      // Checked as typed and as resolved: a harmless-looking link may lead to ~ or ~/.ssh.
      const refused = rootRefusal(to, { dotFolders: true }) ?? rootRefusal(real, { dotFolders: true });
      if (refused)
        throw new InspectorError(
          'permission-denied',
          `${to} cannot be a source root: it is ${refused}, and a trace file could then make Trace Inspector read any file there. Choose the project folder that holds the traced code.`,
          { path: 'to', reason: 'sensitive-folder' },
        );
      roots = [...roots, { from, to: real }];
    }
    s.sourceRoots = roots;
    this.persist(s);
    return roots;
  }

  savedFilters(db: string): SavedFilter[] {
    return this.session(db).savedFilters;
  }

  /** Saves (or with null, removes) a named Explorer view; remembered per database, beside its index. */
  saveFilter(db: string, name: string, params: Record<string, string> | null): SavedFilter[] {
    const s = this.session(db);
    const rest = s.savedFilters.filter((f) => f.name !== name);
    if (params !== null && rest.length >= SAVED_FILTERS_MAX) {
      throw new InspectorError(
        'too-large',
        `A database keeps at most ${SAVED_FILTERS_MAX} saved filters: delete one first.`,
      );
    }
    s.savedFilters = params === null ? rest : [...rest, { name, params }].sort((a, b) => a.name.localeCompare(b.name));
    this.persist(s);
    return s.savedFilters;
  }

  private persist(s: Session): void {
    saveSettings(s.settingsPath, {
      staleRules: s.rules,
      sourceRoots: s.sourceRoots,
      savedFilters: s.savedFilters,
      ...(s.timestamps ? { timestamps: s.timestamps } : {}),
    });
  }

  /** The SQL console's view of a database: its files, and where its saved queries live. */
  private consoleTarget(db: string): ConsoleTarget {
    const s = this.session(db);
    return {
      db: s.id,
      sourcePath: s.path,
      sidecarPath: s.sidecarPath,
      schema: s.schema,
      queriesPath: s.settingsPath.replace(/\.json$/, '.sql-queries.json'),
    };
  }

  sql(db: string, input: SqlRunInput): Promise<SqlPage> {
    return this.sqlConsole.page(this.consoleTarget(db), input);
  }

  sqlExport(
    db: string,
    input: { sql: string; format: 'csv' | 'jsonl'; timeoutMs: number; runId?: string },
  ): Promise<SqlExport> {
    return this.sqlConsole.export(this.consoleTarget(db), input);
  }

  sqlSchema(db: string): Promise<SqlSchemaTable[]> {
    return this.sqlConsole.schema(this.consoleTarget(db));
  }

  sqlCancel(db: string, runId: string): { cancelled: boolean } {
    this.session(db);
    return this.sqlConsole.cancel(db, runId);
  }

  sqlQueries(db: string): SqlQueries {
    return this.sqlConsole.queries(this.consoleTarget(db));
  }

  saveSqlQuery(db: string, name: string, sql: string | null): SqlQueries {
    return this.sqlConsole.saveQuery(this.consoleTarget(db), name, sql);
  }

  recentFiles(): { path: string; exists: boolean }[] {
    return this.recentFilesStore.entries();
  }

  userSettings(): UserSettings {
    return this.userSettingsStore.get();
  }

  saveUserSettings(patch: Partial<UserSettings>): UserSettings {
    return this.userSettingsStore.save(patch);
  }

  async close(db: string): Promise<{ closed: boolean }> {
    const s = this.sessions.get(db);
    if (!s) return { closed: false };
    this.sqlConsole.stopAll(db);
    this.sessions.delete(db);
    this.pool.notify({ kind: 'forget', db });
    this.alertsThread.detach(db);
    await this.stopWorker(s);
    this.emit('status', { db, state: 'closed', message: null });
    return { closed: true };
  }

  private async stopWorker(s: Session, graceMs = 2000): Promise<void> {
    const close: IndexCommand = { type: 'close' };
    await stopThread(s.worker, s.loaded, () => s.worker.postMessage(close), graceMs);
  }

  /**
   * Closes every database and stops all threads, in at most SHUTDOWN_LIMIT_MS whatever they are
   * doing. A thread inside a SQLite statement ignores terminate() (better-sqlite3 has no
   * interrupt); unknown files are first read in a child process so none should be, but quitting
   * never waits on one: the caller (serve-cli, Electron) ends the process after this.
   */
  /** Ends every thread; false when one did not end within the limit (it is left behind). */
  async shutdown(): Promise<boolean> {
    this.closing = true;
    killProbes();
    this.sqlConsole.stopAll();
    const all = (async () => {
      await Promise.all([
        ...[...this.sessions.values()].map((s) => {
          this.sessions.delete(s.id);
          this.alertsThread.detach(s.id);
          this.emit('status', { db: s.id, state: 'closed', message: null });
          return this.stopWorker(s, SHUTDOWN_LIMIT_MS / 2);
        }),
        // Indexers still opening their file, perhaps still loading better-sqlite3: asked to
        // close like the others (stop-thread.ts never terminates one mid-load).
        ...[...this.starting].map((s) => this.stopWorker(s, SHUTDOWN_LIMIT_MS / 2)),
        // All at once: one after the other, a pool still loading its modules (0.5 s grace) came
        // on top of an indexer finishing its chunk.
        this.pool.close(),
        this.alertsThread.close(),
      ]);
      return true;
    })();
    return Promise.race([all, delay(SHUTDOWN_LIMIT_MS).then(() => false)]);
  }
}
