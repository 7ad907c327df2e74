// The Explorer's filters on every column (issue 13) against reference SQL on the file itself: each
// filter's page walk, newest / oldest / slowest first, must return exactly the ids the reference
// query returns, and traceCount its count(*). Call durations are the largest duration_ms of a
// (trace_id, span_id), as docs/contract.md says.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, pagedIds, withoutDeferredIndexes } from '../engine/engine-harness.ts';
import { seededRandom } from './seeded-random.ts';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const PROCESSES: [string, string | null][] = [
  ['orders.service.place_order', 'orders'],
  ['orders.service.cancel', 'orders'],
  ['payments.gateway.charge', 'payments'],
  ['inventory.stock.reserve', 'inventory'],
  ['promo.50%_off', null],
];
const NAMES = ['customer', 'order_id', 'amount', 'return', 'exception', 'x_y', 'x%y'];
const VALUES = ['c42', 'c4', 'C42', 'insufficient stock', "O'Brien", '50%', '5_0', '500', 'Ünïcode É', 'plain'];

function fixture(): FixtureRow[] {
  const rnd = seededRandom(13);
  const rows: FixtureRow[] = [];
  let t = T0;
  for (let call = 0; call < 700; call++) {
    const [process, group] = PROCESSES[Math.floor(rnd() * PROCESSES.length)];
    const trace = call % 9 === 0 ? null : `trace-${Math.floor(call / 3)}`;
    const span = call % 11 === 0 ? null : `span-${call}`;
    const failed = rnd() < 0.15;
    const argc = 1 + Math.floor(rnd() * 3);
    // Some calls never finish (no duration): they sort last in slowest first.
    const dur = rnd() < 0.1 ? null : Math.round(rnd() * 5000) / 10;
    for (let a = 0; a <= argc; a++) {
      t += Math.floor(rnd() * 3) * 1000; // ties on the same timestamp: broken by id
      const last = a === argc;
      rows.push({
        process,
        process_group: group,
        trace_id: trace,
        span_id: span,
        data: last ? (failed ? 'exception' : 'return') : NAMES[Math.floor(rnd() * NAMES.length)],
        data_type: 'str',
        data_value: VALUES[Math.floor(rnd() * VALUES.length)],
        timestamp: new Date(t).toISOString(),
        status: last && failed ? 'ERROR' : 'OK',
        exception:
          last && failed
            ? `Traceback (most recent call last):\n  ValueError: ${rnd() < 0.5 ? 'insufficient stock' : "50% of 'stock' _gone_"}`
            : null,
        duration_ms: last ? dur : null,
      });
    }
  }
  return rows;
}

let engine: Engine;
let db: string;
let file: Database.Database;
// The same file in another engine whose sidecar lacks the duration indexes, as while a first
// build runs (sidecar-schema.ts: they are created once it has read every row).
let building: { engine: Engine; db: string };

beforeAll(async () => {
  const path = createTraceDb({ rows: fixture() });
  // Batches of 7 rows: most calls span batches, so a call's duration reaches rows written in
  // earlier batches (an update) as well as rows of its last batch (written with it).
  engine = newEngine({ batchRows: 7 }, { lifetime: 'file' });
  db = await openLive(engine, path);
  file = new Database(path, { readonly: true });
  const e2 = newEngine({ batchRows: 7 }, { lifetime: 'file' });
  building = { engine: e2, db: await openLive(e2, path) };
  await withoutDeferredIndexes(e2, building.db);
  // The reference: every row with its call's duration, computed on the file.
  file.exec(`CREATE TEMP VIEW ref AS
    WITH calls AS (SELECT trace_id AS t, span_id AS sp, max(duration_ms) AS dur FROM data_trace WHERE span_id IS NOT NULL GROUP BY coalesce(trace_id, ''), span_id)
    SELECT r.*, CASE WHEN r.span_id IS NULL THEN r.duration_ms ELSE c.dur END AS cdur
    FROM data_trace r LEFT JOIN calls c ON coalesce(c.t, '') = coalesce(r.trace_id, '') AND c.sp = r.span_id`);
});

type Input = Record<string, unknown>;

const walk = (input: Input, limit = 37, on = { engine, db }) => pagedIds(on.engine, on.db, input, limit, 1000);

function reference(where: string, args: unknown[], order: 'newest' | 'oldest' | 'slowest'): number[] {
  const by = {
    newest: 'timestamp DESC, id DESC',
    oldest: 'timestamp ASC, id ASC',
    slowest: 'cdur IS NULL, cdur DESC, id DESC',
  }[order];
  return file
    .prepare(`SELECT id FROM ref WHERE ${where || '1'} ORDER BY ${by}`)
    .pluck()
    .all(...args) as number[];
}

// Each filter as the API takes it and as SQL on the file says it.
const CASES: [string, Input, string, unknown[]][] = [
  ['variable name', { data: 'customer' }, 'data = ?', ['customer']],
  ['variable name with LIKE wildcards', { data: 'x%y' }, 'data = ?', ['x%y']],
  ['trace id', { traceId: 'trace-7' }, 'trace_id = ?', ['trace-7']],
  ['status OK', { status: 'OK' }, "status = 'OK'", []],
  ['status ERROR', { status: 'ERROR' }, "status = 'ERROR'", []],
  ['duration at least', { minDurationMs: 400 }, 'cdur >= ?', [400]],
  ['duration at most', { maxDurationMs: 12.5 }, 'cdur <= ?', [12.5]],
  ['duration band', { minDurationMs: 100, maxDurationMs: 120 }, 'cdur BETWEEN ? AND ?', [100, 120]],
  [
    'several processes',
    { processes: ['orders.service.cancel', 'promo.50%_off'] },
    'process IN (?, ?)',
    ['orders.service.cancel', 'promo.50%_off'],
  ],
  [
    'not this process',
    { excludeProcesses: ['orders.service.place_order'] },
    'process <> ?',
    ['orders.service.place_order'],
  ],
  ['several groups', { groups: ['orders', null] }, "(process_group = 'orders' OR process_group IS NULL)", []],
  ['value contains', { valueContains: 'c42' }, "instr(lower(data_value), 'c42') > 0", []],
  ['value contains, any case', { valueContains: 'INSUFFICIENT' }, "instr(lower(data_value), 'insufficient') > 0", []],
  ['value contains %', { valueContains: '%' }, "instr(data_value, '%') > 0", []],
  ['value contains _', { valueContains: '5_' }, "instr(data_value, '5_') > 0", []],
  ['value contains a quote', { valueContains: "o'b" }, "instr(lower(data_value), 'o''b') > 0", []],
  ['value contains non-ASCII', { valueContains: 'É' }, "instr(data_value, 'É') > 0", []],
  [
    'exception contains',
    { exceptionContains: 'insufficient stock' },
    "instr(lower(exception), 'insufficient stock') > 0",
    [],
  ],
  ['exception contains %', { exceptionContains: '50%' }, "instr(exception, '50%') > 0", []],
  [
    'variable and status and duration',
    { data: 'return', status: 'OK', minDurationMs: 250 },
    "data = 'return' AND status = 'OK' AND cdur >= 250",
    [],
  ],
  [
    'variable, process and errors only',
    { data: 'exception', processes: ['payments.gateway.charge'], errorsOnly: true },
    "data = 'exception' AND process = 'payments.gateway.charge' AND status = 'ERROR'",
    [],
  ],
  [
    'trace and value contains',
    { traceId: 'trace-3', valueContains: 'c4' },
    "trace_id = 'trace-3' AND instr(lower(data_value), 'c4') > 0",
    [],
  ],
  [
    'group, not a process, duration',
    { groups: ['orders'], excludeProcesses: ['orders.service.cancel'], maxDurationMs: 200 },
    "process_group = 'orders' AND process <> 'orders.service.cancel' AND cdur <= 200",
    [],
  ],
  [
    'process search and exception',
    { search: 'STOCK', exceptionContains: 'stock' },
    "instr(lower(process), 'stock') > 0 AND instr(lower(exception), 'stock') > 0",
    [],
  ],
];

describe('traces filters match reference SQL on the file', () => {
  for (const [name, input, where, args] of CASES) {
    it(`${name}: every order`, async () => {
      for (const order of ['newest', 'oldest', 'slowest'] as const) {
        const want = reference(where, args, order);
        expect(want.length, `${name} matches some rows and not all`).toBeGreaterThan(0);
        expect(want.length).toBeLessThan(reference('', [], order).length);
        expect(await walk({ ...input, order }), `${name}, ${order}`).toEqual(want);
        expect(await walk({ ...input, order }, 37, building), `${name}, ${order}, no duration index`).toEqual(want);
      }
      const count = await engine.invoke('traceCount', { db, range: { preset: 'all' }, ...input });
      expect(count).toEqual({ count: reference(where, args, 'newest').length, exact: true });
      const counted = await building.engine.invoke('traceCount', {
        db: building.db,
        range: { preset: 'all' },
        ...input,
      });
      expect(counted, 'no duration index').toEqual(count);
    });
  }

  it('the first build creates the duration indexes once it has read every row', async () => {
    const { sidecarPath } = await engine.invoke('info', { db });
    const side = new Database(sidecarPath, { readonly: true });
    const names = side
      .prepare("SELECT name FROM sqlite_schema WHERE name IN ('calls_dur', 'calls_s_dur')")
      .pluck()
      .all();
    side.close();
    expect(names.sort()).toEqual(['calls_dur', 'calls_s_dur']);
  });

  it('slowest first over the whole filter, with each row carrying its call duration', async () => {
    const page = await engine.invoke('traces', { db, range: { preset: 'all' }, order: 'slowest', limit: 50 });
    const want = file
      .prepare('SELECT id, cdur FROM ref ORDER BY cdur IS NULL, cdur DESC, id DESC LIMIT 50')
      .raw(true)
      .all() as [number, number | null][];
    expect(page.rows.map((r) => [r.id, r.callDurationMs])).toEqual(want);
    const one = await engine.invoke('row', { db, id: want[3][0] });
    expect(one.callDurationMs).toBe(want[3][1]);
  });

  it('a custom time range bounds every filter', async () => {
    const from = T0 + 600_000;
    const to = T0 + 1_200_000;
    const ids = await walk({ range: { from, to }, data: 'customer', order: 'slowest' });
    expect(ids).toEqual(
      reference(
        'data = ? AND timestamp >= ? AND timestamp < ?',
        ['customer', new Date(from).toISOString(), new Date(to).toISOString()],
        'slowest',
      ),
    );
  });

  it('duration filters count what the reference counts over a time range, with and without calls_dur', async () => {
    const from = T0 + 600_000;
    const to = T0 + 2_400_000;
    const range = { from, to };
    const within = 'timestamp >= ? AND timestamp < ?';
    const at = [new Date(from).toISOString(), new Date(to).toISOString()];
    for (const [input, where, args] of [
      [{ minDurationMs: 400 }, 'cdur >= ?', [400]],
      [{ minDurationMs: 100, maxDurationMs: 120 }, 'cdur BETWEEN ? AND ?', [100, 120]],
      [{ maxDurationMs: 12.5, status: 'OK' }, "cdur <= ? AND status = 'OK'", [12.5]],
      [{ minDurationMs: 100, groups: ['orders'] }, "cdur >= ? AND process_group = 'orders'", [100]],
    ] as const) {
      const want = reference(`${where} AND ${within}`, [...args, ...at], 'slowest');
      expect(want.length).toBeGreaterThan(0);
      for (const on of [{ engine, db }, building]) {
        expect(await on.engine.invoke('traceCount', { db: on.db, range, ...input }), where).toEqual({
          count: want.length,
          exact: true,
        });
        expect(await walk({ range, ...input, order: 'slowest' }, 37, on), where).toEqual(want);
      }
    }
  });

  it('row numbers (offset) land where the reference says, for index-only filters and slowest first', async () => {
    for (const [input, where, order] of [
      [{ data: 'amount' }, "data = 'amount'", 'newest'],
      [{ minDurationMs: 10 }, 'cdur >= 10', 'oldest'],
      [{}, '1', 'slowest'],
      [{ status: 'OK' }, "status = 'OK'", 'newest'],
    ] as const) {
      const want = reference(where, [], order);
      const page = await engine.invoke('traces', {
        db,
        range: { preset: 'all' },
        ...input,
        order,
        offset: 40,
        limit: 10,
      });
      expect(
        page.rows.map((r) => r.id),
        `${where} ${order}`,
      ).toEqual(want.slice(40, 50));
    }
  });

  it('an unknown variable, trace or an empty duration band matches nothing', async () => {
    for (const input of [
      { data: 'no_such_name' },
      { traceId: 'no-such-trace' },
      { minDurationMs: 10, maxDurationMs: 5 },
      { status: 'OK' as const, errorsOnly: true },
    ]) {
      expect((await engine.invoke('traces', { db, range: { preset: 'all' }, ...input })).rows).toEqual([]);
      expect(await engine.invoke('traceCount', { db, range: { preset: 'all' }, ...input })).toEqual({
        count: 0,
        exact: true,
      });
    }
  });

  it('a cursor from one filter is refused with another', async () => {
    const page = await engine.invoke('traces', { db, range: { preset: 'all' }, data: 'customer', limit: 5 });
    await expect(
      engine.invoke('traces', { db, range: { preset: 'all' }, data: 'amount', limit: 5, cursor: page.nextCursor! }),
    ).rejects.toMatchObject({ kind: 'invalid-input' });
    await expect(
      engine.invoke('traces', {
        db,
        range: { preset: 'all' },
        data: 'customer',
        order: 'slowest',
        limit: 5,
        cursor: page.nextCursor!,
      }),
    ).rejects.toMatchObject({ kind: 'invalid-input' });
  });
});

describe('hostile filter strings', () => {
  it('LIKE wildcards, quotes and SQL in a filter are plain text', async () => {
    for (const text of ['%', '_', '%%', "' OR 1=1 --", '"); DROP TABLE rows; --', '\\', '*', '[a-z]']) {
      for (const field of ['valueContains', 'exceptionContains', 'data', 'traceId', 'search'] as const) {
        const ids = await walk({ [field]: text });
        const col = {
          valueContains: 'data_value',
          exceptionContains: 'exception',
          data: 'data',
          traceId: 'trace_id',
          search: 'process',
        }[field];
        const exact = field === 'data' || field === 'traceId';
        const want = reference(exact ? `${col} = ?` : `instr(lower(${col}), lower(?)) > 0`, [text], 'newest');
        expect(ids, `${field} ${text}`).toEqual(want);
      }
    }
    // The sidecar and the file are intact after all that.
    expect((await engine.invoke('traceCount', { db, range: { preset: 'all' } })).count).toBe(
      file.prepare('SELECT count(*) FROM data_trace').pluck().get(),
    );
  });

  it('refuses huge strings, NUL characters, bad durations and unknown fields with a sentence naming the field', async () => {
    const bad: [Input, RegExp][] = [
      [{ valueContains: 'x'.repeat(1025) }, /valueContains must have at most 1024 characters/],
      [{ exceptionContains: 'a\u0000b' }, /exceptionContains must not contain NUL/],
      [{ data: 'y'.repeat(100_000) }, /data must have at most/],
      [{ minDurationMs: -1 }, /minDurationMs must be between/],
      [{ maxDurationMs: Number.NaN }, /maxDurationMs must be a finite number/],
      [{ status: 'error' }, /status must be one of OK, ERROR/],
      [{ order: 'fastest' }, /order must be one of/],
      [{ excludeProcesses: [''] }, /excludeProcesses\[0\] must not be empty/],
      [{ processes: Array.from({ length: 501 }, (_, i) => `p${i}`) }, /processes must have at most 500 items/],
      [{ valueContains: '' }, /valueContains must not be empty/],
      [{ durationMin: 3 }, /unknown field/],
    ];
    for (const [input, message] of bad) {
      await expect(engine.invoke('traces', { db, ...input }), JSON.stringify(input).slice(0, 60)).rejects.toMatchObject(
        { kind: 'invalid-input', message: expect.stringMatching(message) },
      );
    }
  });

  it('refuses a forged cursor and offset with a contains filter', async () => {
    const forged = Buffer.from(JSON.stringify(['s', '1; DROP TABLE rows', 1, '[]'])).toString('base64url');
    await expect(engine.invoke('traces', { db, order: 'slowest', cursor: forged })).rejects.toMatchObject({
      kind: 'invalid-input',
    });
    await expect(engine.invoke('traces', { db, valueContains: 'c4', offset: 10 })).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/offset cannot be used/),
    });
  });
});

describe('slowest first in a file where most calls have no duration', () => {
  it('lists the timed rows by duration, then every untimed row newest first, as the reference does', async () => {
    // 21,000 one-row calls, one in 50 timed: too many untimed calls to read whole (traces.ts
    // untimedAreFew), so their rows are walked by id with each row's call looked up.
    const rows: FixtureRow[] = Array.from({ length: 21_000 }, (_, i) => ({
      process: i % 3 ? 'a.f' : 'b.g',
      data: i % 7 ? 'x' : 'y',
      timestamp: new Date(T0 + i * 10).toISOString(),
      duration_ms: i % 50 === 0 ? (i * 7919) % 1000 : null,
    }));
    const path = createTraceDb({ rows });
    const e = newEngine();
    const many = await openLive(e, path, 60_000);
    const src = new Database(path, { readonly: true });
    const want = (where: string) =>
      src
        .prepare(`SELECT id FROM data_trace WHERE ${where} ORDER BY duration_ms IS NULL, duration_ms DESC, id DESC`)
        .pluck()
        .all() as number[];
    for (const [input, where] of [
      [{}, '1'],
      [{ processes: ['b.g'] }, "process = 'b.g'"],
      [
        { range: { from: T0 + 50_000, to: T0 + 120_000 } },
        `timestamp >= '${new Date(T0 + 50_000).toISOString()}' AND timestamp < '${new Date(T0 + 120_000).toISOString()}'`,
      ],
    ] as const) {
      const all = want(where);
      const got: number[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 3; page++) {
        const p = await e.invoke('traces', {
          db: many,
          range: { preset: 'all' },
          ...input,
          order: 'slowest',
          limit: 400,
          ...(cursor ? { cursor } : {}),
        });
        got.push(...p.rows.map((r) => r.id));
        if (!p.nextCursor) break;
        cursor = p.nextCursor;
      }
      expect(got, where).toEqual(all.slice(0, got.length));
      expect(got.length).toBe(Math.min(all.length, 1200));
      const deep = await e.invoke('traces', {
        db: many,
        range: { preset: 'all' },
        ...input,
        order: 'slowest',
        offset: 1000,
        limit: 50,
      });
      expect(
        deep.rows.map((r) => r.id),
        `${where}, offset`,
      ).toEqual(all.slice(1000, 1050));
    }
    src.close();
  });
});
