// The official OpenTelemetry JS SDK exports to the receiver, in JSON and in protobuf; the spans
// come out of the engine as the same trees. Bad payloads are refused whole, with OTLP's replies.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpStore } from '../../../db/otlp/otlp-store.ts';
import { startOtlpReceiver, type RunningOtlpReceiver } from '../../../main/serve/otlp-receiver.ts';
import { newEngine, openLive, until } from '../engine/engine-harness.ts';
import { tempDir } from '../../fixtures/trace-db.ts';
import { exportSampleTrace } from './otel-sdk.ts';

let store: OtlpStore;
let receiver: RunningOtlpReceiver;
let path: string;

beforeAll(async () => {
  path = join(tempDir(), 'otlp.db');
  store = new OtlpStore(path);
  receiver = await startOtlpReceiver(store, { maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await receiver.close();
  store.close();
});

function rowCount(): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM data_trace').pluck().get() as number;
  } finally {
    db.close();
  }
}

function post(body: string | Uint8Array<ArrayBuffer>, contentType: string, headers: Record<string, string> = {}) {
  return fetch(receiver.url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
}

describe('OTLP/HTTP receiver', () => {
  it('turns the official SDK exports (JSON and protobuf) into trees the engine reads', async () => {
    const fromJson = await exportSampleTrace(receiver.url, 'json', 'checkout');
    const fromProto = await exportSampleTrace(receiver.url, 'protobuf', 'checkout-proto');
    expect(receiver.stats()).toMatchObject({ requests: 2, spans: 8, rejected: 0 });

    const engine = newEngine();
    const db = await openLive(engine, path);
    for (const [sent, group] of [
      [fromJson, 'checkout'],
      [fromProto, 'checkout-proto'],
    ] as const) {
      const tree = await until(
        () => engine.invoke('traceTree', { db, traceId: sent.traceId }).catch(() => null),
        (t) => t !== null && t.nodes.length === 4,
        `trace ${sent.traceId}`,
      );
      expect(tree!.nodes.map((n) => [n.depth, n.process, n.status])).toEqual([
        [0, 'POST /orders', 'OK'],
        [1, 'orders.service.place_order', 'ERROR'],
        [2, 'db.query', 'OK'],
        [2, 'payments.gateway.charge', 'ERROR'],
      ]);
      for (const node of tree!.nodes) {
        const span = sent.spans.find((s) => s.spanId === node.spanId)!;
        expect(node.parentSpanId).toBe(span.parentSpanId);
        expect(node.durationMs).toBeCloseTo(span.durationMs, 3);
        expect(node.rows.every((r) => r.group === group && r.traceId === sent.traceId)).toBe(true);
      }
      const root = tree!.nodes[0].rows;
      expect(root.map((r) => [r.data, r.dataType, r.dataValue])).toEqual([
        ['http.request.method', 'string', 'POST'],
        ['http.response.status_code', 'int', '500'],
        ['retried', 'bool', 'false'],
        ['cart.ratio', 'double', '0.25'],
        ['cart.skus', 'array', '["A-1","B-7"]'],
        ['note', 'string', 'quote " comma , newline \n ünïcode ✓'],
        ['span', 'span', 'server'],
      ]);
      const exc = tree!.nodes[3].rows.at(-1)!;
      expect(exc).toMatchObject({
        data: 'exception',
        dataType: 'RangeError',
        dataValue: 'card declined',
        status: 'ERROR',
      });
      expect(exc.exception).toContain('RangeError: card declined');
    }
  });

  it('answers malformed JSON with 400 and a google.rpc.Status, writing nothing', async () => {
    const before = rowCount();
    const res = await post('{"resourceSpans": [', 'application/json');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ code: 3, message: 'The body is not valid JSON.' });

    // The first span is fine, the second's id is base64 instead of hex: the request is refused whole.
    const good = {
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      name: 'ok',
      startTimeUnixNano: '1795183387000000000',
      endTimeUnixNano: '1795183388000000000',
    };
    const bad = { ...good, spanId: 'q83vEjRWeJA=' };
    const res2 = await post(
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [good] }] }, { scopeSpans: [{ spans: [bad] }] }] }),
      'application/json',
    );
    expect(res2.status).toBe(400);
    expect((await res2.json()).message).toMatch(
      /resourceSpans\[1\]\.scopeSpans\[0\]\.spans\[0\]\.spanId must be 16 hex characters/,
    );
    expect(rowCount()).toBe(before);
  });

  it('answers malformed protobuf with 400 and a protobuf google.rpc.Status, writing nothing', async () => {
    const before = rowCount();
    // resource_spans (field 1, length-delimited) claiming 127 bytes that are not there.
    const res = await post(new Uint8Array([0x0a, 0x7f, 0x12, 0x00]), 'application/x-protobuf');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body[0]).toBe(0x08); // field 1 (code), varint
    expect(body[1]).toBe(3); // INVALID_ARGUMENT
    expect(body.subarray(4).toString()).toBe('Malformed protobuf: a field runs past the end of the message.');
    expect(rowCount()).toBe(before);
  });

  it('accepts gzip bodies and refuses protobuf fields of the wrong wire type', async () => {
    const span = {
      traceId: '12'.repeat(16),
      spanId: '34'.repeat(8),
      name: 'gzipped',
      kind: 'SPAN_KIND_SERVER',
      startTimeUnixNano: 1795183387000000000,
      endTimeUnixNano: '1795183387500000000',
      attributes: [{ key: 'n', value: { intValue: 7 } }],
    };
    const body = gzipSync(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'zipper' } }] },
            scopeSpans: [{ spans: [span] }],
          },
        ],
      }),
    );
    const before = rowCount();
    const res = await post(new Uint8Array(body), 'application/json', { 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(rowCount()).toBe(before + 2);
    // resource_spans (field 1) sent as a varint instead of a message.
    const wrong = await post(new Uint8Array([0x08, 0x01]), 'application/x-protobuf');
    expect(wrong.status).toBe(400);
    expect(Buffer.from(await wrong.arrayBuffer()).toString()).toContain('resource_spans has wire type 0, expected 2');
    expect(rowCount()).toBe(before + 2);
  });

  it('refuses a wrong content type (415), an oversized body (413), other paths and foreign hosts', async () => {
    expect((await post('{}', 'text/plain')).status).toBe(415);
    expect((await post('x'.repeat(70 * 1024), 'application/json')).status).toBe(413);
    expect(
      (
        await fetch(receiver.url.replace('/v1/traces', '/v1/metrics'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(404);
    expect((await fetch(receiver.url)).status).toBe(405);
    const port = new URL(receiver.url).port;
    const res = await new Promise<number>((done, fail) => {
      void import('node:http').then(({ request }) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/v1/traces',
            method: 'POST',
            headers: { host: `evil.example:${port}`, 'content-type': 'application/json' },
          },
          (r) => done(r.statusCode ?? 0),
        );
        req.on('error', fail);
        req.end('{}');
      });
    });
    expect(res).toBe(403);
    // An empty request is a valid (empty) export.
    const ok = await post('{}', 'application/json');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
  });
});
