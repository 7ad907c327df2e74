import type Database from 'better-sqlite3';
import type { ColumnMap } from '../api/types.ts';
import { quoteIdent } from '../source/contract.ts';
import { toNumber, toText } from '../source/text.ts';
import {
  InlineReader,
  registerSourceFunctions,
  ThreadReader,
  type ChunkReader,
  type FileId,
  type ReadSql,
} from './bulk-reader.ts';
import { callParentsStatements } from './call-parents.ts';
import { bulkCallRollupStatements, callBucketSql } from './call-rollup.ts';
import { bulkFlameRollup } from './flame-rollup.ts';
import { TIERS_MS, type Meta } from './sidecar-schema.ts';
import { SAMPLE_CHARS, type StalenessTracker } from './staleness.ts';
import { mergeRuns, type WindowRun } from './window-runs.ts';

/** What the bulk path shares with the row-by-row path of Ingest (ingest.ts): same meta, same series. */
export interface BulkHost {
  meta: Meta;
  seriesIds: Map<string, number>;
  seriesWithoutFile: Set<number>;
  staleness: StalenessTracker;
}

export const seriesKey = (process: string, group: string | null): string => `${process}\u0001${group ?? '\u0000'}`;

/** Values up to this many UTF-8 bytes are compared as they are; longer ones by valueKey's hash (staleness.ts). */
const INLINE_VALUE_BYTES = 512;

const CHUNK_DDL = `
CREATE TEMP TABLE IF NOT EXISTS bulk_chunk(
  id INTEGER PRIMARY KEY, ts INTEGER, err INTEGER NOT NULL, s INTEGER NOT NULL,
  tkey TEXT, span TEXT, parent TEXT, dur REAL, mem REAL,
  trace INTEGER, newtrace INTEGER NOT NULL DEFAULT 0, call INTEGER, newcall INTEGER NOT NULL DEFAULT 0, d INTEGER);
-- The chunk's calls with a span, merged; id is the call's (found, or numbered when new).
CREATE TEMP TABLE IF NOT EXISTS bulk_calls(trace INTEGER, span TEXT NOT NULL, first INTEGER NOT NULL, ts INTEGER, dur REAL, err INTEGER,
  memid INTEGER, id INTEGER, isnew INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS temp.bulk_calls_key ON bulk_calls(trace, span);
CREATE INDEX IF NOT EXISTS temp.bulk_calls_first ON bulk_calls(first);
-- New calls in row order: rid is the row that starts it (a row without a span, or a new span's first).
CREATE TEMP TABLE IF NOT EXISTS bulk_newcalls(rid INTEGER PRIMARY KEY, cid INTEGER NOT NULL);
-- The (series, minute) pairs of calls the chunk added or changed: their call_rollup rows are recomputed.
CREATE TEMP TABLE IF NOT EXISTS bulk_touched(s INTEGER NOT NULL, bucket INTEGER NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS bulk_buckets(t0 INTEGER, s INTEGER, n INTEGER, errors INTEGER, traces INTEGER);
-- The series known before the chunk whose source file is known too: a row of one of those takes
-- its id by a lookup here; any other row goes through ti_series (new series, a file to fill in).
CREATE TEMP TABLE IF NOT EXISTS bulk_series(proc TEXT NOT NULL, grp TEXT, id INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS temp.bulk_series_key ON bulk_series(proc, grp);`;

/**
 * Rows per read of the user's file: one JSONB array of a few hundred bytes a row. The reader thread
 * keeps up to AHEAD of them ready (bulk-reader.ts): 20,000-row reads three ahead cost 45 MB of peak
 * RSS at 200k rows, 5,000-row reads four ahead 9 MB, and the indexer still waits for none.
 */
const READ_ROWS = 5_000;

/**
 * The first build of an index, set-based: a chunk of source rows is read in windows, each by one
 * SELECT on a read-only connection (the reader thread's, bulk-reader.ts, else the indexer's) as
 * one JSONB array (one statement, so its read transaction on the user's file ends with it), copied
 * into a temporary table of the sidecar by one INSERT … SELECT over jsonb_each, then every
 * sidecar table is filled from that chunk by a handful of statements
 * inside SQLite instead of a dozen JS round trips per row. It gives the same tables, row for
 * row, as the row-by-row path that tails the file afterwards (test/db/index/bulk-ingest.test.ts):
 * the few conversions that need JavaScript (timestamps, odd status words, non-text values, long
 * values' hashes, new series) are SQL functions called only for the rows that need them.
 *
 * The user's file is never ATTACHed to the sidecar's read-write connection: SQLite would open it
 * read-write (this build has no URI filenames, so no `mode=ro`), that connection could checkpoint
 * the user's WAL, and the file's own schema would run without trusted_schema = OFF. Going through
 * JSON costs ~1 µs a row; the source connection stays read-only and query_only
 * (test/db/index/bulk-ingest.test.ts checks every descriptor open on the file is read-only).
 */
export class BulkIngest {
  private readonly side: Database.Database;
  private readonly host: BulkHost;
  private readonly reader: ChunkReader;
  private readonly load_: Database.Statement;
  private readonly stmts: Record<string, Database.Statement>;
  private readonly maxRowid: Database.Statement;
  private readonly callRollup: Database.Statement[];
  private readonly callParents: Database.Statement[];
  private readonly flameRollup: (callsBefore: number) => void;
  /** Series met while loading a chunk, inserted with the chunk (functions cannot write). */
  private newSeries: [number, string, string | null, string | null, number | null][] = [];
  private seriesFiles = new Map<number, [string, number | null]>();
  private nextSeries = 0;
  /** The ids temp.bulk_series holds. */
  private mirrored = new Set<number>();
  /** Variable names met while loading a chunk that main.names lacks, numbered in the order rows name them (inserted with the chunk). */
  private newNames = new Map<string, number>();
  private nextName = 0;
  /** The chunk's staleness runs, merged window by window (window-runs.ts). */
  private runs = new Map<string, WindowRun>();

  constructor(
    side: Database.Database,
    source: Database.Database,
    schema: ColumnMap,
    host: BulkHost,
    /** Reads on a thread (false: on `source`), of the file `expect` says `source` has open when known. */
    readerThread: false | { expect: FileId | null } = { expect: null },
  ) {
    this.side = side;
    this.host = host;
    side.exec(CHUNK_DDL);
    this.registerFunctions();
    const c = schema.columns;
    const col = (name: string) => (c[name] ? quoteIdent(c[name]) : 'NULL');
    // toText / toNumber of ingest.ts, in SQL for the usual storage class, in JS for the rest.
    const txt = (e: string) => `CASE WHEN typeof(${e}) IN ('text', 'null') THEN ${e} ELSE ti_text(${e}) END`;
    const num = (e: string) =>
      `CASE WHEN typeof(${e}) IN ('integer', 'real') THEN ${e} WHEN typeof(${e}) = 'null' THEN NULL ELSE ti_num(${e}) END`;
    const status = col('status');
    const value = col('data_value');
    const type = col('data_type');
    const vk = `CASE WHEN typeof(${value}) = 'text' AND length(CAST(${value} AS BLOB)) <= ${INLINE_VALUE_BYTES}
      THEN coalesce(${txt(type)}, '') || char(1) || ${value} ELSE ti_value_key(${type}, ${value}) END`;
    // What tracers mostly write, 'YYYY-MM-DDTHH:MM:SS.ffffff' (naive: UTC), is read by SQLite
    // itself (0.4 s per 1M rows, against 2 s through a JS function); anything else, or a day past
    // the 28th (which SQLite would roll into the next month where toEpochMs refuses it), goes
    // through toEpochMs. Both floor to the millisecond.
    const t = col('timestamp');
    const iso = `CASE WHEN typeof(${t}) = 'text' AND length(${t}) BETWEEN 23 AND 29
        AND ${t} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9][T ][0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]*'
        AND substr(${t}, 24) NOT GLOB '*[^0-9]*' AND substr(${t}, 6, 2) BETWEEN '01' AND '12' AND substr(${t}, 9, 2) BETWEEN '01' AND '28'
        AND substr(${t}, 12, 2) < '24' AND substr(${t}, 20, 1) IN ('.', ',')
      THEN unixepoch(substr(${t}, 1, 10) || ' ' || substr(${t}, 12, 8)) * 1000 + CAST(substr(${t}, 21, 3) AS INTEGER) ELSE ti_epoch(${t}) END`;
    // Everything a row contributes, converted to JSON-safe values on the source's side (BLOBs
    // become text or numbers as ingest.ts reads them); the stateful parts (bad timestamps take
    // the previous row's time, series numbered in first-seen order) run on the sidecar's side,
    // in rowid order (fillTimestamps, ti_series).
    const table = quoteIdent(schema.table);
    const fields = [
      'rowid',
      iso,
      `CASE WHEN ${status} = 'OK' THEN 0 WHEN ${status} = 'ERROR' THEN 1 ELSE ti_err(${status}, length(${col('exception')}) > 0) END`,
      txt(col('process')),
      txt(col('process_group')),
      txt(col('source_file')),
      num(col('source_line')),
      ...hexKeyParts(txt(col('trace_id')), 32),
      ...hexKeyParts(txt(col('span_id')), 16),
      ...hexKeyParts(txt(col('parent_span_id')), 16),
      num(col('duration_ms')),
      num(col('memory_delta')),
      txt(col('data')),
    ];
    // The values staleness compares, as JSON text the reader walks for the window's runs (window-runs.ts).
    const values = [
      'rowid',
      `coalesce(${txt(col('process'))}, '(unknown)')`,
      txt(col('data')),
      txt(type),
      vk,
      txt(`substr(${value}, 1, ${SAMPLE_CHARS})`),
    ];
    // JSONB (SQLite's binary JSON): its elements are read without parsing text; ~2.5 µs a row in
    // all, where the same chunk ATTACHed and copied took ~1.7 µs.
    const sql = {
      read: `SELECT jsonb_group_array(jsonb_array(${fields.join(', ')})),
          json_group_array(json_array(${values.join(', ')})) FILTER (WHERE ${col('data')} IS NOT NULL), count(*)
        FROM ${table} WHERE rowid > ? AND rowid <= ?`,
      nextRowid: `SELECT min(rowid) FROM ${table} WHERE rowid > ?`,
    };
    // A range of rowids, not "LIMIT n" over a subquery: that copied every column of every row
    // through a co-routine and took 2.3× as long.
    this.maxRowid = source.prepare(`SELECT max(rowid) FROM ${table}`).pluck();
    this.reader = readerThread ? startReader(source, sql, readerThread.expect) : inlineReader(source, sql);
    const f = (i: number) => `j.value ->> ${i}`;
    // Trace, span and parent ids become their stored keys here (span-key.ts), so every later statement
    // compares keys: a 32-hex-digit trace id or 16-hex-digit span id comes in its own element,
    // unhexed, any other in the next.
    // A row's variable name is interned here: a lookup in names, and ti_name for a name it lacks.
    this.load_ = side.prepare(`INSERT INTO temp.bulk_chunk(id, ts, err, s, tkey, span, parent, dur, mem, d)
      SELECT ${f(0)}, ${f(1)}, ${f(2)},
        coalesce((SELECT m.id FROM temp.bulk_series m WHERE m.proc = coalesce(${f(3)}, '(unknown)') AND m.grp IS ${f(4)}),
          ti_series(${f(3)}, ${f(4)}, ${f(5)}, ${f(6)})), coalesce(unhex(${f(7)}), ${f(8)}),
        coalesce(unhex(${f(9)}), ${f(10)}), coalesce(unhex(${f(11)}), ${f(12)}), ${f(13)}, ${f(14)},
        coalesce((SELECT n.id FROM main.names n WHERE n.name = ${f(15)}), CASE WHEN ${f(15)} IS NOT NULL THEN ti_name(${f(15)}) END)
      FROM jsonb_each(?) j`);
    this.stmts = chunkStatements(side);
    this.stmts.clearSeries.run(); // left by an earlier build on this connection
    this.callRollup = bulkCallRollupStatements(side);
    this.callParents = callParentsStatements(side);
    this.flameRollup = bulkFlameRollup(side);
  }

  private registerFunctions(): void {
    const host = this.host;
    // Stateful, so not deterministic: called in rowid order (jsonb_each walks the array in order), for
    // the rows whose series temp.bulk_series does not hold.
    this.side.function('ti_series', (process0: unknown, group0: unknown, file0: unknown, line0: unknown) => {
      const process = toText(process0) ?? '(unknown)';
      const group = toText(group0);
      const key = seriesKey(process, group);
      let id = host.seriesIds.get(key);
      if (id === undefined) {
        id = ++this.nextSeries;
        const file = toText(file0);
        host.seriesIds.set(key, id);
        this.newSeries.push([id, process, group, file, toNumber(line0)]);
        if (file === null) host.seriesWithoutFile.add(id);
      } else if (host.seriesWithoutFile.has(id)) {
        const file = toText(file0);
        if (file !== null) {
          this.seriesFiles.set(id, [file, toNumber(line0)]);
          host.seriesWithoutFile.delete(id);
        }
      }
      return id;
    });
    // Stateful likewise: a name main.names lacks takes the next id, in the order rows name it, as Ingest.nameId numbers them.
    this.side.function('ti_name', (name: unknown) => {
      const key = String(name);
      let id = this.newNames.get(key);
      if (id === undefined) this.newNames.set(key, (id = ++this.nextName));
      return id;
    });
  }

  /**
   * Reads up to `limit` rows after meta.lastId into the chunk table: one statement, outside any
   * transaction, so its read of the user's file ends as it returns.
   */
  load(limit: number, readRows = READ_ROWS): { firstId: number; lastId: number; added: number } {
    const host = this.host;
    const before = { lastTs: host.meta.lastTs, badTimestamps: host.meta.badTimestamps };
    for (const table of ['clear', 'clearCalls', 'clearNewCalls']) this.stmts[table].run();
    this.nextSeries = this.stmts.maxSeries.get() as number;
    this.nextName = this.stmts.maxName.get() as number;
    this.newNames.clear();
    this.runs.clear();
    this.mirrorSeries();
    this.newSeries = [];
    this.seriesFiles.clear();
    try {
      // In reads of readRows: each one statement (its read of the user's file ends with it) and
      // one JSON text of a few MB, whatever the chunk's size.
      let after = host.meta.lastId;
      const end = (this.maxRowid.get() as number | null) ?? 0;
      // Whole windows: a chunk may end up to a window past `limit` (a window's rows are read ahead).
      const window = Math.min(limit, readRows);
      for (let left = limit; left > 0 && after < end;) {
        const r = this.reader.next(after, end, window);
        if (!r) break;
        this.load_.run(r.rows);
        this.fillTimestamps(after, r.upto);
        mergeRuns(this.runs, r.runs);
        after = r.upto;
        left -= r.n;
      }
    } catch (err) {
      // Nothing of the chunk is kept: the next try reads it again from the same state.
      Object.assign(host.meta, before);
      for (const [id, process, group, file] of this.newSeries) {
        host.seriesIds.delete(seriesKey(process, group));
        if (file === null) host.seriesWithoutFile.delete(id);
      }
      for (const id of this.seriesFiles.keys()) host.seriesWithoutFile.add(id);
      this.stmts.clear.run();
      this.newNames.clear();
      this.runs.clear();
      throw err;
    }
    const { first, last, n } = this.stmts.lastRow.get() as { first: number | null; last: number | null; n: number };
    return n === 0
      ? { firstId: host.meta.lastId + 1, lastId: host.meta.lastId, added: 0 }
      : { firstId: first!, lastId: last!, added: n };
  }

  /**
   * Unreadable timestamps (NULL as loaded) sort where they were written, right after the previous
   * row: each takes the latest time of the rows before it (meta.lastTs across chunks), 0 before
   * any, as Ingest.indexRow does. One pass over the window finds none in the usual case; a JS
   * function called for every row (ti_ts) cost ~0.6 µs a row.
   */
  private fillTimestamps(after: number, upto: number): void {
    const m = this.host.meta;
    const w = this.stmts.windowTs.get({ after, upto }) as { mx: number | null; bad: number; firstBad: number | null };
    // A first unreadable time with none before it is 0, and counts as the latest time from then on.
    const prev = m.lastTs ?? (w.firstBad ? 0 : null);
    if (w.bad > 0) {
      this.stmts.fillTs.run({ after, upto, prev });
      m.badTimestamps += w.bad;
    }
    m.lastTs = prev === null ? w.mx : w.mx === null ? prev : Math.max(prev, w.mx);
  }

  /**
   * Brings temp.bulk_series up to the host's series with a file: a lookup there costs a row ~0.3
   * µs, where the call of ti_series (four texts made JS strings) cost ~1.9 µs. Rebuilt whole when
   * a series it holds has gone or lost its file (a rolled-back chunk, reloadSeries).
   */
  private mirrorSeries(): void {
    const { seriesIds, seriesWithoutFile } = this.host;
    const known = new Set(seriesIds.values());
    const s = this.stmts;
    if ([...this.mirrored].some((id) => !known.has(id) || seriesWithoutFile.has(id))) {
      s.clearSeries.run();
      this.mirrored.clear();
    }
    for (const [key, id] of seriesIds) {
      if (this.mirrored.has(id) || seriesWithoutFile.has(id)) continue;
      const cut = key.indexOf('\u0001');
      const group = key.slice(cut + 1);
      s.mirrorSeries.run(key.slice(0, cut), group === '\u0000' ? null : group, id);
      this.mirrored.add(id);
    }
  }

  /** Stops the reader thread (the build has ended, or its connection is closing). */
  close(): void {
    this.reader.close();
  }

  /** Fills the sidecar's tables from the loaded chunk; inside the caller's write transaction. */
  apply(): void {
    const s = this.stmts;
    for (const row of this.newSeries) s.insertSeries.run(...row);
    for (const [id, [file, line]] of this.seriesFiles) s.seriesFile.run(file, line, id);
    s.newTraces.run();
    s.insertTraces.run();
    s.traceIds.run();
    s.groupCalls.run();
    s.oldCalls.run();
    const callsBefore = s.maxCall.get();
    s.numberCalls.run(callsBefore);
    s.newCallIds.run();
    s.touchMerged.run(); // the minutes merged calls leave
    s.insertCalls.run();
    s.mergeCalls.run();
    s.touchMerged.run(); // and those they are in now
    s.touchNew.run(callsBefore);
    for (const stmt of this.callParents) stmt.run(callsBefore);
    this.flameRollup(callsBefore as number); // reads temp.bulk_touched, which the call rollup then clears
    for (const stmt of this.callRollup) stmt.run();
    for (const [name, id] of this.newNames) s.insertName.run(id, name);
    s.insertRows.run();
    s.buckets.run();
    s.rollup.run();
    s.seriesRows.run();
    s.clearBuckets.run();
    // A run's times as the chunk has them (unreadable ones filled in by fillTimestamps).
    const tsOf = (id: number) => s.tsOf.get(id) as number;
    for (const r of [...this.runs.values()].sort((a, b) => a.lid - b.lid)) {
      this.host.staleness.observeRun({
        process: r.proc,
        data: r.data,
        valueKey: r.vk,
        sample: r.sample,
        valueType: r.vtype,
        rows: r.n,
        startId: r.start,
        headTs: r.headIds.map(tsOf),
        lastId: r.lid,
        lastTs: tsOf(r.lid),
        unbroken: r.unbroken,
      });
    }
    s.clear.run();
    this.runs.clear();
    this.newNames.clear();
    s.clearCalls.run();
    s.clearNewCalls.run();
  }
}

/**
 * A trace or span id (text or NULL) as two elements of a row's array: the id when it is `digits`
 * lowercase hex digits, stored unhexed as traceKey and spanKey do (span-key.ts), else NULL; and
 * the id when it is anything else. Tested on the source's side, in the reader thread: spanKeySql
 * on the sidecar's side extracted each id from the row's JSONB five times (2.5 of the 5.2 µs a row
 * the chunk's load took), and traceKeySql there cost 1.0 of the load's 3.5 µs a row where the
 * split costs 0.2 (rows 1–1.2M of the 10M demo, the load alone, indexer-thread CPU).
 */
function hexKeyParts(x: string, digits: 16 | 32): [string, string] {
  // unhex is NULL for any character but a hex digit, and x = lower(x) rules out A–F: 0.1 µs where
  // NOT GLOB '*[^0-9a-f]*' took 0.6 (the 10M demo's trace ids, reader thread); each part tests it.
  const hex = `typeof(${x}) = 'text' AND length(unhex(${x})) = ${digits / 2} AND ${x} = lower(${x})`;
  return [`CASE WHEN ${hex} THEN ${x} END`, `CASE WHEN ${hex} THEN NULL ELSE ${x} END`];
}

/** Reads on the source's own connection, with the conversions registered there. */
function inlineReader(source: Database.Database, sql: { read: string; nextRowid: string }): ChunkReader {
  registerSourceFunctions(source);
  return new InlineReader(source, sql);
}

/** The reader thread; reads on the indexer's connection when it cannot start (the file cannot be opened again, a missing bundle). */
function startReader(source: Database.Database, sql: ReadSql, expect: FileId | null): ChunkReader {
  try {
    return new ThreadReader(source.name, sql, expect);
  } catch {
    return inlineReader(source, sql);
  }
}

/** The statements that fill the sidecar's tables from a loaded chunk (see BulkIngest.apply). */
function chunkStatements(side: Database.Database): Record<string, Database.Statement> {
  const tiers = TIERS_MS.map((w, i) => `SELECT ${i} AS tier, ${w} AS w`).join(' UNION ALL ');
  const prep = (sql: string) => side.prepare(sql);
  return {
    clear: prep('DELETE FROM temp.bulk_chunk'),
    maxName: prep('SELECT coalesce(max(id), 0) FROM main.names').pluck(),
    tsOf: prep('SELECT ts FROM temp.bulk_chunk WHERE id = ?').pluck(),
    maxSeries: prep('SELECT coalesce(max(id), 0) FROM main.series').pluck(),
    maxCall: prep('SELECT coalesce(max(id), 0) FROM main.calls').pluck(),
    windowTs: prep(`SELECT max(ts) AS mx, count(*) - count(ts) AS bad,
      (SELECT ts IS NULL FROM temp.bulk_chunk WHERE id > @after ORDER BY id LIMIT 1) AS firstBad
      FROM temp.bulk_chunk WHERE id > @after AND id <= @upto`),
    fillTs:
      prep(`UPDATE temp.bulk_chunk SET ts = CASE WHEN w.run IS NULL THEN @prev ELSE max(w.run, coalesce(@prev, w.run)) END
      FROM (SELECT id, max(ts) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS run
        FROM temp.bulk_chunk WHERE id > @after AND id <= @upto) w
      WHERE w.id = bulk_chunk.id AND bulk_chunk.ts IS NULL`),
    clearSeries: prep('DELETE FROM temp.bulk_series'),
    mirrorSeries: prep('INSERT INTO temp.bulk_series(proc, grp, id) VALUES (?, ?, ?)'),
    insertSeries: prep('INSERT INTO main.series(id, process, grp, source_file, source_line) VALUES (?, ?, ?, ?, ?)'),
    seriesFile: prep('UPDATE main.series SET source_file = ?, source_line = ? WHERE id = ? AND source_file IS NULL'),
    // A trace is new at its first row that no earlier chunk saw; ids follow the rows' order.
    newTraces:
      prep(`UPDATE temp.bulk_chunk SET newtrace = 1 WHERE id IN (SELECT min(id) FROM temp.bulk_chunk WHERE tkey <> '' GROUP BY tkey)
      AND NOT EXISTS (SELECT 1 FROM main.traces t WHERE t.key = bulk_chunk.tkey)`),
    insertTraces: prep(
      'INSERT INTO main.traces(key, first_ts) SELECT tkey, ts FROM temp.bulk_chunk WHERE newtrace = 1 ORDER BY id',
    ),
    traceIds: prep(
      `UPDATE temp.bulk_chunk SET trace = (SELECT t.id FROM main.traces t WHERE t.key = bulk_chunk.tkey) WHERE tkey <> ''`,
    ),
    // Rows of one call merge as Ingest.call does: earliest start, longest duration, the last
    // memory figure given, any error; a call starts at every row without a span, and at the
    // first row of a (trace, span) not seen before. New calls are inserted merged (updating
    // them row by row rewrote each call's index entries ~3 times); earlier calls are updated.
    groupCalls: prep(`INSERT INTO temp.bulk_calls(trace, span, first, ts, dur, err, memid)
      SELECT trace, span, min(id), min(ts), max(dur), max(err), max(CASE WHEN mem IS NOT NULL THEN id END)
      FROM temp.bulk_chunk WHERE span <> '' GROUP BY trace, span`),
    oldCalls: prep(
      `UPDATE temp.bulk_calls SET id = (SELECT c.id FROM main.calls c WHERE c.trace IS bulk_calls.trace AND c.span = bulk_calls.span)`,
    ),
    numberCalls: prep(`INSERT INTO temp.bulk_newcalls(rid, cid) SELECT rid, ? + row_number() OVER (ORDER BY rid) FROM (
      SELECT id AS rid FROM temp.bulk_chunk WHERE span IS NULL OR span = '' UNION ALL SELECT first FROM temp.bulk_calls WHERE id IS NULL)`),
    newCallIds: prep(
      `UPDATE temp.bulk_calls SET id = n.cid, isnew = 1 FROM temp.bulk_newcalls n WHERE bulk_calls.id IS NULL AND n.rid = bulk_calls.first`,
    ),
    insertCalls: prep(`INSERT INTO main.calls(id, s, trace, span, parent, ts, dur, mem, err)
      SELECT n.cid, c.s, c.trace, nullif(c.span, ''), c.parent,
        coalesce(b.ts, c.ts), CASE WHEN b.first IS NULL THEN c.dur ELSE b.dur END,
        CASE WHEN b.first IS NULL THEN c.mem ELSE (SELECT m.mem FROM temp.bulk_chunk m WHERE m.id = b.memid) END, coalesce(b.err, c.err)
      FROM temp.bulk_newcalls n JOIN temp.bulk_chunk c ON c.id = n.rid LEFT JOIN temp.bulk_calls b ON b.first = n.rid AND b.isnew = 1
      ORDER BY n.cid`),
    mergeCalls: prep(`UPDATE main.calls SET ts = min(calls.ts, b.ts),
        dur = CASE WHEN b.dur IS NULL THEN calls.dur WHEN calls.dur IS NULL THEN b.dur ELSE max(calls.dur, b.dur) END,
        mem = coalesce((SELECT m.mem FROM temp.bulk_chunk m WHERE m.id = b.memid), calls.mem),
        err = calls.err | b.err
      FROM temp.bulk_calls b WHERE b.isnew = 0 AND calls.id = b.id`),
    clearCalls: prep('DELETE FROM temp.bulk_calls'),
    touchMerged: prep(
      `INSERT INTO temp.bulk_touched SELECT c.s, ${callBucketSql('c.ts')} FROM temp.bulk_calls b JOIN main.calls c ON c.id = b.id WHERE b.isnew = 0`,
    ),
    touchNew: prep(`INSERT INTO temp.bulk_touched SELECT s, ${callBucketSql('ts')} FROM main.calls WHERE id > ?`),
    clearNewCalls: prep('DELETE FROM temp.bulk_newcalls'),
    // Variable names interned in the order the rows first name them (ti_name), as Ingest.nameId does.
    insertName: prep('INSERT INTO main.names(id, name) VALUES (?, ?)'),
    // Each row carries its variable's name id (the Explorer's filters).
    insertRows: prep(`INSERT OR REPLACE INTO main.rows(id, ts, s, err, call, d)
      SELECT x.id, x.ts, x.s, x.err, x.call, x.d
      FROM (SELECT c.id, c.ts, c.s, c.err, c.d, CASE WHEN c.span IS NULL OR c.span = '' THEN (SELECT n.cid FROM temp.bulk_newcalls n WHERE n.rid = c.id)
        ELSE (SELECT b.id FROM temp.bulk_calls b WHERE b.trace IS c.trace AND b.span = c.span) END AS call
      FROM temp.bulk_chunk c) x ORDER BY x.id`),
    // The chunk's finest buckets once (rows are mostly in time order: a short sort), then every
    // tier from those: a coarser bucket is a whole number of finer ones.
    buckets:
      prep(`INSERT INTO temp.bulk_buckets SELECT (ts - (((ts % ${TIERS_MS[0]}) + ${TIERS_MS[0]}) % ${TIERS_MS[0]})) AS t0, s, count(*), sum(err), sum(newtrace)
      FROM temp.bulk_chunk GROUP BY t0, s`),
    rollup: prep(`INSERT INTO main.rollup(tier, bucket, s, rows, errors, traces)
      SELECT t.tier, (b.t0 - (((b.t0 % t.w) + t.w) % t.w)) / t.w, b.s, sum(b.n), sum(b.errors), sum(b.traces)
      FROM temp.bulk_buckets b, (${tiers}) t WHERE true GROUP BY 1, 2, 3
      ON CONFLICT(tier, bucket, s) DO UPDATE SET rows = rows + excluded.rows, errors = errors + excluded.errors, traces = traces + excluded.traces`),
    seriesRows: prep(
      'UPDATE main.series SET rows = rows + c.n FROM (SELECT s, sum(n) AS n FROM temp.bulk_buckets GROUP BY s) c WHERE series.id = c.s',
    ),
    clearBuckets: prep('DELETE FROM temp.bulk_buckets'),
    lastRow: prep('SELECT min(id) AS first, max(id) AS last, count(*) AS n FROM temp.bulk_chunk'),
  };
}
