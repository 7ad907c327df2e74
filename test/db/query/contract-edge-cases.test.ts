// What real tracers write into data_trace that the happy path never sees: mixed timestamp
// formats, garbage, NULLs, megabyte values, bytes that are not UTF-8, the bare minimum of
// columns, other spellings of the column names and the many ways to say "error".
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { REQUIRED_COLUMNS } from '../../../db/source/contract.ts';
import { appendRows, createTraceDb, tempDir } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, record } from '../engine/engine-harness.ts';

/** Raw inserts: the fixture's appendRows fills NULL process/status with defaults, and these rows need real NULLs and BLOBs. */
function insert(path: string, sql: string, rows: unknown[][]): number[] {
  const db = new Database(path);
  try {
    const stmt = db.prepare(sql);
    return db.transaction(() => rows.map((r) => Number(stmt.run(...r).lastInsertRowid)))();
  } finally {
    db.close();
  }
}

const INSERT =
  'INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, exception) VALUES (?, ?, ?, ?, ?, ?, ?)';

describe('the data_trace contract at its edges', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = newEngine({}, { lifetime: 'file' });
  });

  it('sorts timestamps of mixed formats by real time', async () => {
    const base = Date.UTC(2026, 10, 20, 10, 0, 0);
    const sec = base / 1000;
    const cases: [stored: string | number, ms: number][] = [
      ['2026-11-20T10:00:05Z', base + 5000],
      ['2026-11-20T12:00:01+02:00', base + 1000],
      ['2026-11-20T10:00:03', base + 3000], // naive: UTC
      ['2026-11-20 10:00:02', base + 2000], // space separator
      [sec + 4, base + 4000], // unix seconds
      [base + 6000, base + 6000], // unix milliseconds
      [String(sec + 7), base + 7000], // seconds as text
      [String(base + 8000), base + 8000], // milliseconds as text
      [sec + 0.5, base + 500], // fractional seconds
      ['2026-11-20T10:00:06.250Z', base + 6250],
      ['2026-11-20T05:00:09-05:00', base + 9000],
      ['2026-11-20T10:00:10.123456+00:00', base + 10_123],
      ['2026-11-20T09:59:59.999z', base - 1],
    ];
    // Written in an order unrelated to time, as several tracer threads would.
    const shuffled = cases
      .map((c, i) => [c, (i * 7) % cases.length] as const)
      .sort((a, b) => a[1] - b[1])
      .map(([c]) => c);
    const path = createTraceDb();
    insert(
      path,
      INSERT,
      shuffled.map(([ts], i) => ['fmt.test', 'i', 'int', String(i), ts, 'OK', null]),
    );
    const db = await openLive(engine, path);

    const page = await engine.invoke('traces', { db, order: 'oldest', limit: 100 });
    const expected = [...cases].sort((a, b) => a[1] - b[1]);
    expect(page.rows.map((r) => r.ts)).toEqual(expected.map(([, ms]) => ms));
    expect(page.rows.map((r) => r.timestamp)).toEqual(expected.map(([stored]) => String(stored)));
    const newest = await engine.invoke('traces', { db, order: 'newest', limit: 100 });
    expect(newest.rows.map((r) => r.ts)).toEqual(expected.map(([, ms]) => ms).reverse());
    const { count } = await engine.invoke('traceCount', { db, range: { from: base + 1000, to: base + 6250 } });
    expect(count).toBe(cases.filter(([, ms]) => ms >= base + 1000 && ms < base + 6250).length);
  });

  it('keeps rows with unreadable timestamps, right after the row written before them', async () => {
    const base = Date.UTC(2026, 10, 20, 10, 0, 0);
    const path = createTraceDb();
    const stamps: unknown[] = [
      new Date(base).toISOString(),
      'not a time',
      new Date(base + 1000).toISOString(),
      '2026-13-45T99:99:99Z',
      '',
      new Date(base + 2000).toISOString(),
      Buffer.from([0xff, 0x00, 0x01]),
      -5,
      'yesterday',
      new Date(base + 3000).toISOString(),
      '1e400',
    ];
    const ids = insert(
      path,
      INSERT,
      stamps.map((ts, i) => ['bad.ts', 'i', 'int', String(i), ts, 'OK', null]),
    );
    const db = await openLive(engine, path);
    const page = await engine.invoke('traces', { db, order: 'oldest', limit: 100 });
    expect(page.rows.map((r) => r.id)).toEqual(ids);
    expect(page.rows.map((r) => r.ts === null)).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      true,
      false,
      true,
    ]);
    expect(page.rows[1].timestamp).toBe('not a time');
    expect((await engine.invoke('traceCount', { db })).count).toBe(stamps.length);
    const stats = await engine.invoke('functionStats', { db, process: 'bad.ts' });
    expect(stats.calls).toBe(stamps.length);
    const overview = await engine.invoke('overview', { db, range: { preset: 'all' } });
    expect(overview.totals.rows).toBe(stamps.length);
  });

  it('reads a row that is NULL in every column', async () => {
    const path = createTraceDb({
      rows: [{ process: 'ok.fn', data: 'x', data_value: '1', timestamp: '2026-11-20T10:00:00Z' }],
    });
    const [id] = insert(path, 'INSERT INTO data_trace DEFAULT VALUES', [[]]);
    const db = await openLive(engine, path);
    const row = await engine.invoke('row', { db, id });
    expect(row).toEqual({
      id,
      process: '(unknown)',
      data: null,
      dataType: null,
      dataValue: null,
      valueLength: 0,
      valueTruncated: false,
      timestamp: null,
      ts: null,
      status: 'OK',
      statusRaw: null,
      exception: null,
      exceptionTruncated: false,
      traceId: null,
      spanId: null,
      parentSpanId: null,
      group: null,
      durationMs: null,
      memoryDelta: null,
    });
    const page = await engine.invoke('traces', { db, groups: [null] });
    expect(page.rows.map((r) => r.id)).toContain(id);
    expect((await engine.invoke('functions', { db })).map((f) => f.process).sort()).toEqual(['(unknown)', 'ok.fn']);
    expect((await engine.invoke('functionStats', { db, process: '(unknown)' })).calls).toBe(1);
    expect((await engine.invoke('overview', { db, range: { preset: 'all' } })).totals.rows).toBe(2);
    expect((await engine.invoke('staleness', { db, all: true })).variables.map((v) => v.process)).toEqual(['ok.fn']);
  });

  it('cuts a 5 MB value in lists and live events and returns all of it from row', async () => {
    const big = Array.from({ length: (5 * 1024 * 1024) / 16 }, (_, i) => i.toString(16).padStart(16, '.')).join('');
    expect(big).toHaveLength(5 * 1024 * 1024);
    const path = createTraceDb();
    const [id] = insert(path, INSERT, [['big.fn', 'payload', 'str', big, '2026-11-20T10:00:00Z', 'OK', null]]);
    const db = await openLive(engine, path);
    const [listed] = (await engine.invoke('traces', { db })).rows;
    expect(listed).toMatchObject({ id, valueLength: big.length, valueTruncated: true });
    expect(listed.dataValue).toBe(big.slice(0, 2000));
    const whole = await engine.invoke('row', { db, id });
    expect(whole.dataValue!.length).toBe(big.length);
    expect(whole.dataValue === big).toBe(true);
    expect(whole.valueTruncated).toBe(false);

    const events = record(engine, db);
    const [liveId] = insert(path, INSERT, [['big.fn', 'payload', 'str', big, '2026-11-20T10:00:01Z', 'OK', null]]);
    const { payload } = await events.next('rows', (p) => p.maxId === liveId);
    expect(payload.rows[0]).toMatchObject({ id: liveId, valueLength: big.length, valueTruncated: true });
    expect(payload.rows[0].dataValue).toHaveLength(2000);
  });

  it('turns bytes that are not UTF-8 into strings with U+FFFD, whole and in lists', async () => {
    const path = createTraceDb();
    const ids = insert(
      path,
      INSERT.replace('VALUES (?, ?, ?, ?, ?, ?, ?)', 'VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT))'),
      [
        [
          Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x66, 0x6e]),
          'blob',
          'bytes',
          Buffer.from([0xff, 0xfe, 0x41]),
          '2026-11-20T10:00:00Z',
          'ERROR',
          Buffer.from([0x45, 0xc3, 0x28]),
        ],
        ['bytes.fn', 'utf8 blob', 'bytes', Buffer.from('héllo wörld', 'utf8'), '2026-11-20T10:00:01Z', 'OK', null],
      ],
    );
    // Invalid UTF-8 stored as TEXT, not as a BLOB.
    const [textId] = insert(
      path,
      `INSERT INTO data_trace (process, data, data_value, timestamp, status) VALUES ('bytes.fn', 'bad text', CAST(X'41FF42' AS TEXT), '2026-11-20T10:00:02Z', 'OK')`,
      [[]],
    );
    const db = await openLive(engine, path);
    const page = await engine.invoke('traces', { db, order: 'oldest' });
    expect(page.rows.map((r) => r.id)).toEqual([...ids, textId]);
    const [blob, utf8, text] = page.rows;
    expect(blob).toMatchObject({
      process: 'bad\uFFFD.fn',
      dataValue: '\uFFFD\uFFFDA',
      exception: 'E\uFFFD(',
      status: 'ERROR',
    });
    expect(utf8).toMatchObject({ dataValue: 'héllo wörld', valueTruncated: false });
    expect(text.dataValue).toBe('A\uFFFDB');
    expect(await engine.invoke('row', { db, id: ids[0] })).toMatchObject({
      dataValue: '\uFFFD\uFFFDA',
      valueTruncated: false,
    });
    // A BLOB's length is in bytes (13 here) but nothing was cut: the whole row must not claim it was.
    expect(await engine.invoke('row', { db, id: ids[1] })).toMatchObject({
      dataValue: 'héllo wörld',
      valueTruncated: false,
    });
    expect((await engine.invoke('traces', { db, search: 'bad\uFFFD' })).rows.map((r) => r.id)).toEqual([ids[0]]);
    expect((await engine.invoke('functionStats', { db, process: 'bad\uFFFD.fn' })).errors).toBe(1);
  });

  it('works on a table with only the 7 required columns (no id, trace ids, group or durations)', async () => {
    const dir = tempDir();
    const path = `${dir}/bare.db`;
    const setup = new Database(path);
    setup.pragma('journal_mode = WAL');
    setup.exec(`CREATE TABLE data_trace (${REQUIRED_COLUMNS.join(', ')})`);
    setup.close();
    const base = Date.UTC(2026, 10, 20, 10, 0, 0);
    appendRows(
      path,
      Array.from({ length: 30 }, (_, i) => ({
        process: i % 3 ? 'bare.work' : 'bare.idle',
        data: 'n',
        data_type: 'int',
        data_value: String(i % 4),
        timestamp: new Date(base + i * 1000).toISOString(),
        status: i % 5 === 0 ? 'ERROR' : 'OK',
        exception: i % 5 === 0 ? 'boom' : null,
      })),
      { columns: REQUIRED_COLUMNS },
    );
    const db = await openLive(engine, path);
    const info = await engine.invoke('info', { db });
    expect([...info.schema.missingOptional].sort()).toEqual([
      'duration_ms',
      'id',
      'memory_delta',
      'parent_span_id',
      'process_group',
      'source_file',
      'source_line',
      'span_id',
      'trace_id',
    ]);

    const page = await engine.invoke('traces', { db, order: 'oldest', limit: 10 });
    expect(page.rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(page.rows[0]).toMatchObject({ traceId: null, spanId: null, group: null, durationMs: null, status: 'ERROR' });
    const next = await engine.invoke('traces', { db, order: 'oldest', limit: 10, cursor: page.nextCursor! });
    expect(next.rows[0].id).toBe(11);
    expect((await engine.invoke('traceCount', { db })).count).toBe(30);
    expect((await engine.invoke('traceCount', { db, errorsOnly: true })).count).toBe(6);
    expect((await engine.invoke('traceCount', { db, groups: [null] })).count).toBe(30);
    const overview = await engine.invoke('overview', { db, range: { preset: 'all' } });
    expect(overview.totals).toEqual({ rows: 30, errors: 6 });
    expect(overview.groups).toEqual([{ group: null, rows: 30, errors: 6 }]);
    expect(overview.recentErrors.map((r) => r.id)).toEqual([26, 21, 16, 11, 6, 1]);
    const stats = await engine.invoke('functionStats', { db, process: 'bare.work' });
    expect(stats).toMatchObject({
      calls: 20,
      errors: 4,
      errorRate: 0.2,
      timedCalls: 0,
      avgMs: null,
      p50Ms: null,
      p99Ms: null,
      memAvg: null,
    });
    expect((await engine.invoke('row', { db, id: 30 })).dataValue).toBe('1');
    const tree = await engine.call('traceTree', { db, traceId: 'anything' });
    expect(tree.ok ? 'found' : tree.error.kind).toBe('not-found');
  });

  it('matches column and table names in any case', async () => {
    const dir = tempDir();
    const path = `${dir}/upper.db`;
    const setup = new Database(path);
    setup.pragma('journal_mode = WAL');
    setup.exec(`CREATE TABLE Data_Trace (ID INTEGER PRIMARY KEY, PROCESS, Data, DATA_TYPE, Data_Value, TimeStamp, STATUS, Exception,
      Trace_ID, SPAN_ID, Parent_Span_Id, Process_Group, Duration_MS, MEMORY_delta)`);
    const ins = setup.prepare(
      'INSERT INTO Data_Trace (PROCESS, Data, DATA_TYPE, Data_Value, TimeStamp, STATUS, Exception, Trace_ID, SPAN_ID, Parent_Span_Id, Process_Group, Duration_MS, MEMORY_delta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    ins.run(
      'shop.checkout',
      'cart',
      'list',
      '[1,2]',
      '2026-11-20T10:00:00Z',
      'OK',
      null,
      'T1',
      'root',
      null,
      'shop',
      120,
      2048,
    );
    ins.run(
      'shop.price',
      'total',
      'float',
      '9.5',
      '2026-11-20T10:00:00.010Z',
      'Error',
      'ValueError: no price',
      'T1',
      'child',
      'root',
      'shop',
      30,
      null,
    );
    setup.close();
    const db = await openLive(engine, path);
    expect((await engine.invoke('info', { db })).schema).toMatchObject({
      table: 'Data_Trace',
      columns: { process: 'PROCESS', data_value: 'Data_Value', timestamp: 'TimeStamp' },
    });
    const page = await engine.invoke('traces', { db, groups: ['shop'], order: 'oldest' });
    expect(
      page.rows.map((r) => [
        r.process,
        r.dataValue,
        r.status,
        r.traceId,
        r.spanId,
        r.parentSpanId,
        r.durationMs,
        r.memoryDelta,
      ]),
    ).toEqual([
      ['shop.checkout', '[1,2]', 'OK', 'T1', 'root', null, 120, 2048],
      ['shop.price', '9.5', 'ERROR', 'T1', 'child', 'root', 30, null],
    ]);
    const tree = await engine.invoke('traceTree', { db, traceId: 'T1' });
    expect(tree.nodes.map((n) => [n.process, n.depth, n.offsetMs])).toEqual([
      ['shop.checkout', 0, 0],
      ['shop.price', 1, 10],
    ]);
    expect((await engine.invoke('functionStats', { db, process: 'shop.price' })).p50Ms).toBe(30);
  });

  it('reads the status synonyms tracers use', async () => {
    const cases: [status: string | null, exception: string | null, expected: 'OK' | 'ERROR'][] = [
      ['OK', null, 'OK'],
      ['ok', null, 'OK'],
      ['success', null, 'OK'],
      ['WARN', null, 'OK'],
      ['OK', 'handled: retried', 'OK'], // an explicit status word wins over a logged exception
      ['ERROR', 'x', 'ERROR'],
      ['error', null, 'ERROR'],
      ['Error', null, 'ERROR'],
      [' FAILED ', null, 'ERROR'],
      ['failure', null, 'ERROR'],
      ['Exception', null, 'ERROR'],
      ['err', null, 'ERROR'],
      ['FAIL', null, 'ERROR'],
      [null, 'ValueError', 'ERROR'],
      ['', 'boom', 'ERROR'],
      ['  ', 'boom', 'ERROR'],
      [null, null, 'OK'],
      ['', null, 'OK'],
      [null, '', 'OK'],
    ];
    const path = createTraceDb();
    const ids = insert(
      path,
      INSERT,
      cases.map(([status, exc], i) => [
        'status.fn',
        'i',
        'int',
        String(i),
        `2026-11-20T10:00:${String(i).padStart(2, '0')}Z`,
        status,
        exc,
      ]),
    );
    const db = await openLive(engine, path);
    const page = await engine.invoke('traces', { db, order: 'oldest' });
    expect(page.rows.map((r) => [r.statusRaw, r.status])).toEqual(
      cases.map(([status, , expected]) => [status, expected]),
    );
    const errorIds = ids.filter((_, i) => cases[i][2] === 'ERROR');
    expect((await engine.invoke('traces', { db, errorsOnly: true, order: 'oldest' })).rows.map((r) => r.id)).toEqual(
      errorIds,
    );
    expect((await engine.invoke('traceCount', { db, errorsOnly: true })).count).toBe(errorIds.length);
    expect((await engine.invoke('functionStats', { db, process: 'status.fn' })).errors).toBe(errorIds.length);
  });
});
