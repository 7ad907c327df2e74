import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../db/engine/engine.ts';
import { startHttpServer, type RunningServer } from '../../main/serve/http-server.ts';
import { createHttpClient } from '../../renderer/api/http-client.ts';
import { waitUntilLive } from '../fixtures/engine.ts';
import { appendRows, createTraceDb, sampleRows, tempDir } from '../fixtures/trace-db.ts';

let engine: Engine;
let server: RunningServer;
let path: string;

beforeAll(async () => {
  const dir = tempDir();
  path = createTraceDb({ dir, rows: sampleRows(300, Date.now() - 400_000) });
  engine = new Engine({ dataDir: join(dir, 'data'), pollMs: 25 });
  server = await startHttpServer(engine, { port: 0 });
});

afterAll(async () => {
  await server.close();
  await engine.shutdown();
});

describe('the browser client of the HTTP transport', () => {
  it('calls operations by name and gets typed result values', async () => {
    const api = createHttpClient({ baseUrl: server.url, token: server.token });
    const opened = await api.open({ path });
    if (!opened.ok) throw new Error(opened.error.message);
    await waitUntilLive(engine, opened.value.db);
    const page = await api.traces({ db: opened.value.db, limit: 5, order: 'oldest' });
    expect(page.ok && page.value.rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    const bad = await api.functionStats({ db: opened.value.db, process: 'no.such.fn' });
    expect(!bad.ok && bad.error.kind).toBe('not-found');
  });

  it('delivers live events until the signal aborts', async () => {
    const api = createHttpClient({ baseUrl: server.url, token: server.token });
    const opened = await api.open({ path });
    if (!opened.ok) throw new Error(opened.error.message);
    const controller = new AbortController();
    const got: string[] = [];
    const arrived = new Promise<void>((done) => {
      api.on(
        'rows',
        opened.value.db,
        (e) => {
          got.push(...e.rows.map((r) => r.process));
          done();
        },
        { signal: controller.signal },
      );
    });
    await new Promise((r) => setTimeout(r, 200)); // let the stream connect
    appendRows(path, [{ process: 'via.sse', data: 'x', timestamp: new Date().toISOString() }]);
    await arrived;
    controller.abort();
    expect(got).toContain('via.sse');
  });

  it('gets the refusal as a value when it holds no token', async () => {
    const res = await createHttpClient({ baseUrl: server.url }).databases({});
    expect(!res.ok && res.error.kind).toBe('permission-denied');
    expect(!res.ok && res.error.message).toMatch(/printed in the terminal/);
  });

  it('says the engine cannot be reached instead of throwing', async () => {
    // A port that was free a moment ago: nothing listens there (fetch refuses port 9 itself, as a "bad port").
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => probe.once('listening', r));
    const { port } = probe.address() as { port: number };
    await new Promise((r) => probe.close(r));
    const api = createHttpClient({ baseUrl: `http://127.0.0.1:${port}` });
    const res = await api.databases({});
    expect(!res.ok && res.error.kind).toBe('closed');
    // fetch says only "fetch failed": the cause says what failed.
    expect(!res.ok && res.error.message).toMatch(/fetch failed: ECONNREFUSED/);
  });
});
