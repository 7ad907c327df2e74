// Trace ids of 32 lowercase hex digits are stored as 16-byte blobs (db/index/span-key.ts, sidecar
// version 14). Every answer must stay what it was with the ids stored as text: the same traces with
// hex ids and with the same ids spelt as plain text give the same trees, calls, pages, go-to
// matches and SQL console rows, during the first build's chunks and on the tail row by row.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { traceKey, traceKeySql, traceText, traceTextSql } from '../../../db/index/span-key.ts';
import { appendRows, createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, until } from '../engine/engine-harness.ts';

const IDS = [
  '4bf92f3577b34da6a3ce929d0e0e4736', // W3C: a blob
  '00000000000000000000000000000000',
  'ffffffffffffffffffffffffffffffff',
  '4BF92F3577B34DA6A3CE929D0E0E4736', // uppercase: kept as text
  '4bf92f3577b34da6a3ce929d0e0e473', // 31 digits
  '4bf92f3577b34da6a3ce929d0e0e47360', // 33 digits
  '4bf92f3577b34da6a3ce929d0e0e473g', // not hex
  '',
  'trace-1',
  'é4bf92f3577b34da6a3ce929d0e0e473', // 32 characters, not 32 bytes
];

describe('trace keys', () => {
  it('store 32 lowercase hex digits as 16 bytes and every other id as its text, and decode back to the same text', () => {
    for (const id of IDS) {
      const key = traceKey(id);
      if (/^[0-9a-f]{32}$/.test(id)) expect(key).toEqual(Buffer.from(id, 'hex'));
      else expect(key).toBe(id);
      expect(traceText(key)).toBe(id);
    }
    expect(traceKey(null)).toBeNull();
  });

  it('are the same keys in SQL as in JavaScript, and decode the same way', () => {
    const db = new Database(':memory:');
    const enc = db.prepare(`SELECT ${traceKeySql(':x')}`).pluck();
    const dec = db.prepare(`SELECT ${traceTextSql(':x')}`).pluck();
    for (const id of [...IDS, null]) {
      expect(enc.get({ x: id }), JSON.stringify(id)).toEqual(traceKey(id));
      expect(dec.get({ x: traceKey(id) }), JSON.stringify(id)).toBe(id);
    }
    db.close();
  });
});

const T = Date.UTC(2026, 10, 20, 10, 0, 0);
const HEX = (n: number) => ((0x4bf92f35 + n * 0x1001) >>> 0).toString(16).padStart(8, '0').repeat(4);
const TEXT = (n: number) => `tid-${HEX(n)}`;
/** Kept as text in both files. */
const UPPER = 'ABCDEF0123456789ABCDEF0123456789';

/** Trace n: a root and three children over two functions, with a duration each. */
function traceRows(id: string, n: number): FixtureRow[] {
  const row = (span: string, parent: string | null, ms: number): FixtureRow => ({
    trace_id: id,
    span_id: span,
    parent_span_id: parent,
    process: `p.${(n + ms) % 2}`,
    process_group: 'g',
    timestamp: new Date(T + n * 1000 + ms).toISOString(),
    duration_ms: 10 + ((n * 7 + ms) % 13),
    data: 'x',
    data_value: `v${n}`,
  });
  return [row(`r${n}`, null, 0), row(`a${n}`, `r${n}`, 1), row(`b${n}`, `r${n}`, 2), row(`c${n}`, `a${n}`, 3)];
}

const rowsOf = (ids: (n: number) => string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => from + i).flatMap((n) => [
    ...traceRows(ids(n), n),
    ...(n === from ? traceRows(UPPER, 1000 + n) : []),
  ]);

/** The traces' answers, each id spelt `tid-…` in the text file read back as its hex twin. */
const unText = <V>(answer: V): V => JSON.parse(JSON.stringify(answer).replaceAll('tid-', '')) as V;

async function answers(engine: Engine, db: string, ids: (n: number) => string, traces: number) {
  const all = { preset: 'all' } as const;
  const out: unknown[] = [];
  for (const n of [0, 1, Math.floor(traces / 2), traces - 1]) {
    out.push(await engine.invoke('traceTree', { db, traceId: ids(n) }));
    const page = await engine.invoke('traces', { db, range: all, traceId: ids(n), limit: 100 });
    out.push(page.rows.map((r) => [r.id, r.traceId, r.callDurationMs]));
  }
  out.push(await engine.invoke('traceTree', { db, traceId: UPPER }));
  await expect(engine.invoke('traceTree', { db, traceId: ids(traces) })).rejects.toMatchObject({ kind: 'not-found' });
  for (const p of ['p.0', 'p.1'])
    out.push(await engine.invoke('functionCalls', { db, process: p, range: all, kind: 'slowest', limit: 20 }));
  out.push(await engine.invoke('latencyCalls', { db, process: 'p.0', range: all, limit: 30 }));
  // Prefixes: odd and even lengths, the whole id, its uppercase (matched lowercased), none.
  const prefix = ids(1).replace('tid-', '');
  for (const q of ['4', '4bf', prefix.slice(0, 9), prefix.slice(0, 20), prefix, prefix.toUpperCase(), 'ABCDEF', 'f']) {
    // The text file's ids are `tid-` and the hex: the same prefix there (uppercase ABCDEF is in both as it is).
    const query = (q === 'ABCDEF' ? '' : ids(0).slice(0, -32)) + q;
    const found = await engine.invoke('goTo', { db, query });
    out.push([q, found.filter((r) => r.kind === 'trace')]);
  }
  const sql = await engine.invoke('sql', {
    db,
    sql: 'SELECT call_id, trace_id, span_id FROM calls ORDER BY call_id',
  });
  out.push(sql.rows);
  const rowsSql = await engine.invoke('sql', { db, sql: 'SELECT id, trace_id FROM rows ORDER BY id' });
  out.push(rowsSql.rows);
  return unText(out);
}

describe('answers with trace ids stored as blobs', () => {
  for (const batchRows of [7, 5000]) {
    it(`are the answers the same ids give as text, each id as the file spells it (batches of ${batchRows})`, async () => {
      const got: unknown[][] = [];
      for (const ids of [TEXT, HEX]) {
        // The first 60 traces by the first build, 40 more on the tail, row by row.
        const path = createTraceDb({ rows: rowsOf(ids, 0, 60) });
        const engine = newEngine({ batchRows });
        const db = await openLive(engine, path);
        const before = await answers(engine, db, ids, 60);
        // Commits of 10 traces, each checked before the next.
        for (let n = 60; n < 100; n += 10) {
          appendRows(path, rowsOf(ids, n, n + 10));
          const rows = (n + 10) * 4 + ((n - 60) / 10 + 2) * 4;
          await until(
            () => engine.invoke('traceCount', { db, range: { preset: 'all' } }),
            (c) => c.count === rows,
            'the tail',
          );
        }
        got.push([before, await answers(engine, db, ids, 100)]);
        if (ids === HEX) {
          // The hex file's ids come back as the file spells them.
          const file = new Database(path, { readonly: true });
          const fileIds = new Set(file.prepare('SELECT trace_id FROM data_trace').pluck().all());
          file.close();
          const rows = (got[got.length - 1][1] as unknown[])[(got[got.length - 1][1] as unknown[]).length - 1] as [
            number,
            string,
          ][];
          expect(rows.length).toBe(100 * 4 + 5 * 4);
          for (const r of rows) expect(fileIds.has(r[1])).toBe(true);
        }
      }
      expect(got[0]).toEqual(got[1]);
    });
  }
});
