// The SQL console through the engine, on real files: friendly views answer like reference SQL on
// the file, pages and cursors, refusals that play the attacker, SQLite's errors with their
// position, the time limit and Cancel really ending the work, exports and saved queries.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlPage } from '../../../db/api/types.ts';
import type { Engine } from '../../../db/engine/engine.ts';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, until } from '../engine/engine-harness.ts';
import { parseCsv } from '../export/csv-parse.ts';

const ROWS = 400;
let engine: Engine;
let db: string;
let path: string;

beforeAll(async () => {
  const rows = sampleRows(ROWS);
  rows[5].data_value = '=HYPERLINK("http://evil")';
  rows[6].data_value = 'x'.repeat(10_000);
  path = createTraceDb({ rows });
  engine = newEngine({}, { lifetime: 'file' });
  db = await openLive(engine, path);
}, 60_000);

const run = (sql: string, extra: Record<string, unknown> = {}) => engine.call('sql', { db, sql, ...extra });
async function page(sql: string, extra: Record<string, unknown> = {}): Promise<SqlPage> {
  const r = await run(sql, extra);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value as SqlPage;
}

/** The same question asked of the user's file directly. */
function reference<T>(sql: string, ...params: unknown[]): T[] {
  const ref = new Database(path, { readonly: true });
  try {
    return ref
      .prepare(sql)
      .raw(true)
      .all(...params) as T[];
  } finally {
    ref.close();
  }
}

describe('the friendly views', () => {
  it('answers "slowest calls of a function" from calls like the file says', async () => {
    const p = await page(
      "SELECT trace_id, duration_ms, error FROM calls WHERE process = 'orders.service.place_order' ORDER BY duration_ms DESC, call_id LIMIT 10",
    );
    expect(p.columns).toEqual(['trace_id', 'duration_ms', 'error']);
    const want = reference<[string, number, number]>(
      "SELECT trace_id, duration_ms, status = 'ERROR' FROM data_trace WHERE process = 'orders.service.place_order' ORDER BY duration_ms DESC, id LIMIT 10",
    );
    expect(p.rows).toEqual(want);
  });

  it('uses the sidecar index for a process and time range, and shows the plan', async () => {
    const p = await page("SELECT count(*) FROM calls WHERE process = 'payments.gateway.charge' AND start_ms >= 0");
    expect(p.plan?.map((s) => s.detail).join('\n')).toMatch(/USING (COVERING )?INDEX calls_s_ts/);
    expect(p.rows[0][0]).toBe(
      reference<[number]>("SELECT count(*) FROM data_trace WHERE process = 'payments.gateway.charge'")[0][0],
    );
  });

  it('gives rows their parsed time in epoch ms and ISO text, and the values of the file', async () => {
    const p = await page('SELECT id, ts_ms, time, data_value, error FROM rows WHERE id IN (1, 10) ORDER BY id');
    const want = reference<[number, string, string, string]>(
      'SELECT id, timestamp, data_value, status FROM data_trace WHERE id IN (1, 10) ORDER BY id',
    );
    expect(p.rows).toEqual(want.map(([id, ts, v, st]) => [id, Date.parse(ts), ts, v, st === 'ERROR' ? 1 : 0]));
  });

  it('reads the user table, functions, stale_runs and heartbeats', async () => {
    expect((await page('SELECT count(*) FROM data_trace')).rows[0][0]).toBe(ROWS);
    expect((await page('SELECT process FROM functions ORDER BY process')).rows).toEqual(
      reference('SELECT DISTINCT process FROM data_trace ORDER BY process'),
    );
    expect((await page('SELECT * FROM stale_runs')).columns).toContain('run_len');
    expect((await page('SELECT * FROM heartbeats')).rows).toEqual([]);
  });

  it('lists the views and the file tables with their columns for completion', async () => {
    const schema = await engine.invoke('sqlSchema', { db });
    const calls = schema.find((t) => t.name === 'calls')!;
    expect([calls.schema, calls.kind]).toEqual(['temp', 'view']);
    for (const c of ['start_ms', 'duration_ms', 'process']) expect(calls.columns).toContain(c);
    const table = schema.find((t) => t.name === 'data_trace')!;
    expect([table.schema, table.kind]).toEqual(['main', 'table']);
    for (const c of ['data_value', 'timestamp']) expect(table.columns).toContain(c);
  });
});

describe('pages', () => {
  it('pages through a result with offset until more is false, every row once', async () => {
    const seen: unknown[] = [];
    let offset = 0;
    for (;;) {
      const p = await page('SELECT id FROM data_trace ORDER BY id', { offset, limit: 150 });
      expect(p.offset).toBe(offset);
      seen.push(...p.rows.map((r) => r[0]));
      if (!p.more) break;
      offset += p.rows.length;
    }
    expect(seen).toEqual(reference<[number]>('SELECT id FROM data_trace ORDER BY id').map((r) => r[0]));
  });

  it('cuts huge cells and caps a page, whatever the statement selects', async () => {
    const p = await page('SELECT data_value FROM data_trace WHERE length(data_value) > 5000');
    expect(p.truncatedCells).toBe(1);
    expect(String(p.rows[0][0]).length).toBeLessThan(10_000);
    const big = await page(
      'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 100000) SELECT x, zeroblob(100) FROM n',
      { limit: 5000 },
    );
    expect(big.rows).toHaveLength(5000);
    expect(big.more).toBe(true);
    expect(String(big.rows[0][1])).toMatch(/^X'0+…' \(100 bytes\)$/);
  });

  it('keeps integers beyond 2^53 exact, as text', async () => {
    expect((await page('SELECT 9007199254740993, 42')).rows[0]).toEqual(['9007199254740993', 42]);
  });
});

describe('refusals (the attacker)', () => {
  const refused: [string, string][] = [
    ['ATTACH', "ATTACH DATABASE '/tmp/x.db' AS x"],
    ['DETACH', 'DETACH idx'],
    ['a write', "INSERT INTO data_trace(process) VALUES ('x')"],
    ['a write through a CTE', "WITH x AS (SELECT 1) INSERT INTO data_trace(process) SELECT 'x' FROM x"],
    ['a write to the index', 'DELETE FROM idx.rows'],
    ['a TEMP table', 'CREATE TEMP TABLE t(a)'],
    ['writable_schema', 'PRAGMA writable_schema = ON'],
    ['query_only off', 'PRAGMA query_only = 0'],
    ['a pragma that sets and reports', 'PRAGMA mmap_size = 1000000'],
    ['locking_mode', 'PRAGMA locking_mode = EXCLUSIVE'],
    ['a pragma set through a comment trick', '/* hi */ PRAGMA -- x\n journal_mode = DELETE'],
    ['load_extension()', "SELECT load_extension('/tmp/evil.so')"],
    ['VACUUM INTO', "VACUUM INTO '/tmp/copy.db'"],
    ['two statements', 'SELECT 1; SELECT 2'],
    ['two statements after a comment', 'SELECT 1; -- x\n DELETE FROM data_trace'],
    ['BEGIN', 'BEGIN IMMEDIATE'],
    ['EXPLAIN of a write', 'EXPLAIN DELETE FROM data_trace'],
  ];
  it.each(refused)('refuses %s with a sentence', async (_what, sql) => {
    const r = await run(sql);
    expect(r).toMatchObject({ ok: false, error: { kind: 'sql-refused' } });
    if (!r.ok) expect(r.error.message).toMatch(/^[A-Z0-9a-z(].*[.)]$/);
  });

  it('leaves the file, its index and the folder as they were', async () => {
    const before = reference<[number]>('SELECT count(*) FROM data_trace')[0][0];
    for (const sql of ["ATTACH DATABASE 'evil.db' AS e", "VACUUM INTO 'copy.db'"]) await run(sql);
    expect(reference<[number]>('SELECT count(*) FROM data_trace')[0][0]).toBe(before);
    expect(readdirSync(dirname(path)).filter((f) => !f.startsWith('trace.db'))).toEqual([]);
    expect(existsSync('/tmp/copy.db') && statSync('/tmp/copy.db').mtimeMs > Date.now() - 60_000).toBe(false);
  });

  it('runs the read-only pragmas and EXPLAIN', async () => {
    expect((await page('PRAGMA table_info(data_trace)')).rows.map((r) => r[1])).toContain('data_value');
    expect((await page('EXPLAIN QUERY PLAN SELECT * FROM calls WHERE call_id = 1')).columns).toContain('detail');
    expect((await page('EXPLAIN SELECT 1')).columns).toContain('opcode');
  });

  it('validates the input: an empty or over-long statement and a huge time limit are refused', async () => {
    expect(await run('')).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await run(`SELECT '${'x'.repeat(20_001)}'`)).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await run('SELECT 1', { timeoutMs: 600_000 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    expect(await run('-- nothing')).toMatchObject({ ok: false, error: { kind: 'sql-refused' } });
  });
});

describe('errors', () => {
  it("gives SQLite's message with the line and column, no stack", async () => {
    const lines = ['SELECT process', 'FROM calls', 'WHERE duration_ms > 5 ORDER BY nope'];
    const column = lines[2].indexOf('nope') + 1;
    const r = await run(lines.join('\n'));
    expect(r).toMatchObject({ ok: false, error: { kind: 'sql-error', details: { line: 3, column } } });
    if (!r.ok) expect(r.error.message).toBe(`no such column: nope (line 3, column ${column})`);
    const syntax = await run('SELECT * FORM calls');
    expect(syntax).toMatchObject({
      ok: false,
      error: {
        kind: 'sql-error',
        message: `near "FORM": syntax error (line 1, column ${'SELECT * FORM'.indexOf('FORM') + 1})`,
      },
    });
    expect(await run('SELEC 1')).toMatchObject({
      ok: false,
      error: { kind: 'sql-error', details: { line: 1, column: 1 } },
    });
  });
});

describe('time limit and cancel', () => {
  const endless = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

  /** This process's SQL children running now (the statement's work lives there, nowhere else). */
  function sqlChildren(): number[] {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((pid) => {
        try {
          const ppid = Number(
            readFileSync(`/proc/${pid}/stat`, 'utf8')
              .replace(/^.*\) /s, '')
              .split(' ')[1],
          );
          return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sql-child');
        } catch {
          return false;
        }
      })
      .map(Number);
  }

  it('stops an endless statement at its time limit, and its process is gone', async () => {
    const t0 = Date.now();
    const r = await run(endless, { timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(Date.now() - t0).toBeLessThan(15_000);
    await until(
      () => sqlChildren(),
      (pids) => pids.length === 0,
      'the SQL child to be gone',
    );
  });

  it('Cancel kills the running statement; the console answers the next one', async () => {
    const pending = run(endless, { runId: 'r1', timeoutMs: 60_000 });
    await until(
      () => sqlChildren(),
      (pids) => pids.length === 1,
      'the statement to start',
    );
    expect(await engine.invoke('sqlCancel', { db, runId: 'r1' })).toEqual({ cancelled: true });
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    await until(
      () => sqlChildren(),
      (pids) => pids.length === 0,
      'the SQL child to be gone',
    );
    expect(await engine.invoke('sqlCancel', { db, runId: 'r1' })).toEqual({ cancelled: false });
    expect((await page('SELECT 1')).rows).toEqual([[1]]);
  });
});

describe('export, history and saved queries', () => {
  it('exports the whole result as formula-safe CSV and as JSON Lines', async () => {
    const sql = 'SELECT id, data_value FROM data_trace WHERE id <= 7 ORDER BY id';
    const csv = await engine.invoke('sqlExport', { db, sql, format: 'csv' });
    const parsed = parseCsv(csv.text);
    expect(parsed[0]).toEqual(['id', 'data_value']);
    expect(parsed[6]).toEqual(['6', `'=HYPERLINK("http://evil")`]);
    expect(parsed[7][1]).toHaveLength(10_000);
    const jsonl = await engine.invoke('sqlExport', {
      db,
      sql: 'SELECT id, id FROM data_trace ORDER BY id',
      format: 'jsonl',
    });
    const lines = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(ROWS);
    expect(lines[0]).toEqual({ id: 1, id_2: 1 });
    expect(jsonl).toMatchObject({ rows: ROWS, truncated: false });
  });

  it('remembers statements run and saves queries by name, beside the settings', async () => {
    const dir = tempDir();
    const other = newEngine({ dataDir: join(dir, 'data') });
    const odb = await openLive(other, createTraceDb({ rows: sampleRows(3) }));
    await other.invoke('sql', { db: odb, sql: 'SELECT 1' });
    await other.invoke('sql', { db: odb, sql: 'SELECT 2' });
    await other.invoke('sql', { db: odb, sql: 'SELECT 1' });
    const saved = await other.invoke('saveSqlQuery', {
      db: odb,
      name: 'Slow',
      sql: 'SELECT * FROM calls ORDER BY duration_ms DESC',
    });
    expect(saved.saved).toEqual([{ name: 'Slow', sql: 'SELECT * FROM calls ORDER BY duration_ms DESC' }]);
    const q = await other.invoke('sqlQueries', { db: odb });
    expect(q.history.map((h) => h.sql)).toEqual(['SELECT 1', 'SELECT 2']);
    expect((await other.invoke('saveSqlQuery', { db: odb, name: 'Slow', sql: null })).saved).toEqual([]);
  });
});
