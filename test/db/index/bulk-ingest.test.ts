// The first build is set-based (db/index/bulk-ingest.ts); the tail goes row by row (Ingest.step).
// Both must give the same sidecar, table for table, whatever the chunk boundaries cut through.
import Database from 'better-sqlite3';
import { existsSync, readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeException } from '../../../common/error-fingerprint.ts';
import { CALL_CACHE_MAX, Ingest } from '../../../db/index/ingest.ts';
import { latencyBin } from '../../../db/index/latency-bins.ts';
import { openSidecar } from '../../../db/index/sidecar.ts';
import { traceText } from '../../../db/index/span-key.ts';
import { thresholdLookup } from '../../../db/index/stale-thresholds.ts';
import { openSource } from '../../../db/source/open-source.ts';
import { Rng } from '../../../main/demo/rng.ts';
import { sidecarTables } from '../../fixtures/sidecar-tables.ts';
import { appendRows, createTraceDb, sampleRows, tempDir, type FixtureRow } from '../../fixtures/trace-db.ts';

/**
 * Rows meant to hit every rule of Ingest.indexRow: spans over several rows (and chunks), calls
 * without a span, rows without a trace, odd status words and exceptions, unreadable and numeric
 * timestamps, numbers and BLOBs where text is expected, long values compared by hash, NULLs,
 * series whose source file only comes later, and runs of repeated values.
 */
/** Span ids spelt every way span-key.ts tells apart: 16 lowercase hex digits (stored as a blob), uppercase, 15 digits, plain text. */
function spanName(k: number): string {
  const hex = (0xabcdef00 + k).toString(16).padStart(16, '0');
  return [hex, hex.toUpperCase(), hex.slice(1), `s${k}`][k % 4];
}

/** Trace ids likewise: 32 lowercase hex digits (a blob), uppercase, 31 digits, plain text. */
function traceName(k: number): string {
  const hex = (0x4bf92f35 + k).toString(16).padStart(32, '0');
  return [hex, hex.toUpperCase(), hex.slice(1), `t${k}`][k % 4];
}

function awkwardRows(n: number, seed: number): FixtureRow[] {
  const rng = new Rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.float() * xs.length)];
  const base = Date.UTC(2026, 10, 20, 10, 0, 0);
  const out: FixtureRow[] = [];
  for (let i = 0; i < n; i++) {
    const trace = rng.float() < 0.1 ? pick([null, '']) : traceName(Math.floor(i / 9));
    const span = rng.float() < 0.15 ? pick([null, '']) : spanName(Math.floor(i / 3) % 50);
    const ts = pick<string | number | null>([
      new Date(base + i * 700).toISOString(),
      new Date(base + i * 700).toISOString().replace('T', ' ').replace('Z', ''),
      (base + i * 700) / 1000,
      base + i * 700,
      'not a time',
      null,
      `${(base + i * 700) / 1000}`,
    ]);
    out.push({
      process: pick(['a.f', 'b.g', 'c.h', null]),
      process_group: pick(['g1', 'g2', null]),
      data: pick(['x', 'y', 'z', null]),
      data_type: pick(['int', 'str', null]),
      data_value: pick<string | number | Buffer | null>([
        '1',
        '1',
        '1',
        1,
        '2',
        null,
        'é'.repeat(300),
        'v'.repeat(600),
        Buffer.from('ab'),
      ]),
      timestamp: ts,
      status: pick(['OK', 'ERROR', 'ok', ' Error ', 'failed', '', null, 'weird']),
      exception: pick([null, null, '', 'Boom', 'ValueError: order 42 not found', 'ValueError: order 7 not found']),
      trace_id: trace,
      span_id: span,
      parent_span_id: pick([null, spanName((Math.floor(i / 3) + 49) % 50)]),
      duration_ms: pick<number | null>([null, 1.5, 3, 10, i % 13]),
      memory_delta: pick<number | null>([null, 0, 128, -64]),
      source_file: i < n / 3 ? null : pick([null, `/src/f${i % 3}.py`]),
      source_line: pick([null, 7, 42]),
    });
  }
  return out;
}

function build(path: string, how: (ingest: Ingest) => void, readerThread = true, cacheMax?: number): Database.Database {
  const h = openSource(path);
  const side = openSidecar(tempDir(), 'k', h.db, path, h.schema);
  const ingest = new Ingest(h.db, side.db, h.schema, thresholdLookup([{ process: '*', data: 'y', threshold: 2 }]), {
    readerThread,
    cacheMax,
  });
  how(ingest);
  settleAll(ingest);
  ingest.endBulk();
  return side.db;
}

/** The flame minutes the row path left dirty, recomputed: then both paths hold the same rows. */
const settleAll = (ingest: Ingest) => {
  while (ingest.settleFlame(100, Infinity) > 0);
};

const drain = (step: () => { added: number }) => {
  while (step().added > 0);
};

const dump = sidecarTables;

describe('the set-based first build', () => {
  it('gives the same tables as the row-by-row path, whatever the chunk size', () => {
    const path = createTraceDb({
      rows: awkwardRows(3000, 1),
      writerStatus: [
        { timestamp: '2026-11-20T10:00:00', queue_depth: 3, status: 'ok' },
        { timestamp: 1763632800, queue_depth: 0, status: 'IDLE' },
      ],
    });
    const reference = dump(build(path, (i) => drain(() => i.step(500))));
    expect(reference.rows.length).toBe(3000);
    expect(reference.stale_runs.length).toBeGreaterThan(5);
    for (const chunk of [1, 7, 250, 5000]) {
      expect(dump(build(path, (i) => drain(() => i.stepBulk(chunk)))), `chunks of ${chunk}`).toEqual(reference);
    }
    // A chunk read from the file in several pieces (one JSON array each) gives the same tables.
    expect(dump(build(path, (i) => drain(() => i.stepBulk(700, 64)))), 'reads of 64 rows').toEqual(reference);
    // Reads on the indexer's own connection (when the reader thread cannot start) too.
    expect(dump(build(path, (i) => drain(() => i.stepBulk(250)), false)), 'reads inline').toEqual(reference);
  });

  it('fills unreadable timestamps as the row path does: first rows, times before 1970, across chunks', () => {
    const times: (string | number | null)[] = [
      null,
      'bad',
      -5000,
      null,
      'x',
      -9000,
      null,
      1_000,
      'y',
      500,
      null,
      2_000,
      null,
    ];
    const rows = times.map((timestamp, i) => ({ ...sampleRows(1)[0], timestamp, trace_id: `t${i}`, span_id: `s${i}` }));
    const path = createTraceDb({ rows });
    const reference = dump(build(path, (i) => drain(() => i.step(500))));
    for (const chunk of [1, 2, 5, 100])
      expect(dump(build(path, (i) => drain(() => i.stepBulk(chunk)))), `chunks of ${chunk}`).toEqual(reference);
  });

  it('reads across gaps in the rowids (deleted rows) as the row path does', () => {
    const path = createTraceDb({ rows: awkwardRows(3000, 5) });
    const w = new Database(path);
    w.prepare('DELETE FROM data_trace WHERE rowid BETWEEN 100 AND 1900 OR rowid % 7 = 0').run();
    w.close();
    const reference = dump(build(path, (i) => drain(() => i.step(500))));
    expect(reference.rows.length).toBeLessThan(1200);
    for (const [chunk, read] of [
      [50, 10],
      [5000, 20_000],
    ])
      expect(dump(build(path, (i) => drain(() => i.stepBulk(chunk, read)))), `chunks of ${chunk}`).toEqual(reference);
  });

  it("never opens the user's file writable: every descriptor on it is read-only, and the sidecar never attaches it", () => {
    const path = createTraceDb({ rows: awkwardRows(2000, 4) });
    // Linux shows each descriptor's open flags in /proc; elsewhere the ATTACH check below still runs.
    const fdFlags = (): number[] => {
      if (!existsSync('/proc/self/fd')) return [];
      const real = realpathSync(path);
      const flags: number[] = [];
      for (const fd of readdirSync('/proc/self/fd')) {
        let target: string;
        try {
          target = readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          continue; // closed meanwhile
        }
        if (target !== real) continue;
        const line = /^flags:\s+(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
        flags.push(parseInt(line![1], 8));
      }
      return flags;
    };
    let checked = 0;
    build(path, (ingest) => {
      const side = (ingest as unknown as { sidecar: Database.Database }).sidecar;
      for (;;) {
        const r = ingest.stepBulk(300, 100);
        const files = side.prepare('SELECT file FROM pragma_database_list').pluck().all() as string[];
        expect(files.map((f) => (f ? realpathSync(f) : f))).not.toContain(realpathSync(path));
        for (const f of fdFlags()) {
          expect(f & 3, 'O_ACCMODE of a descriptor on the source').toBe(0); // O_RDONLY
          checked++;
        }
        if (r.added === 0) break;
      }
    });
    if (existsSync('/proc/self/fd')) expect(checked).toBeGreaterThan(0);
  });

  it('hands over to the row-by-row path mid-file, and back, with the same result', () => {
    const dir = tempDir();
    const rows = awkwardRows(2000, 2);
    const path = createTraceDb({ dir, rows: rows.slice(0, 1200) });
    const reference = build(join(dir, 'trace.db'), (i) => drain(() => i.step(300)));
    appendRows(path, rows.slice(1200));
    const refIngest = new Ingest(...refArgs(path, reference));
    drain(() => refIngest.step(300));
    settleAll(refIngest);
    const mixed = build(path, (i) => {
      i.stepBulk(100);
      i.step(37);
      i.stepBulk(400);
      i.step(5);
      drain(() => i.stepBulk(333));
    });
    expect(dump(mixed)).toEqual(dump(reference));
  });

  it('gives back its temporary tables when it ends, and a catch-up after a reopen builds them again (issue 14: memory)', () => {
    const dir = tempDir();
    const rows = awkwardRows(2000, 3);
    const path = createTraceDb({ dir, rows: rows.slice(0, 1200) });
    const reference = build(path, (i) => drain(() => i.step(300)));
    const tempPages = (db: Database.Database) => Number(db.pragma('temp.page_count', { simple: true }));
    const h = openSource(path);
    const side = openSidecar(tempDir(), 'k', h.db, path, h.schema).db;
    const args = [h.db, side, h.schema, thresholdLookup([{ process: '*', data: 'y', threshold: 2 }])] as const;
    const first = new Ingest(...args);
    drain(() => first.stepBulk(400));
    // temp_store = MEMORY: emptied chunk tables keep their pages until the temporary database goes.
    expect(tempPages(side)).toBeGreaterThan(10);
    first.endBulk();
    expect(tempPages(side)).toBe(0);
    expect(side.pragma('temp_store', { simple: true })).toBe(2); // MEMORY still, for the next pass
    // Rows written while closed: a new Ingest on the same connection catches up in bulk.
    appendRows(path, rows.slice(1200));
    const refIngest = new Ingest(...refArgs(path, reference));
    drain(() => refIngest.step(300));
    settleAll(refIngest);
    const again = new Ingest(...args);
    drain(() => again.stepBulk(250));
    settleAll(again);
    again.endBulk();
    again.endBulk(); // twice (stop after the catch-up ended): nothing left to give back
    expect(tempPages(side)).toBe(0);
    expect(dump(side)).toEqual(dump(reference));
  });

  it("tails row by row with bounded caches: a call or trace they dropped is read back, the tables are the bulk path's", () => {
    // Twice as many traces as the caches hold (a small cap here; CALL_CACHE_MAX in use), each
    // call's rows far apart (its second row comes after n other calls'): a dropped entry is read back.
    const cap = 300;
    expect(CALL_CACHE_MAX).toBeGreaterThan(cap);
    const n = cap * 2;
    const base = Date.UTC(2026, 10, 20, 10, 0, 0);
    const row = (k: number, i: number): FixtureRow => ({
      process: `p${k % 7}.f`,
      data: `v${k % 5}`,
      data_value: String(k % 3),
      timestamp: new Date(base + i * 10).toISOString(),
      trace_id: traceName(k),
      span_id: spanName(k),
      duration_ms: i % 2 ? k % 97 : null,
      status: k % 11 ? 'OK' : 'ERROR',
    });
    const rows = Array.from({ length: n }, (_, i) => row(i, i));
    for (let i = 0; i < n; i++) rows.push(row(i, n + i));
    const path = createTraceDb({ rows });
    const caches: number[] = [];
    const tail = build(
      path,
      (i) =>
        drain(() => {
          const r = i.step(100);
          const maps = i as unknown as Record<'calls' | 'traceIds' | 'nameIds', Map<unknown, unknown>>;
          caches.push(maps.calls.size, maps.traceIds.size, maps.nameIds.size);
          return r;
        }),
      true,
      cap,
    );
    expect(Math.max(...caches)).toBeLessThanOrEqual(cap);
    expect(Math.max(...caches)).toBeGreaterThan(cap / 2); // they did fill, and were trimmed
    const bulk = build(path, (i) => drain(() => i.stepBulk(5000)));
    expect(dump(tail)).toEqual(dump(bulk));
    expect(tail.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(n);
  });

  it('answers queries over the rows indexed so far while it builds: counts match reference SQL on the same rowids', () => {
    const path = createTraceDb({ rows: awkwardRows(1500, 3) });
    const src = new Database(path, { readonly: true });
    build(path, (ingest) => {
      const side = (ingest as unknown as { sidecar: Database.Database }).sidecar;
      for (;;) {
        const r = ingest.stepBulk(400);
        if (r.added === 0) break;
        const done = r.lastId;
        // Rows, calls with a span, and traces of the rows indexed so far: the same as SQL on the file.
        expect(side.prepare('SELECT count(*) FROM rows').pluck().get()).toBe(done);
        const traces = src
          .prepare(`SELECT count(DISTINCT trace_id) FROM data_trace WHERE rowid <= ? AND trace_id <> ''`)
          .pluck()
          .get(done);
        expect(side.prepare('SELECT count(*) FROM traces').pluck().get()).toBe(traces);
        // Each the file's own id: 32 lowercase hex digits stored as 16 bytes, decoded back to the same text.
        const ids = src
          .prepare(`SELECT DISTINCT trace_id FROM data_trace WHERE rowid <= ? AND trace_id <> '' ORDER BY 1`)
          .pluck()
          .all(done) as string[];
        const keys = side.prepare('SELECT key FROM traces').pluck().all() as (string | Buffer)[];
        expect(keys.map((k) => traceText(k)).sort()).toEqual(ids.sort());
        expect(keys.filter((k) => typeof k !== 'string').length).toBe(
          ids.filter((t) => /^[0-9a-f]{32}$/.test(t)).length,
        );
        const spans = src
          .prepare(
            `SELECT count(*) FROM (SELECT DISTINCT coalesce(trace_id, ''), span_id FROM data_trace WHERE rowid <= ? AND span_id <> '')`,
          )
          .pluck()
          .get(done);
        expect(side.prepare('SELECT count(*) FROM calls WHERE span IS NOT NULL').pluck().get()).toBe(spans);
        const errors = src
          .prepare(
            `SELECT count(*) FROM data_trace WHERE rowid <= ? AND (lower(trim(status)) IN ('error', 'failed') OR ((status IS NULL OR trim(status) = '') AND length(exception) > 0))`,
          )
          .pluck()
          .get(done);
        expect(side.prepare('SELECT count(*) FROM rows WHERE err = 1').pluck().get()).toBe(errors);
        // Per function and minute, the calls' figures: the same as grouping the calls indexed so far.
        expect(side.prepare('SELECT * FROM call_rollup ORDER BY s, bucket').raw(true).all()).toEqual(
          side
            .prepare(
              `SELECT s, (ts - ((ts % 60000) + 60000) % 60000) / 60000 AS b, count(*), total(err), count(dur), total(dur), max(dur),
                count(mem), total(mem), max(mem) FROM calls GROUP BY s, b ORDER BY s, b`,
            )
            .raw(true)
            .all(),
        );
        // And its calls per latency bin: the same as binning every timed call indexed so far.
        expect(side.prepare('SELECT * FROM call_hist ORDER BY s, bucket, bin').raw(true).all()).toEqual(
          histogramOf(
            side
              .prepare('SELECT s, (ts - ((ts % 60000) + 60000) % 60000) / 60000, dur FROM calls WHERE dur IS NOT NULL')
              .raw(true)
              .all() as [number, number, number][],
          ),
        );
        // And its timed calls' durations, sorted: the same as sorting each minute's calls so far.
        expect(side.prepare('SELECT s, bucket, n, durs FROM call_durs ORDER BY s, bucket').raw(true).all()).toEqual(
          sortedDurationsOf(
            side
              .prepare('SELECT s, (ts - ((ts % 60000) + 60000) % 60000) / 60000, dur FROM calls WHERE dur IS NOT NULL')
              .raw(true)
              .all() as [number, number, number][],
          ),
        );
        // Calls with a child, as the flame graph's walk links them, among the calls indexed so far.
        expect(side.prepare('SELECT id FROM call_parents ORDER BY id').pluck().all()).toEqual(
          side
            .prepare(
              `SELECT p.id FROM calls p WHERE p.trace IS NOT NULL AND p.span IS NOT NULL AND EXISTS (
                SELECT 1 FROM calls c WHERE c.trace = p.trace AND c.parent = p.span AND c.span IS NOT c.parent) ORDER BY p.id`,
            )
            .pluck()
            .all(),
        );
        expect(side.prepare('SELECT count(*) FROM call_parents').pluck().get()).toBeGreaterThan(0);
        // Each failing call once, under its latest error row, with the fingerprint of that row's
        // exception as the file has it.
        const latest = new Map<number, [number, number, number]>();
        for (const [id, ts, s, k] of side
          .prepare('SELECT id, ts, s, coalesce(call, -id) FROM rows WHERE err = 1 ORDER BY ts, id')
          .raw(true)
          .all() as [number, number, number, number][])
          latest.set(k, [id, ts, s]);
        const text = src.prepare('SELECT exception FROM data_trace WHERE rowid = ?').pluck();
        const expected = [...latest.entries()]
          .map(([k, [id, ts, s]]) => [k, id, ts, s, summarizeException(text.get(id) as string | null).fingerprint])
          .sort((a, b) => Number(a[0]) - Number(b[0]));
        expect(
          side
            .prepare(
              'SELECT k, row, ts, s, fingerprint FROM error_calls JOIN error_groups g ON g.id = error_calls.g ORDER BY k',
            )
            .raw(true)
            .all(),
        ).toEqual(expected);
        expect(expected.length).toBeGreaterThan(0);
      }
    });
    src.close();
  });
});

/** [s, minute, bin, calls] sorted, from each timed call's series, minute and duration. */
/** call_durs' rows from (series, minute, duration) triples: per minute, the count and the sorted float64s, little endian. */
function sortedDurationsOf(calls: [number, number, number][]): [number, number, number, Buffer][] {
  const byMinute = new Map<string, [number, number, number[]]>();
  for (const [s, m, dur] of calls) {
    const key = `${s}:${m}`;
    const e = byMinute.get(key) ?? byMinute.set(key, [s, m, []]).get(key)!;
    e[2].push(dur);
  }
  return [...byMinute.values()]
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([s, m, durs]) => {
      const blob = Buffer.alloc(durs.length * 8);
      durs.sort((a, b) => a - b).forEach((d, i) => blob.writeDoubleLE(d, i * 8));
      return [s, m, durs.length, blob];
    });
}

function histogramOf(calls: [number, number, number][]): number[][] {
  const counts = new Map<string, number[]>();
  for (const [s, minute, dur] of calls) {
    const key = [s, minute, latencyBin(dur)];
    const k = key.join(':');
    const hit = counts.get(k);
    if (hit) hit[3]++;
    else counts.set(k, [...key, 1]);
  }
  return [...counts.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
}

function refArgs(path: string, side: Database.Database): ConstructorParameters<typeof Ingest> {
  const h = openSource(path);
  return [h.db, side, h.schema, thresholdLookup([{ process: '*', data: 'y', threshold: 2 }])];
}
