// Span ids of 16 lowercase hex digits are stored as 8-byte blobs (db/index/span-key.ts, sidecar
// version 10). Every answer must stay byte-for-byte what it was with the ids stored as text: the
// same traces with hex ids and with the same ids spelt as plain text give the same trees, calls
// and SQL console rows, the ids given back exactly as the file has them.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { TraceNode, TraceTree } from '../../../db/api/types.ts';
import { spanKey, spanKeySql, spanText, spanTextSql } from '../../../db/index/span-key.ts';
import { createTraceDb, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive } from '../engine/engine-harness.ts';

const IDS = [
  '00f067aa0ba902b7', // the OTLP form: a blob
  'ffffffffffffffff',
  '0000000000000000',
  '00F067AA0BA902B7', // uppercase: kept as text
  '00f067aa0ba902b', // 15 digits
  '00f067aa0ba902b7a', // 17 digits
  '00f067aa0ba902g7', // not hex
  ' 0f067aa0ba902b7',
  '',
  'span-1',
  'é0f067aa0ba902b', // 16 characters, not 16 bytes
];

describe('span keys', () => {
  it('store 16 lowercase hex digits as 8 bytes and every other id as its text, and decode back to the same text', () => {
    for (const id of IDS) {
      const key = spanKey(id);
      if (/^[0-9a-f]{16}$/.test(id)) expect(key).toEqual(Buffer.from(id, 'hex'));
      else expect(key).toBe(id);
      expect(spanText(key)).toBe(id);
    }
    expect(spanKey(null)).toBeNull();
    expect(spanText(null)).toBeNull();
  });

  it('are the same keys in SQL as in JavaScript, and decode the same way', () => {
    const db = new Database(':memory:');
    const enc = db.prepare(`SELECT ${spanKeySql(':x')}`).pluck();
    const dec = db.prepare(`SELECT ${spanTextSql(':x')}`).pluck();
    for (const id of [...IDS, null]) {
      expect(enc.get({ x: id }), JSON.stringify(id)).toEqual(spanKey(id));
      expect(dec.get({ x: spanKey(id) }), JSON.stringify(id)).toBe(id);
    }
    db.close();
  });
});

const T = Date.UTC(2026, 10, 20, 10, 0, 0);

/** A trace with nesting, an orphan, a self-parent and a cycle, its ids spelt by `id`. */
function traceRows(id: (n: number) => string): FixtureRow[] {
  const row = (trace: string, span: number, parent: number | null, ms: number, dur: number | null): FixtureRow => ({
    trace_id: trace,
    span_id: id(span),
    parent_span_id: parent === null ? null : id(parent),
    process: `p.${span % 4}`,
    process_group: 'g',
    timestamp: new Date(T + ms).toISOString(),
    duration_ms: dur,
    data: `d${span}`,
    data_value: `v${span}`,
  });
  const rows: FixtureRow[] = [];
  // A wide nested trace, written as spans finish (children first), so trees page by `after`.
  for (let i = 0; i < 40; i++) rows.push(row('T1', 100 + i, i < 4 ? 1 : 100 + (i % 4), 10 + i, i + 0.5));
  rows.push(row('T1', 1, null, 0, 100));
  rows.push(row('T1', 1, null, 200, null)); // a second row of the root
  rows.push(row('T2', 7, 999, 5, 3)); // parent never arrived
  rows.push(row('T2', 8, 8, 6, 2)); // its own parent
  rows.push(row('T2', 9, 10, 7, 1)); // a cycle: 9 -> 10 -> 9
  rows.push(row('T2', 10, 9, 8, 1));
  rows.push(row('T2', 11, 10, 9, 1));
  return rows;
}

// The same call structure: the OTLP form (blobs), and each id spelt as text no key can be a blob.
const HEX = (n: number) => (0xabc00000 + n).toString(16).padStart(16, '0');
const TEXT = (n: number) => `id-${HEX(n)}`;

/** The traces' answers, each id spelt `id-…` in the text file read back as its hex twin. */
const unText = <T>(answer: T): T => JSON.parse(JSON.stringify(answer).replaceAll('"id-', '"')) as T;

async function answers(ids: (n: number) => string, batchRows: number) {
  const path = createTraceDb({ rows: traceRows(ids) });
  const engine = newEngine({ batchRows });
  const db = await openLive(engine, path);
  const trees: TraceNode[][] = [];
  for (const traceId of ['T1', 'T2']) {
    // Paged both ways: by offset, and resumed after a call (its chain of ancestors carries their ids).
    let offset: number | null = 0;
    while (offset !== null) {
      const t: TraceTree = await engine.invoke('traceTree', { db, traceId, offset, limit: 7 });
      trees.push(t.nodes);
      offset = t.nextOffset;
    }
    let after: number | null | undefined;
    do {
      const t: TraceTree = await engine.invoke('traceTree', { db, traceId, limit: 5, ...(after ? { after } : {}) });
      trees.push(t.nodes);
      after = t.nextAfter;
    } while (after);
  }
  const calls = await engine.invoke('functionCalls', { db, process: 'p.1', range: { preset: 'all' }, kind: 'slowest' });
  const sql = await engine.invoke('sql', {
    db,
    sql: 'SELECT call_id, span_id, parent_span_id, trace_id, duration_ms FROM calls ORDER BY call_id',
  });
  return unText({ trees, calls, consoleRows: sql.rows, path });
}

describe('answers with span ids stored as blobs', () => {
  for (const batchRows of [3, 5000]) {
    it(`are the answers the same ids give as text, each id as the file spells it (batches of ${batchRows})`, async () => {
      const hex = await answers(HEX, batchRows);
      const text = await answers(TEXT, batchRows);
      expect(hex.trees.length).toBeGreaterThan(4);
      expect(hex.trees).toEqual(text.trees);
      expect(hex.calls).toEqual(text.calls);
      expect(hex.consoleRows).toEqual(text.consoleRows);
      // And the ids are the file's own text, not only the same shape.
      const file = new Database(hex.path, { readonly: true });
      const ids = new Set(file.prepare('SELECT span_id FROM data_trace').pluck().all());
      file.close();
      for (const r of hex.consoleRows) expect(ids.has(r[1])).toBe(true);
    });
  }
});
