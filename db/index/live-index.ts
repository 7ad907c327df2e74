import type Database from 'better-sqlite3';
import { watch, type FSWatcher } from 'chokidar';
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { InspectorError, toApiError, type ApiError } from '../api/errors.ts';
import type { ColumnMap, DatabaseState } from '../api/types.ts';
import type { FileIdentity, IndexEvent, IndexWorkerData, StaleRule } from '../engine/messages.ts';
import { quoteIdent } from '../source/contract.ts';
import { openSource } from '../source/open-source.ts';
import { fetchRows, type RowSource } from '../query/fetch-rows.ts';
import { Ingest, rowFingerprint } from './ingest.ts';
import {
  columnsSignature,
  createDeferredIndexes,
  createGeneration,
  missingDeferredIndexes,
  openSidecar,
  removeOlderGenerations,
} from './sidecar.ts';
import { readMeta } from './sidecar-schema.ts';
import { thresholdLookup, toEngine } from './stale-thresholds.ts';

/** Newest rows carried in a live 'rows' event; more than that and listeners page through the API. */
const EVENT_ROWS = 200;
/** Batches per tick: bounded so commands (thresholds, close) are answered between ticks. */
const BATCHES_PER_TICK = 20;
const PROGRESS_EVERY_MS = 200;
/** A tick ends after this much indexing, so commands and progress events are never a second late. */
const TICK_BUDGET_MS = 250;
/** Dirty flame minutes recomputed per transaction, and the time a tick gives them (settleFlame). */
const SETTLE_MINUTES = 4;
const SETTLE_BUDGET_MS = 25;
/**
 * The first build reads chunks set-based (bulk-ingest.ts), sized to take about this long: big
 * enough that a chunk's fixed cost vanishes, short enough for a progress event every ~second and
 * a short read of the user's file.
 */
const BULK_CHUNK_MS = 200;
/**
 * Bounds of a chunk, in batches (batchRows). A chunk's memory grows with its rows and stays with
 * the process (SQLite's temporary tables and sorts, given back to an allocator that keeps it):
 * a first chunk of 50,000 rows of a catch-up at 1M rows took the indexer 78 MB over its start,
 * one of 10,000 rows 44 MB, at the same CPU (issue 14).
 */
const BULK_BATCHES = { first: 2, max: 10 };
/**
 * A reopened index catches up with its backlog in bulk; a backlog this big reads the user's file
 * on the reader thread (bulk-reader.ts), a smaller one on the indexer's connection. The thread's
 * isolate and reads in flight cost ~24 MB of peak RSS (a 200,000-row catch-up at 1M rows: 260
 * against 236 MB, 10.5 against 6.0 s on this 2-core machine at load 5, where no core was free
 * for it); it pays off over a long build.
 */
const CATCH_UP_THREAD_ROWS = 1_000_000;
/**
 * The indexer's page cache once its index is built: the tail and a catch-up touch few pages
 * (the ends of the indexes and the paths to a few random ones), and what the cache holds stays
 * resident. A 200,000-row catch-up at 1M rows: 4.28–4.63 CPU-s with 4 MB, 4.48–4.49 with 16 MB,
 * and the indexer 23–26 MB smaller. A first build keeps 16 MB (see sidecar.ts).
 */
const BUILT_CACHE_KB = 4000;

/** SQLite's word that the file itself is damaged (not busy, not our mistake). */
function isDamage(err: unknown): boolean {
  const code = String((err as { code?: string }).code ?? '');
  return code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB');
}

export type LiveIndexOptions = Omit<IndexWorkerData, 'db'> & {
  emit: (e: IndexEvent) => void;
  /** Vets the source again in a child process (asked of the host); resolves with the identity of the file that passed. */
  vet: () => Promise<FileIdentity>;
};

/**
 * Keeps one sidecar index current with its source. A tick checks the file's identity (deleted,
 * replaced) and PRAGMA data_version (a cheap counter that moves when another connection
 * commits), then indexes what is new in bounded batches. chokidar only wakes the loop early; the
 * poll alone guarantees progress, so a missed file event costs at most one poll interval.
 */
export class LiveIndex {
  private readonly o: LiveIndexOptions;
  private source!: Database.Database;
  private schema: ColumnMap;
  private sidecar!: Database.Database;
  private generation = 0;
  /** The index file in use now; it changes when the index is rebuilt. */
  sidecarPath = '';
  private ingest!: Ingest;
  private identity: { dev: number; ino: number } | null = null;
  private dataVersion = -1;
  /** The last tick stopped with rows left to read (BATCHES_PER_TICK): the next one reads on even if data_version has not moved. */
  private more = false;
  private caughtUp = false;
  private state: DatabaseState = 'indexing';
  private timer: NodeJS.Timeout | null = null;
  /** A tick is under way (it may be waiting for the host to vet the file): no second one starts. */
  private ticking = false;
  private watcher: FSWatcher | null = null;
  private lastProgress = 0;
  private bulkRows = 0;
  /**
   * A bulk chunk hit a damaged part of the file: the build goes on row by row, so the rows kept are
   * those up to the last readable batch, not the last chunk boundary before the damage (a chunk
   * is rolled back whole, and chunks grow to ~10,000 rows).
   */
  private byRows = false;
  private stopped = false;
  private rules: StaleRule[];
  private vetted: FileIdentity;
  private schemaVersion = 0;
  /** The stamp of a file the probe refused: not vetted again (a child process each poll) until it changes. */
  private refused: string | null = null;
  /** Set when reading the source hit damage; cleared when the file changes. */
  private damage: { error: ApiError; at: string } | null = null;

  constructor(o: LiveIndexOptions) {
    this.o = o;
    this.vetted = o.vetted;
    this.schema = o.schema;
    this.rules = o.staleRules;
  }

  /** Opens (or resumes) the index; returns why it starts from scratch, or null when resumed. */
  async start(): Promise<string | null> {
    // Replaced between the host's probe and this thread: vetted again first.
    await this.vetIfNeeded(false);
    this.openSourceConnection();
    const reason = this.openIndex();
    const dir = dirname(this.o.sourcePath);
    const names = new Set(['', '-wal', '-shm', '-journal'].map((s) => basename(this.o.sourcePath) + s));
    this.watcher = watch(dir, {
      depth: 0,
      ignoreInitial: true,
      ignored: (p: string) => p !== dir && !names.has(basename(p)),
    });
    this.watcher.on('all', () => this.schedule(0));
    this.watcher.on('error', () => undefined); // the poll still runs
    this.schedule(0);
    return reason;
  }

  /** The last source rowid the index holds (a resumed index starts there). */
  get indexedRows(): number {
    return this.ingest?.lastId ?? 0;
  }

  setRules(rules: StaleRule[]): void {
    this.rules = rules;
    this.writeRules();
    const changes = this.ingest.staleness.rethreshold(thresholdLookup(rules));
    if (changes.length) this.o.emit({ type: 'stale', changes });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.watcher?.close();
    this.ingest?.endBulk(); // stops the build's reader thread
    this.sidecar?.close();
    this.source?.close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) {
      if (ms > 0) return; // a tick is already due
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.ticking) return; // the tick under way schedules the next one when it ends
      this.ticking = true;
      void this.tick().then((more) => {
        this.ticking = false;
        this.schedule(more ? 0 : this.o.pollMs);
      });
    }, ms);
  }

  /**
   * Another file than the one vetted (replaced, rotated), or a schema changed in place (`revet`):
   * vetted again in a child process before this thread reads it (see db/source/probe-child.ts).
   * Indexing this database pauses meanwhile; its readers keep answering from the sidecar.
   */
  private async vetIfNeeded(revet: boolean): Promise<void> {
    const st = statSync(this.o.sourcePath);
    if (!revet && sameFile(st, this.vetted)) return;
    try {
      this.vetted = await this.o.vet();
      this.refused = null;
    } catch (err) {
      // Refused for what the file is; not for quitting or a check that could not run.
      if (!['closed', 'internal'].includes(toApiError(err).kind)) this.refused = fileStamp(st);
      throw err;
    }
  }

  /** Opens the file vetIfNeeded vetted; another one found at its path is not read. */
  private openSourceConnection(): void {
    const st = statSync(this.o.sourcePath);
    if (!sameFile(st, this.vetted))
      throw new InspectorError('locked', `${this.o.sourcePath} was replaced while it was being checked; trying again.`);
    // The new connection is opened before the old one is closed: a failure leaves a usable one.
    const h = openSource(this.o.sourcePath);
    // The bulk build ends with its connection (its statements belong to it).
    this.ingest?.endBulk();
    this.source?.close();
    this.source = h.db;
    // Rows are read in batches by rowid, each page once: better-sqlite3's 16 MB default cache
    // would only fill with pages never read again as the tail goes on (issue 14: peak RSS).
    this.source.pragma('cache_size = -2000');
    this.schema = h.schema;
    this.identity = { dev: st.dev, ino: st.ino };
    this.schemaVersion = Number(this.source.pragma('schema_version', { simple: true }));
    this.dataVersion = -1;
    this.damage = null;
    this.byRows = false;
  }

  private openIndex(): string | null {
    return this.useIndex(openSidecar(this.o.indexDir, this.o.key, this.source, this.o.sourcePath, this.schema));
  }

  private useIndex(opened: ReturnType<typeof openSidecar>): string | null {
    this.sidecar = opened.db;
    this.sidecarPath = opened.path;
    this.generation = opened.generation;
    this.writeRules();
    this.ingest?.endBulk(); // a rebuild's old build: its reader thread stops
    if (!missingDeferredIndexes(this.sidecar).length) this.sidecar.pragma(`cache_size = -${BUILT_CACHE_KB}`);
    this.ingest = this.newIngest();
    this.caughtUp = false;
    return opened.rebuiltBecause;
  }

  /** An Ingest resuming from the sidecar: a big backlog is read on the reader thread, a small one inline. */
  private newIngest(): Ingest {
    const indexed = Number(readMeta(this.sidecar).lastId ?? 0);
    const behind = this.maxRowid() - indexed;
    return new Ingest(this.source, this.sidecar, this.schema, thresholdLookup(this.rules), {
      sourceIdentity: () => this.identity,
      readerThread: indexed === 0 || behind > CATCH_UP_THREAD_ROWS,
    });
  }

  private maxRowid(): number {
    return Number(
      this.source
        .prepare(`SELECT max(rowid) FROM ${quoteIdent(this.schema.table)}`)
        .pluck()
        .get() ?? 0,
    );
  }

  private writeRules(): void {
    this.sidecar.transaction(() => {
      this.sidecar.prepare('DELETE FROM stale_thresholds').run();
      const put = this.sidecar.prepare('INSERT INTO stale_thresholds(process, data, threshold) VALUES (?, ?, ?)');
      for (const r of this.rules) put.run(r.process, r.data, toEngine(r.threshold));
    })();
  }

  private rebuild(reason: string): void {
    const before = columnsSignature(this.o.schema);
    // The new generation is complete before anyone is told of it; the old file is unlinked after
    // readers have been pointed away (those still inside a query keep their open inode).
    const next = createGeneration(this.o.indexDir, this.o.key, this.o.sourcePath, this.schema, reason);
    this.sidecar.close();
    this.useIndex(next);
    this.setState('indexing', `Re-indexing: ${reason}.`);
    this.o.emit({
      type: 'reopened',
      schema: this.schema,
      sidecarPath: this.sidecarPath,
      reason: columnsSignature(this.schema) === before ? reason : `${reason} (its columns changed)`,
    });
    removeOlderGenerations(this.o.indexDir, this.o.key, this.generation);
  }

  private setState(state: DatabaseState, message: string | null): void {
    if (state === this.state && state !== 'error') return;
    this.state = state;
    this.o.emit({ type: 'state', state, message });
  }

  /** One poll. Returns true when there is more to index right away. */
  private async tick(): Promise<boolean> {
    try {
      let st: ReturnType<typeof statSync> | null = null;
      try {
        st = statSync(this.o.sourcePath);
      } catch {
        st = null;
      }
      if (!st) {
        this.setState(
          'missing',
          `${this.o.sourcePath} was deleted or moved; queries answer 'vanished' until it comes back, and Trace Inspector picks it up again then.`,
        );
        return false;
      }
      // A damaged file is read again only once it has changed: retrying it every poll would only
      // fail the same way (and vet it in a child process each time).
      if (this.damage && this.damage.at === fileStamp(st)) return false;
      if (this.refused === fileStamp(st)) return false;
      const schemaVersion =
        this.state === 'missing' ? null : Number(this.source.pragma('schema_version', { simple: true }));
      if (
        this.state === 'missing' ||
        this.state === 'error' ||
        this.damage ||
        st.ino !== this.identity?.ino ||
        st.dev !== this.identity?.dev ||
        schemaVersion !== this.schemaVersion
      ) {
        // Replaced (log rotation) or back after going missing: read it afresh.
        // Decide whether the index still fits before telling readers anything: announcing the new
        // file first let a worker pair it with the old index for a moment (pages from one, counts
        // from the other).
        await this.vetIfNeeded(schemaVersion !== this.schemaVersion);
        if (this.stopped) return false; // closed while the host was vetting: the connections are gone
        this.openSourceConnection();
        if (columnsSignature(this.schema) !== columnsSignature(this.o.schema) || !this.tailStillMatches()) {
          this.rebuild('the database was replaced');
          this.o.schema = this.schema;
        } else {
          // The index goes on where it was, reading through the new connection: the old Ingest's
          // statements belong to the closed one ("The database connection is not open" after any
          // schema change in place, even a writer's CREATE INDEX). It resumes from the sidecar.
          this.ingest.endBulk();
          this.ingest = this.newIngest();
          this.o.emit({
            type: 'reopened',
            schema: this.schema,
            sidecarPath: this.sidecarPath,
            reason: 'the file was replaced',
          });
          this.setState(this.caughtUp ? 'live' : 'indexing', null);
        }
      }
      const version = Number(this.source.pragma('data_version', { simple: true }));
      if (version === this.dataVersion && this.caughtUp && !this.more) return false;
      if (this.dataVersion !== -1 && !this.tailStillMatches()) {
        this.rebuild('the database was truncated or rewritten');
      }
      this.dataVersion = version;
      this.more = this.indexSome();
      return this.more;
    } catch (err) {
      const code = String((err as { code?: string }).code ?? '');
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return false; // the writer holds a lock: next tick
      if (isDamage(err)) {
        this.damaged(err);
        return false;
      }
      this.setState('error', toApiError(err).message);
      return false;
    }
  }

  /**
   * The rows indexed before the damage stay browsable (the sidecar has them); the state says
   * how far reading got, in SQLite's own words, and queries warn (see Engine).
   */
  private damaged(err: unknown): void {
    let at = '';
    try {
      at = fileStamp(statSync(this.o.sourcePath));
    } catch {
      // gone: the next tick reports it missing
    }
    const rows = this.ingest?.lastId ?? 0;
    const sqlite = (err as Error).message;
    const message = `${this.o.sourcePath} is damaged: SQLite reports "${sqlite}" after row ${rows.toLocaleString('en-US')}. ${rows > 0 ? `The ${rows.toLocaleString('en-US')} rows read before the damage can still be browsed; nothing after it can.` : 'No row could be read.'} Nothing was changed; a copy made with "sqlite3 ${basename(this.o.sourcePath)} .recover" may be readable.`;
    const error: ApiError = {
      kind: 'corrupt',
      message,
      details: { path: this.o.sourcePath, indexedRows: rows, sqlite },
    };
    this.damage = { error, at };
    this.caughtUp = true; // nothing more can be read: the build is as done as it will get
    this.o.emit({ type: 'damaged', error, indexedRows: rows });
    this.setState('error', message);
  }

  private tailStillMatches(): boolean {
    const id = this.ingest.lastId;
    return id === 0 || rowFingerprint(this.source, this.schema, id) === this.ingest.lastFingerprint;
  }

  private indexSome(): boolean {
    const start = performance.now();
    for (let i = 0; i < BATCHES_PER_TICK && performance.now() - start < TICK_BUDGET_MS; i++) {
      const r = this.caughtUp ? this.ingest.step(this.o.batchRows) : this.bulkStep();
      if (r.stale.length) this.o.emit({ type: 'stale', changes: r.stale });
      if (r.added === 0) {
        if (!this.caughtUp) {
          this.caughtUp = true;
          this.ingest.endBulk();
          // One long statement per index (seconds at 10M rows): the host repeats this progress
          // event meanwhile, since this thread cannot post any (engine/progress-beat.ts). A
          // resumed index has them: a reopen then says nothing of building (issue 14).
          if (missingDeferredIndexes(this.sidecar).length) {
            this.progress(true, true);
            createDeferredIndexes(this.sidecar);
            // What the cache holds beyond this goes back to the allocator, for the tail to reuse.
            this.sidecar.pragma(`cache_size = -${BUILT_CACHE_KB}`);
          }
          // The build's last transactions leave the index's WAL behind; a restart after a crash
          // would replay it (reopen ≤ 1 s, issue 14). Readers in a query only make this partial.
          this.sidecar.pragma('wal_checkpoint(TRUNCATE)');
          this.progress(true);
          this.setState('live', null);
        }
        return this.settleFlame();
      }
      if (this.caughtUp) this.emitRows(r.firstId, r.lastId, r.added, r.latestTs);
      else this.progress(false);
    }
    return true;
  }

  /**
   * Recomputes flame minutes the tail left dirty, a few at a time for at most SETTLE_BUDGET_MS:
   * a commit that lands meanwhile waits for that, not for all of them. True when some are left
   * (the next tick goes on, after reading any new rows first).
   */
  private settleFlame(): boolean {
    const start = performance.now();
    while (performance.now() - start < SETTLE_BUDGET_MS)
      if (this.ingest.settleFlame(SETTLE_MINUTES) < SETTLE_MINUTES) return false;
    return true;
  }

  private bulkStep(): ReturnType<Ingest['step']> {
    if (this.byRows) return this.ingest.step(this.o.batchRows);
    const rows = this.bulkRows || this.o.batchRows * BULK_BATCHES.first;
    const t0 = performance.now();
    let r: ReturnType<Ingest['step']>;
    try {
      r = this.ingest.stepBulk(rows);
    } catch (err) {
      if (!isDamage(err)) throw err;
      this.byRows = true;
      this.ingest.endBulk();
      return this.ingest.step(this.o.batchRows);
    }
    const ms = performance.now() - t0;
    // A chunk reads whole windows (bulk-ingest.ts): it may hold a little more than asked.
    if (r.added >= rows)
      this.bulkRows = Math.round(
        Math.min(
          this.o.batchRows * BULK_BATCHES.max,
          Math.max(this.o.batchRows, (rows * BULK_CHUNK_MS) / Math.max(ms, 1)),
        ),
      );
    return r;
  }

  /** `longStep`: the indexer is about to run one long statement (see ProgressBeat). */
  private progress(force: boolean, longStep = false): void {
    const now = Date.now();
    if (!force && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    const total = this.maxRowid();
    this.o.emit({
      type: 'progress',
      indexedRows: this.ingest.lastId,
      totalRows: Math.max(total, this.ingest.lastId),
      building: !this.caughtUp || longStep,
      ...(longStep ? { longStep } : {}),
    });
  }

  private emitRows(firstId: number, lastId: number, count: number, latestTs: number | null): void {
    const from = Math.max(firstId, lastId - EVENT_ROWS + 1);
    const ids: number[] = [];
    for (let id = lastId; id >= from; id--) ids.push(id);
    const src: RowSource = { schema: this.schema, src: (sql) => this.source.prepare(sql) };
    this.o.emit({ type: 'rows', count, firstId, maxId: lastId, latestTs, rows: fetchRows(src, ids) });
    this.o.emit({ type: 'progress', indexedRows: lastId, totalRows: lastId, building: false });
  }
}

function sameFile(st: { dev: number; ino: number }, id: FileIdentity): boolean {
  return st.dev === id.dev && st.ino === id.ino;
}

/** Size, change time and inode: whether a damaged file may have been repaired or replaced since. */
function fileStamp(st: { size: number; mtimeMs: number; ino: number }): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
}
