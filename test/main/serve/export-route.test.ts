// GET /api/export streams a download in serve mode, behind the same Host/Origin checks as the API.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { startHttpServer, type RunningServer } from '../../../main/serve/http-server.ts';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { newEngine, openLive } from '../../db/engine/engine-harness.ts';

let engine: Engine;
let server: RunningServer;
let db: string;

beforeAll(async () => {
  engine = newEngine({}, { lifetime: 'file' });
  db = await openLive(engine, createTraceDb({ dir: tempDir(), name: 'shop traces.db', rows: sampleRows(120) }));
  server = await startHttpServer(engine, { port: 0 });
});
/** A script's download: the run's token as a Bearer header. */
const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.token}` } });

afterAll(async () => {
  await server.close();
});

describe('GET /api/export', () => {
  it('streams CSV with a Content-Disposition filename named for the database', async () => {
    const res = await get(`api/export?db=${db}&format=csv&errors=1&group=orders`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="shop_traces-traces-\d{4}-\d{2}-\d{2}T\d{4}\.csv"; filename\*=UTF-8''shop_traces-traces-/,
    );
    const lines = (await res.text()).trimEnd().split('\r\n');
    const { count } = await engine.invoke('traceCount', { db, errorsOnly: true, groups: ['orders'] });
    expect(lines).toHaveLength(count + 1);
    expect(lines.slice(1).every((l) => l.includes(',orders.service.place_order,orders,'))).toBe(true);
  });

  it('exports one trace as Chrome trace events', async () => {
    const res = await get(`api/export?db=${db}&format=chrome&trace=t7`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('-trace-t7-');
    const doc = await res.json();
    expect(doc.traceEvents.filter((e: { ph: string }) => e.ph === 'X')).toHaveLength(1);
  });

  it('answers a bad format, an unknown database or trace with an error value and status', async () => {
    const bad = await get(`api/export?db=${db}&format=xml`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/format must be one of csv, jsonl, chrome, otlp/),
    });
    expect((await get(`api/export?db=nope&format=csv`)).status).toBe(404);
    const missing = await get(`api/export?db=${db}&format=otlp&trace=no-such-trace`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.kind).toBe('not-found');
  });

  it('refuses foreign Host and Origin headers like every other route', async () => {
    const status = (headers: Record<string, string>) =>
      new Promise<number>((done, fail) => {
        const req = request(`${server.url}api/export?db=${db}&format=csv`, { headers }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        });
        req.on('error', fail);
        req.end();
      });
    const port = new URL(server.url).port;
    expect(await status({ host: `evil.example:${port}` })).toBe(403);
    expect(await status({ origin: 'https://evil.example' })).toBe(403);
  });
});
