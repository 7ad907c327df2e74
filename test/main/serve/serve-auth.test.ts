// Who may talk to the engine in `serve` mode (issue 11, docs/security.md). Each test plays
// one attacker against a real server over a real database: another local process without the
// token, a guessed token, a web page in the user's browser, a DNS-rebinding page, a client that
// opens streams and never reads them.
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../../db/api/operations.ts';
import type { Engine } from '../../../db/engine/engine.ts';
import { startHttpServer, type RunningServer } from '../../../main/serve/http-server.ts';
import type { DroppedStream } from '../../../main/serve/event-streams.ts';
import { appendRows, createTraceDb, sampleRows, tempDir, type FixtureRow } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, until } from '../../db/engine/engine-harness.ts';

const MAX_STREAMS = 16;
const MAX_BUFFERED = 4 << 20; // event-streams.ts's default

let engine: Engine;
let server: RunningServer;
let path: string;
let db: string;
let staticDir: string;
let port: string;
const dropped: DroppedStream[] = [];
let onDrop: (() => void) | null = null;

type Answer = { status: number; headers: IncomingHttpHeaders; body: string };

/** One request with exactly the headers given (Host defaults to the server's own). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path.replace(/^\//, '')}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = () => ({ authorization: `Bearer ${server.token}` });
const json = { 'content-type': 'application/json' };

/** Opens an event stream and resolves once its headers arrived; `close` ends it from the client side. */
function openStream(headers: Record<string, string>): Promise<{ status: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}api/events?db=${db}`, { headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
    });
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    req.end();
  });
}

beforeAll(async () => {
  const dir = tempDir();
  path = createTraceDb({ dir, rows: sampleRows(200, Date.now() - 300_000) });
  engine = newEngine({}, { lifetime: 'file' });
  db = await openLive(engine, path);
  staticDir = join(dir, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>the app itself</title><div id="root"></div>');
  server = await startHttpServer(engine, {
    port: 0,
    staticDir,
    onStreamDropped: (d) => {
      dropped.push(d);
      onDrop?.();
    },
  });
  port = new URL(server.url).port;
});
afterAll(async () => {
  await server.close();
});

describe('serve mode: a local client without the token', () => {
  it('is refused on every operation of the API table, and the operation never runs', async () => {
    const other = createTraceDb({ dir: tempDir(), rows: sampleRows(3) });
    for (const name of Object.keys(operations)) {
      const example =
        name === 'open' ? { path: other } : ((operations as Record<string, { example?: unknown }>)[name].example ?? {});
      const res = await raw('POST', `/api/${name}`, json, JSON.stringify(example));
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect(JSON.parse(res.body).error.kind).toBe('permission-denied');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    // `open` above was refused before the engine saw it: still one database.
    expect((await engine.invoke('databases', {})).map((d) => d.path)).toEqual([path]);
  });

  it('is refused the event stream, export downloads and the operations list', async () => {
    for (const route of [`/api/events?db=${db}`, `/api/export?db=${db}&format=csv&range=all`, '/api/operations']) {
      const res = await raw('GET', route);
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
      expect(JSON.parse(res.body).error.kind).toBe('permission-denied');
    }
    expect(server.openStreams()).toBe(0);
  });

  it('gets a page saying how to get in, not the app, when it asks for the page', async () => {
    const res = await raw('GET', '/');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('printed in the terminal');
    expect(res.body).toContain('--token-file');
    expect(res.body).not.toContain('the app itself');
  });
});

describe('serve mode: a wrong token', () => {
  // Same length and alphabet as the real one: only the value differs.
  const wrong = () => server.token.replace(/.$/, (c) => (c === '0' ? '1' : '0'));

  it('is refused as a Bearer header, as a cookie, and in the page link', async () => {
    expect((await raw('POST', '/api/databases', { ...json, authorization: `Bearer ${wrong()}` }, '{}')).status).toBe(
      401,
    );
    expect(
      (await raw('POST', '/api/databases', { ...json, cookie: `trace_inspector_${port}=${wrong()}` }, '{}')).status,
    ).toBe(401);
    const link = await raw('GET', `/?token=${wrong()}`);
    expect(link.status).toBe(401);
    expect(link.headers['set-cookie']).toBeUndefined();
    expect(link.body).toContain('not this run’s');
  });

  it('is refused when it is the token of another port (cookies are shared by every port of a host)', async () => {
    const other = await startHttpServer(engine, { port: 0 });
    try {
      const res = await raw(
        'POST',
        '/api/databases',
        { ...json, cookie: `trace_inspector_${new URL(other.url).port}=${other.token}` },
        '{}',
      );
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('serve mode: the printed link', () => {
  it('is traded for an HttpOnly, SameSite=Strict cookie that opens the API', async () => {
    const link = await raw('GET', `/?token=${server.token}&db=${db}`);
    expect(link.status).toBe(302);
    expect(link.headers.location).toBe(`/?db=${db}`); // the token leaves the address bar and history
    const [cookie] = link.headers['set-cookie'] ?? [];
    expect(cookie.split('; ')).toEqual([
      `trace_inspector_${port}=${server.token}`,
      'HttpOnly',
      'SameSite=Strict',
      'Path=/',
    ]);
    const jar = { cookie: cookie.split(';')[0] };
    const page = await raw('GET', `/?db=${db}`, jar);
    expect(page.status).toBe(200);
    expect(page.body).toContain('the app itself');
    const dbs = await raw('POST', '/api/databases', { ...json, ...jar }, '{}');
    expect(JSON.parse(dbs.body).value.map((d: { db: string }) => d.db)).toEqual([db]);
    const csv = await raw('GET', `/api/export?db=${db}&format=csv&range=all`, {
      ...jar,
      'sec-fetch-site': 'same-origin',
    });
    expect(csv.status).toBe(200);
    expect(csv.body.trimEnd().split('\r\n')).toHaveLength(201);
  });

  it('makes 256-bit tokens that differ from run to run', async () => {
    const other = await startHttpServer(engine, { port: 0 });
    await other.close();
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    expect(other.token).not.toBe(server.token);
  });
});

describe('serve mode: a page on another site, in the browser that holds the cookie', () => {
  const withCookie = () => ({ cookie: `trace_inspector_${port}=${server.token}` });

  it('cannot start an export download (<a href>, <img src>), even with the cookie', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const res = await raw('GET', `/api/export?db=${db}&format=csv&range=all`, {
        ...withCookie(),
        'sec-fetch-site': site,
      });
      expect({ site, status: res.status }).toEqual({ site, status: 403 });
      expect(res.body).not.toContain('orders.service');
    }
  });

  it('cannot open an event stream, even with the cookie', async () => {
    const res = await raw('GET', `/api/events?db=${db}`, { ...withCookie(), 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(server.openStreams()).toBe(0);
  });

  it('cannot POST an operation from its origin, even with the cookie', async () => {
    const res = await raw(
      'POST',
      '/api/close',
      { ...json, ...withCookie(), origin: 'https://evil.example' },
      JSON.stringify({ db }),
    );
    expect(res.status).toBe(403);
    expect((await engine.invoke('databases', {})).map((d) => d.db)).toContain(db);
  });

  it('cannot reach it through DNS rebinding (its own name in Host), even with the token', async () => {
    const res = await raw('POST', '/api/databases', { ...json, ...bearer(), host: `evil.example:${port}` }, '{}');
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.kind).toBe('permission-denied');
  });
});

describe('serve mode: live event streams', () => {
  it(`allows ${MAX_STREAMS} at once and refuses the next with 429`, async () => {
    const open = await Promise.all(Array.from({ length: MAX_STREAMS }, () => openStream(bearer())));
    try {
      expect(open.map((s) => s.status)).toEqual(Array(MAX_STREAMS).fill(200));
      expect(server.openStreams()).toBe(MAX_STREAMS);
      const extra = await raw('GET', `/api/events?db=${db}`, bearer());
      expect(extra.status).toBe(429);
      open.pop()!.close();
      await until(
        () => server.openStreams(),
        (n) => n === MAX_STREAMS - 1,
        'a closed stream to leave the set',
      );
      const again = await openStream(bearer());
      expect(again.status).toBe(200);
      open.push(again);
    } finally {
      for (const s of open) s.close();
    }
    await until(
      () => server.openStreams(),
      (n) => n === 0,
      'every stream to close',
    );
  });

  it('drops a client that stops reading instead of buffering its events without bound', async () => {
    const before = server.openStreams();
    const stalled = await stalledStream(server);
    expect(server.openStreams()).toBe(before + 1);
    const wasDropped = new Promise<void>((done) => (onDrop = done));
    let batches = 0;
    let stop = false;
    void wasDropped.then(() => (stop = true));
    while (!stop && batches < 40) {
      batches++;
      await Promise.race([writeWideBatch(), wasDropped]);
    }
    await wasDropped;
    expect(dropped).toHaveLength(1);
    expect(dropped[0].reason).toBe('buffer-full');
    // At most the cap plus the one event that crossed it (~2 MB here) stayed in this process's memory.
    expect(dropped[0].bufferedBytes).toBeGreaterThan(MAX_BUFFERED);
    expect(dropped[0].bufferedBytes).toBeLessThan(MAX_BUFFERED + 3 * (1 << 20));
    expect(batches).toBeGreaterThan(1); // one large event alone never drops a stream
    expect(server.openStreams()).toBe(before);
    stalled.socket.resume(); // drain what the kernel holds: the server has ended the connection
    await stalled.closed;
    expect((await raw('POST', '/api/databases', { ...json, ...bearer() }, '{}')).status).toBe(200);
  }, 60_000);

  it('drops a client whose buffer does not drain in time, even under the cap', async () => {
    let timedOut!: (d: DroppedStream) => void;
    const gone = new Promise<DroppedStream>((done) => (timedOut = done));
    const strict = await startHttpServer(engine, {
      port: 0,
      streams: { drainTimeoutMs: 300, maxBufferedBytes: 256 << 20 },
      onStreamDropped: (d) => timedOut(d),
    });
    try {
      const stalled = await stalledStream(strict);
      // Events until the kernel's buffers are full and Node's wait for a 'drain' that never comes;
      // the cap is far away, so only the timer can drop the stream.
      while (!(await Promise.race([writeWideBatch().then(() => false), gone.then(() => true)])));
      expect((await gone).reason).toBe('no-drain');
      expect(strict.openStreams()).toBe(0);
      stalled.socket.destroy();
    } finally {
      await strict.close();
    }
  }, 60_000);
});

/** An event stream over a raw socket that reads the response headers, then never reads again. */
async function stalledStream(target: RunningServer): Promise<{ socket: Socket; closed: Promise<void> }> {
  const { port: p } = new URL(target.url);
  const socket: Socket = connect(Number(p), '127.0.0.1');
  socket.on('error', () => {});
  const closed = new Promise<void>((done) => socket.once('close', () => done()));
  await new Promise<void>((done) => {
    let head = '';
    socket.on('data', function onData(chunk: Buffer) {
      head += chunk.toString();
      if (head.includes('\r\n\r\n')) {
        socket.off('data', onData);
        socket.pause(); // the kernel's buffers fill, then Node's
        done();
      }
    });
    socket.write(
      `GET /api/events?db=${db} HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nAuthorization: Bearer ${target.token}\r\n\r\n`,
    );
  });
  return { socket, closed };
}

/** The writer: 200 wide rows in one transaction, resolved when the engine has emitted their `rows` event (~2 MB). */
function writeWideBatch(): Promise<void> {
  const wide = (i: number): FixtureRow => ({
    process: `bulk.writer.${i}`,
    data: 'payload',
    data_value: 'v'.repeat(2000),
    exception: 'e'.repeat(8000),
    timestamp: new Date().toISOString(),
    status: 'ERROR',
  });
  const seen = new Promise<void>((done) => {
    const off = engine.subscribe(db, (event) => event === 'rows' && (off(), done()));
  });
  appendRows(
    path,
    Array.from({ length: 200 }, (_, i) => wide(i)),
  );
  return seen;
}

describe('serve mode: the renderer files', () => {
  it('answers 404 for a file that can no longer be opened, and keeps answering', async () => {
    // A socket file passes the lookup (it exists, it is no folder) and fails to open (ENXIO),
    // as a file removed between the lookup and the open does (ENOENT).
    const sock = createNetServer();
    await new Promise<void>((done) => sock.listen(join(staticDir, 'gone.js'), done));
    try {
      const res = await raw('GET', '/gone.js', bearer());
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body).error.kind).toBe('not-found');
    } finally {
      sock.close();
    }
    expect((await raw('GET', '/', bearer())).body).toContain('the app itself');
  });
});
