import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../db/engine/engine.ts';
import { startHttpServer, type RunningServer } from '../../../main/serve/http-server.ts';
import { appendRows, createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { waitUntilLive } from '../../fixtures/engine.ts';

let engine: Engine;
let server: RunningServer;
let path: string;
let db: string;

/** A raw request, so tests can set the headers a browser would (Host, Origin). */
function raw(
  method: string,
  url: string,
  opts: { body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = () => ({ authorization: `Bearer ${server.token}` });

async function post(op: string, input: unknown) {
  const res = await fetch(`${server.url}api/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth() },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  const dir = tempDir();
  path = createTraceDb({ dir, rows: sampleRows(500, Date.now() - 600_000) });
  engine = new Engine({ dataDir: join(dir, 'data'), pollMs: 25 });
  server = await startHttpServer(engine, { port: 0 });
  const opened = await post('open', { path });
  db = opened.body.value.db;
  await waitUntilLive(engine, db);
});

afterAll(async () => {
  await server.close();
  await engine.shutdown();
});

describe('HTTP transport', () => {
  it('listens on the loopback address only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((server.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('serves every operation of the table as POST /api/<name>', async () => {
    const page = await post('traces', { db, limit: 10 });
    expect(page.status).toBe(200);
    expect(page.body.ok).toBe(true);
    expect(page.body.value.rows).toHaveLength(10);
    expect(page.body.value.rows[0].id).toBe(500);
    const count = await post('traceCount', { db, errorsOnly: true });
    expect(count.body.value.count).toBe(50);
    const ops = await (await fetch(`${server.url}api/operations`, { headers: auth() })).json();
    expect(ops.value.map((o: { name: string }) => o.name)).toContain('functionStats');
  });

  it('returns errors as typed values with a fitting status', async () => {
    const bad = await post('traces', { db, limit: 'ten' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.kind).toBe('invalid-input');
    expect(bad.body.error.message).toMatch(/limit/);
    expect((await post('dropTables', {})).body.error.kind).toBe('unknown-operation');
    expect((await post('traces', { db: 'nope' })).body.error.kind).toBe('unknown-database');
    const missing = await post('open', { path: join(tempDir(), 'missing.db') });
    expect(missing.body.error.kind).toBe('not-found');
  });

  it('refuses other hosts, other origins and non-JSON bodies', async () => {
    const port = new URL(server.url).port;
    const rebinding = await raw('POST', `${server.url}api/databases`, {
      body: '{}',
      headers: { host: `evil.example:${port}`, 'content-type': 'application/json' },
    });
    expect(rebinding.status).toBe(403);
    const crossSite = await raw('POST', `${server.url}api/databases`, {
      body: '{}',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
    });
    expect(crossSite.status).toBe(403);
    const form = await raw('POST', `${server.url}api/databases`, {
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth() },
    });
    expect(form.status).toBe(415);
    const notJson = await raw('POST', `${server.url}api/databases`, {
      body: '{oops',
      headers: { 'content-type': 'application/json', ...auth() },
    });
    expect(JSON.parse(notJson.body).error.kind).toBe('invalid-input');
  });

  it('streams new rows as Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}api/events?db=${db}`, { signal: controller.signal, headers: auth() });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    appendRows(path, [{ process: 'late.arrival', data: 'x', timestamp: new Date().toISOString() }]);
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes('event: rows') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const line = text.split('\n\n').find((b) => b.startsWith('event: rows'))!;
    const payload = JSON.parse(line.split('\ndata: ')[1]);
    expect(payload.db).toBe(db);
    expect(payload.rows[0].process).toBe('late.arrival');
  });

  it('serves a plain page when the renderer is not built', async () => {
    const res = await fetch(server.url, { headers: auth() });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Trace Inspector');
  });
});
