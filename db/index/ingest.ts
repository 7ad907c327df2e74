import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ColumnMap, StaleVariable } from '../api/types.ts';
import { quoteIdent } from '../source/contract.ts';
import { normalizeStatus } from '../source/status.ts';
import { toNumber, toText } from '../source/text.ts';
import { toEpochMs } from '../source/timestamp.ts';
import { BulkIngest, seriesKey, type BulkHost } from './bulk-ingest.ts';
import type { FileId } from './bulk-reader.ts';
import { callParentsStatements } from './call-parents.ts';
import { CallRollup, callBucket } from './call-rollup.ts';
import { FlameRollup } from './flame-rollup.ts';
import { ErrorIndex } from './error-index.ts';
import { TIERS_MS, readMeta, writeMeta, type Meta } from './sidecar-schema.ts';
import { releaseTempStorage } from './temp-storage.ts';
import { spanKey, traceKey as storedTraceKey } from './span-key.ts';
import { SAMPLE_CHARS, StalenessTracker, valueKey } from './staleness.ts';
import type { ThresholdFor } from './stale-thresholds.ts';

// Columns read from the source in this order (a missing optional column reads as NULL).
const READ = [
  'process',
  'data',
  'data_type',
  'data_value',
  'timestamp',
  'status',
  'exception',
  'trace_id',
  'span_id',
  'parent_span_id',
  'process_group',
  'duration_ms',
  'memory_delta',
  'source_file',
  'source_line',
] as const;

interface CallState {
  id: number;
  s: number;
  ts: number;
  dur: number | null;
  mem: number | null;
  err: number;
}

/**
 * Open calls (and traces, and names) are looked up on every row of a span; the recent ones are
 * kept in memory, an older one is read back from the sidecar. 50,000 of each held ~24 MB of the
 * indexer's heap, filled over a tail's first minutes (at 79 traces/s the traces' map took ~10
 * min): the RSS climbed through the 10-minute tail the issue wants flat (issue 14). 10,000 (the
 * newest 5,000–10,000 after a trim) are a minute of traces and ~8 s of calls at 2,000 rows/s; a
 * miss costs one indexed lookup.
 */
export const CALL_CACHE_MAX = 10_000;

export interface IngestOptions {
  readerThread?: boolean;
  sourceIdentity?: () => FileId | null;
  /** Entries per cache of the row path (default CALL_CACHE_MAX; tests go past a small one). */
  cacheMax?: number;
}

export interface BatchResult {
  added: number;
  lastId: number;
  latestTs: number | null;
  stale: StaleVariable[];
  /** Rowids of the rows this batch added, newest last. */
  firstId: number;
}

export function rowFingerprint(source: Database.Database, schema: ColumnMap, id: number): string | null {
  const c = schema.columns;
  const row = source
    .prepare(
      `SELECT ${quoteIdent(c.process)}, ${quoteIdent(c.timestamp)} FROM ${quoteIdent(schema.table)} WHERE rowid = ?`,
    )
    .raw(true)
    .get(id) as unknown[] | undefined;
  if (!row) return null;
  return createHash('sha1')
    .update(`${id}\u0001${toText(row[0])}\u0001${toText(row[1])}`)
    .digest('hex');
}

/**
 * Copies new source rows into the sidecar, batch by batch. Each batch is one short read of the
 * source (a single statement: its read transaction ends when .all() returns, so the writer's
 * checkpoints are never held back) and one write transaction on the sidecar.
 */
export class Ingest implements BulkHost {
  private readonly source: Database.Database;
  private readonly sidecar: Database.Database;
  private readonly schema: ColumnMap;
  readonly staleness: StalenessTracker;
  meta: Meta;
  readonly seriesIds = new Map<string, number>();
  /** Series whose source file is still unknown: only their rows can fill it in (one UPDATE each, not one per row). */
  readonly seriesWithoutFile = new Set<number>();
  private bulk: BulkIngest | null = null;
  private seriesRows = new Map<number, number>();
  private traceIds = new Map<string, number>();
  private calls = new Map<string, CallState>();
  private nameIds = new Map<string, number>();
  // A batch's rows are written at its end, after its calls (a row holds no duration since
  // sidecar version 11: a call's duration, on its last row, is written to the call alone).
  private pendingRows: (number | null)[][] = [];
  private stmts;
  private readonly callRollup: CallRollup;
  /** The minutes of flame_rollup that hold the batch's calls or their ancestors. */
  private readonly flameRollup: FlameRollup;
  /** Lists a new call in call_parents when it has a child or is one. */
  /** Links the batch's new calls to their parents and children (call-parents.ts), once a batch. */
  private readonly callParents: Database.Statement[];
  private readonly lastCall: Database.Statement;
  private readonly errorIndex: ErrorIndex;

  /** The first build reads the user's file on a thread of its own (bulk-reader.ts); false: on this connection. */
  private readonly readerThread: boolean;
  /** The file the source connection has open (LiveIndex knows it): the reader thread reads it or none. */
  private readonly sourceIdentity: () => FileId | null;
  private readonly cacheMax: number;

  constructor(
    source: Database.Database,
    sidecar: Database.Database,
    schema: ColumnMap,
    thresholdFor: ThresholdFor,
    opts: IngestOptions = {},
  ) {
    this.readerThread = opts.readerThread ?? true;
    this.cacheMax = opts.cacheMax ?? CALL_CACHE_MAX;
    this.sourceIdentity = opts.sourceIdentity ?? (() => null);
    this.source = source;
    this.sidecar = sidecar;
    this.schema = schema;
    const m = readMeta(sidecar);
    this.meta = {
      version: Number(m.version),
      sourcePath: String(m.sourcePath),
      columnsSignature: String(m.columnsSignature),
      lastId: Number(m.lastId ?? 0),
      lastFingerprint: (m.lastFingerprint as string) ?? null,
      firstFingerprint: (m.firstFingerprint as string) ?? null,
      heartbeatLastId: Number(m.heartbeatLastId ?? 0),
      lastTs: m.lastTs == null ? null : Number(m.lastTs),
      badTimestamps: Number(m.badTimestamps ?? 0),
    };
    this.staleness = new StalenessTracker(thresholdFor);
    this.staleness.load(sidecar);
    this.reloadSeries();
    this.callRollup = new CallRollup(sidecar);
    this.flameRollup = new FlameRollup(sidecar);
    this.callParents = callParentsStatements(sidecar);
    this.lastCall = sidecar.prepare('SELECT coalesce(max(id), 0) FROM calls').pluck();
    this.errorIndex = new ErrorIndex(source, sidecar, schema);
    const c = schema.columns;
    const col = (name: string) => (c[name] ? quoteIdent(c[name]) : 'NULL');
    // Values can be megabytes: SQLite hands each to this function one at a time and the batch
    // keeps only its comparison key and a short sample, so a batch's memory stays bounded.
    source.function('ti_value_key', { deterministic: true }, (type: unknown, value: unknown) =>
      valueKey(toText(value), toText(type)),
    );
    const read = READ.map((name) => {
      if (name === 'data_value')
        return `ti_value_key(${col('data_type')}, ${col('data_value')}), substr(${col('data_value')}, 1, ${SAMPLE_CHARS})`;
      if (name === 'exception') return `length(${col('exception')}) > 0`; // only whether there is one
      return col(name);
    });
    this.stmts = {
      batch: source
        .prepare(
          `SELECT rowid, ${read.join(', ')} FROM ${quoteIdent(schema.table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
        )
        .raw(true),
      heartbeats: schema.writerStatusTable
        ? source
            .prepare(
              `SELECT rowid, timestamp, queue_depth, status FROM ${quoteIdent(schema.writerStatusTable)} WHERE rowid > ? ORDER BY rowid LIMIT 5000`,
            )
            .raw(true)
        : null,
      insertRow: sidecar.prepare('INSERT OR REPLACE INTO rows(id, ts, s, err, call, d) VALUES (?, ?, ?, ?, ?, ?)'),
      nameGet: sidecar.prepare('SELECT id FROM names WHERE name = ?').pluck(),
      nameInsert: sidecar.prepare('INSERT INTO names(name) VALUES (?)'),
      insertSeries: sidecar.prepare('INSERT INTO series(process, grp, source_file, source_line) VALUES (?, ?, ?, ?)'),
      seriesSource: sidecar.prepare(
        'UPDATE series SET source_file = ?, source_line = ? WHERE id = ? AND source_file IS NULL',
      ),
      seriesRows: sidecar.prepare('UPDATE series SET rows = rows + ? WHERE id = ?'),
      traceGet: sidecar.prepare('SELECT id FROM traces WHERE key = ?').pluck(),
      traceInsert: sidecar.prepare('INSERT INTO traces(key, first_ts) VALUES (?, ?)'),
      callGet: sidecar.prepare('SELECT id, s, ts, dur, mem, err FROM calls WHERE trace IS ? AND span = ?'),
      callInsert: sidecar.prepare(
        'INSERT INTO calls(s, trace, span, parent, ts, dur, mem, err) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      callUpdate: sidecar.prepare('UPDATE calls SET ts = ?, dur = ?, mem = ?, err = ? WHERE id = ?'),
      rollup: sidecar.prepare(`INSERT INTO rollup(tier, bucket, s, rows, errors, traces) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(tier, bucket, s) DO UPDATE SET rows = rows + excluded.rows, errors = errors + excluded.errors, traces = traces + excluded.traces`),
      heartbeat: sidecar.prepare('INSERT OR REPLACE INTO heartbeats(id, ts, queue_depth, status) VALUES (?, ?, ?, ?)'),
    };
  }

  get lastId(): number {
    return this.meta.lastId;
  }

  get lastFingerprint(): string | null {
    return this.meta.lastFingerprint;
  }

  /** Indexes up to `limit` new rows; added = 0 means the sidecar has caught up. */
  step(limit: number): BatchResult {
    const batch = this.stmts.batch.all(this.meta.lastId, limit) as unknown[][];
    const heartbeats = this.readHeartbeats();
    const firstId = this.meta.lastId + 1;
    if (batch.length === 0 && heartbeats.length === 0)
      return { added: 0, lastId: this.meta.lastId, latestTs: this.meta.lastTs, stale: [], firstId };
    let stale: StaleVariable[] = [];
    this.sidecar.transaction(() => {
      const rollups = new Map<string, number[]>();
      const callsBefore = this.lastCall.get() as number;
      this.callRollup.begin(callsBefore);
      for (const r of batch) this.indexRow(r, rollups);
      for (const link of this.callParents) link.run(callsBefore);
      for (const row of this.pendingRows) this.stmts.insertRow.run(...row);
      this.pendingRows = [];
      for (const v of rollups.values()) this.stmts.rollup.run(...v);
      for (const [s, n] of this.seriesRows) this.stmts.seriesRows.run(n, s);
      this.seriesRows.clear();
      this.callRollup.flush();
      this.flameRollup.flush();
      stale = this.finishBatch(
        heartbeats,
        batch.length ? Number(batch[0][0]) : null,
        batch.length ? Number(batch[batch.length - 1][0]) : null,
      );
    })();
    return { added: batch.length, lastId: this.meta.lastId, latestTs: this.meta.lastTs, stale, firstId };
  }

  /**
   * Recomputes up to `max` flame_rollup minutes the tail left dirty (flame-rollup.ts), those
   * before the minute preceding the newest indexed one by default (the writer has moved past
   * them); returns how many it did.
   */
  settleFlame(max: number, before?: number): number {
    const last = this.meta.lastTs;
    const upTo = before ?? (last == null ? -Infinity : callBucket(last) - 1);
    return this.sidecar.transaction(() => this.flameRollup.settle(upTo, max))();
  }

  /**
   * The same as step, set-based (bulk-ingest.ts): for the first build, where a JS round trip per
   * row capped the build at ~47k rows/s on 10M rows. The tail goes on row by row (step).
   */
  stepBulk(limit: number, readRows?: number): BatchResult {
    this.bulk ??= new BulkIngest(
      this.sidecar,
      this.source,
      this.schema,
      this,
      this.readerThread && { expect: this.sourceIdentity() },
    );
    // The chunk's merge may change calls these caches hold; the row path reads them back when needed.
    this.calls.clear();
    this.traceIds.clear();
    const firstId = this.meta.lastId + 1;
    const before = { ...this.meta };
    const loaded = this.bulk.load(limit, readRows);
    const heartbeats = this.readHeartbeats();
    if (loaded.added === 0 && heartbeats.length === 0)
      return { added: 0, lastId: this.meta.lastId, latestTs: this.meta.lastTs, stale: [], firstId };
    let stale: StaleVariable[] = [];
    try {
      this.sidecar.transaction(() => {
        if (loaded.added) this.bulk!.apply();
        stale = this.finishBatch(heartbeats, loaded.added ? loaded.firstId : null, loaded.added ? loaded.lastId : null);
      })();
    } catch (err) {
      // Rolled back: the next try starts from the state before this chunk.
      this.meta = before;
      this.reloadSeries();
      this.staleness.load(this.sidecar);
      throw err;
    }
    return { added: loaded.added, lastId: this.meta.lastId, latestTs: this.meta.lastTs, stale, firstId };
  }

  /** Ends the bulk path and gives back the memory its temporary tables held. */
  endBulk(): void {
    if (!this.bulk) return;
    this.bulk.close();
    this.bulk = null;
    // temp_store = MEMORY: the chunk tables' pages stay allocated once emptied (their freelist),
    // for the connection's life. A first build let them go when it created its deferred indexes
    // (a temp_store change drops the temporary tables); a catch-up after a reopen has those
    // indexes, and kept its biggest chunk's pages (~260 bytes a row: a 50,000-row first chunk,
    // 13 MB; 200,000-row chunks, 51 MB) resident while tailing (issue 14). A later bulk pass
    // creates them again. Not on a connection already closed (a rebuild switched files).
    if (this.sidecar.open && !this.sidecar.inTransaction) releaseTempStorage(this.sidecar);
  }

  private reloadSeries(): void {
    this.seriesIds.clear();
    this.seriesWithoutFile.clear();
    for (const s of this.sidecar.prepare('SELECT id, process, grp, source_file FROM series').all() as {
      id: number;
      process: string;
      grp: string | null;
      source_file: string | null;
    }[]) {
      this.seriesIds.set(seriesKey(s.process, s.grp), s.id);
      if (s.source_file === null) this.seriesWithoutFile.add(s.id);
    }
  }

  private readHeartbeats(): unknown[][] {
    return this.stmts.heartbeats ? (this.stmts.heartbeats.all(this.meta.heartbeatLastId) as unknown[][]) : [];
  }

  /** Inside a batch's transaction: heartbeats, staleness and meta. */
  private finishBatch(heartbeats: unknown[][], firstRow: number | null, lastRow: number | null): StaleVariable[] {
    for (const h of heartbeats) {
      this.stmts.heartbeat.run(h[0], toEpochMs(h[1]), toNumber(h[2]), toText(h[3])?.trim().toUpperCase() ?? null);
      this.meta.heartbeatLastId = Number(h[0]);
    }
    const stale = this.staleness.flush(this.sidecar);
    if (firstRow !== null && lastRow !== null) this.errorIndex.add(firstRow, lastRow);
    if (lastRow !== null) {
      this.meta.lastId = lastRow;
      this.meta.lastFingerprint = rowFingerprint(this.source, this.schema, lastRow);
      if (this.meta.firstFingerprint === null)
        this.meta.firstFingerprint = rowFingerprint(this.source, this.schema, firstRow!);
    }
    writeMeta(this.sidecar, this.meta);
    return stale;
  }

  private indexRow(r: unknown[], rollups: Map<string, number[]>): void {
    const [
      rowid,
      process0,
      data0,
      type0,
      valueKey0,
      sample0,
      ts0,
      status0,
      exc0,
      trace0,
      span0,
      parent0,
      group0,
      dur0,
      mem0,
      file0,
      line0,
    ] = r;
    const id = Number(rowid);
    const process = toText(process0) ?? '(unknown)';
    const group = toText(group0);
    let ts = toEpochMs(ts0);
    if (ts === null) {
      // Unreadable timestamps sort where they were written, right after the previous row.
      this.meta.badTimestamps++;
      ts = this.meta.lastTs ?? 0;
    }
    this.meta.lastTs = this.meta.lastTs === null ? ts : Math.max(this.meta.lastTs, ts);
    const err = normalizeStatus(toText(status0), exc0 ? 'yes' : null) === 'ERROR' ? 1 : 0;
    const s = this.series(process, group, toText(file0), toNumber(line0));
    const traceKey = toText(trace0);
    let trace: number | null = null;
    let newTrace = 0;
    if (traceKey !== null && traceKey !== '') {
      const known =
        this.traceIds.get(traceKey) ?? (this.stmts.traceGet.get(storedTraceKey(traceKey)) as number | undefined);
      if (known === undefined) {
        trace = Number(this.stmts.traceInsert.run(storedTraceKey(traceKey), ts).lastInsertRowid);
        newTrace = 1;
      } else trace = known;
      this.remember(this.traceIds, traceKey, trace);
    }
    const call = this.call(s, trace, traceKey, toText(span0), toText(parent0), ts, toNumber(dur0), toNumber(mem0), err);
    this.pendingRows.push([id, ts, s, err, call.id, this.nameId(toText(data0))]);
    this.seriesRows.set(s, (this.seriesRows.get(s) ?? 0) + 1);
    for (let tier = 0; tier < TIERS_MS.length; tier++) {
      const bucket = Math.floor(ts / TIERS_MS[tier]);
      const key = `${tier}:${bucket}:${s}`;
      const acc = rollups.get(key);
      if (acc) {
        acc[3]++;
        acc[4] += err;
        acc[5] += newTrace;
      } else rollups.set(key, [tier, bucket, s, 1, err, newTrace]);
    }
    this.staleness.observe(process, toText(data0), valueKey0 as string, toText(sample0), toText(type0), id, ts);
  }

  private series(process: string, group: string | null, file: string | null, line: number | null): number {
    const key = seriesKey(process, group);
    let id = this.seriesIds.get(key);
    if (id === undefined) {
      id = Number(this.stmts.insertSeries.run(process, group, file, line).lastInsertRowid);
      this.seriesIds.set(key, id);
      if (file === null) this.seriesWithoutFile.add(id);
    } else if (file !== null && this.seriesWithoutFile.has(id)) {
      this.stmts.seriesSource.run(file, line, id);
      this.seriesWithoutFile.delete(id);
    }
    return id;
  }

  /** Rows sharing (trace_id, span_id) are one call: earliest timestamp, largest duration, any error. */
  private call(
    s: number,
    trace: number | null,
    traceKey: string | null,
    span: string | null,
    parent: string | null,
    ts: number,
    dur: number | null,
    mem: number | null,
    err: number,
  ): CallState {
    if (span === null || span === '') {
      const id = Number(this.stmts.callInsert.run(s, trace, null, spanKey(parent), ts, dur, mem, err).lastInsertRowid);
      this.callRollup.touch(s, ts, id);
      this.flameRollup.touch(id, s, ts);
      return { id, s, ts, dur, mem, err };
    }
    const key = `${traceKey ?? ''}\u0001${span}`;
    let c = this.calls.get(key);
    if (!c) {
      const row = this.stmts.callGet.get(trace, spanKey(span)) as CallState | undefined;
      if (!row) {
        const id = Number(
          this.stmts.callInsert.run(s, trace, spanKey(span), spanKey(parent), ts, dur, mem, err).lastInsertRowid,
        );
        const fresh = { id, s, ts, dur, mem, err };
        this.callRollup.touch(s, ts, id);
        this.flameRollup.touch(id, s, ts);
        this.remember(this.calls, key, fresh);
        return fresh;
      }
      c = row;
    }
    const next: CallState = {
      id: c.id,
      s: c.s,
      ts: Math.min(c.ts, ts),
      dur: dur === null ? c.dur : c.dur === null ? dur : Math.max(c.dur, dur),
      mem: mem ?? c.mem,
      err: c.err | err,
    };
    if (next.ts !== c.ts || next.dur !== c.dur || next.mem !== c.mem || next.err !== c.err) {
      this.stmts.callUpdate.run(next.ts, next.dur, next.mem, next.err, c.id);
      this.callRollup.touch(c.s, c.ts, c.id);
      this.callRollup.touch(c.s, next.ts, c.id);
      this.flameRollup.touch(c.id, c.s, c.ts);
      this.flameRollup.touch(c.id, c.s, next.ts);
    }
    this.remember(this.calls, key, next);
    return next;
  }

  private nameId(name: string | null): number | null {
    if (name === null) return null;
    // Bounded like the call cache: a file with millions of distinct names must not fill memory.
    let id = this.nameIds.get(name) ?? (this.stmts.nameGet.get(name) as number | undefined);
    if (id === undefined) id = Number(this.stmts.nameInsert.run(name).lastInsertRowid);
    if (this.nameIds.size < this.cacheMax) this.nameIds.set(name, id);
    return id;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > this.cacheMax) {
      // Maps iterate in insertion order: drop the least recently touched half.
      let drop = map.size / 2;
      for (const k of map.keys()) {
        if (drop-- <= 0) break;
        map.delete(k);
      }
    }
  }
}
