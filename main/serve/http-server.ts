import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiError, ErrorKind } from '../../db/api/errors.ts';
import type { EventName } from '../../db/api/types.ts';
import type { Engine } from '../../db/engine/engine.ts';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy.ts';
import { serveExport } from './export-route.ts';
import { resolveStaticFile } from '../static-files.ts';
import { listenOnLoopback } from './loopback-listen.ts';
import { httpStatus } from '../http-status.ts';
import { EventStreams, type DroppedStream, type EventStreamLimits } from './event-streams.ts';
import { cookieName, crossSiteRefusal, isAuthorized, sessionCookie, signInPage, withoutToken } from './serve-auth.ts';
import { newToken, sameToken } from './serve-token.ts';

const MAX_BODY = 1 << 20;

/**
 * How long an idle kept-alive connection stays open (Node's default: 5 s). A stalled server (the
 * 10M bench's serve under load 26: its main thread not run for seconds) wakes up, runs its
 * timers before reading its sockets, and resets a connection whose idle time ran out meanwhile
 * even though a request is waiting in it: the client saw "fetch failed" (ECONNRESET) on a read
 * sent 1 s after the last answer. Clients drop idle sockets sooner than the server's advertised
 * timeout (fetch: 2 s sooner), so the server closing later only leaves this race for a stall of
 * about as long as this (issue 14; test/main/serve/keep-alive.test.ts).
 */
export const KEEP_ALIVE_MS = 65_000;

export interface HttpServerOptions {
  port?: number;
  /** The built renderer; when absent a plain page is served. */
  staticDir?: string;
  /** The run's secret (serve-token.ts); a random one when absent. */
  token?: string;
  /** Bounds on the live event streams (event-streams.ts). */
  streams?: Partial<EventStreamLimits>;
  /** Told when a stream is dropped because its client stopped reading. */
  onStreamDropped?: (d: DroppedStream) => void;
}

export interface RunningServer {
  server: Server;
  /** Where it listens: http://127.0.0.1:<port>/ (every route needs the token). */
  url: string;
  /** The address to open in a browser: `url` with the token, exchanged for a cookie on first load. */
  appUrl: string;
  token: string;
  /** Event streams open now. */
  openStreams: () => number;
  close: () => Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function fail(
  res: ServerResponse,
  status: number,
  kind: ErrorKind,
  message: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, { ok: false, error: { kind, message } satisfies ApiError }, headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('too-large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The headless transport: every operation of the API table as POST /api/<name> with a JSON
 * body, live events as Server-Sent Events, and the renderer's files. Listens on 127.0.0.1 only;
 * who may use it is decided before any route (docs/security.md): the Host must name this
 * server (DNS rebinding), no other site may start the request (Sec-Fetch-Site, Origin), and the
 * request must carry the run's token (other local users and processes).
 */
export async function startHttpServer(engine: Engine, opts: HttpServerOptions = {}): Promise<RunningServer> {
  const token = opts.token ?? newToken();
  const streams = new EventStreams(opts.streams, opts.onStreamDropped);
  let allowedHosts = new Set<string>();
  let cookie = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (!allowedHosts.has(req.headers.host ?? ''))
        return fail(
          res,
          403,
          'permission-denied',
          'Requests must be addressed to this server by its loopback address.',
        );
      const crossSite = crossSiteRefusal(req);
      if (crossSite) return fail(res, crossSite.status, 'permission-denied', crossSite.message);
      const origin = req.headers.origin;
      if (origin && !allowedHosts.has(origin.replace(/^https?:\/\//, '')))
        return fail(res, 403, 'permission-denied', 'Cross-origin requests are refused.');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const api = url.pathname === '/api' || url.pathname.startsWith('/api/');
      if (!api && url.searchParams.has('token')) return exchangeToken(url, res);
      if (!isAuthorized(req, cookie, token)) return refuseUnauthorized(api, res);
      if (url.pathname === '/api/events' && req.method === 'GET') return events(url, req, res);
      if (url.pathname === '/api/export' && req.method === 'GET') return await serveExport(engine, url, req, res);
      if (url.pathname === '/api/operations' && req.method === 'GET') {
        return send(res, 200, {
          ok: true,
          value: Object.entries(engine.operations).map(([name, op]) => ({
            name,
            summary: op.summary,
            input: op.input.describe,
            example: op.example as unknown,
          })),
        });
      }
      if (api) return await call(url.pathname.slice(5), req, res);
      return serveStatic(url.pathname, res);
    } catch (err) {
      if (!res.headersSent) fail(res, 500, 'internal', `Unexpected error: ${(err as Error).message}`);
      else res.end();
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = KEEP_ALIVE_MS;

  /** The printed link: a valid token becomes the session cookie, and the token leaves the address bar. */
  function exchangeToken(url: URL, res: ServerResponse): void {
    if (!sameToken(url.searchParams.get('token'), token)) {
      res.writeHead(401, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end(signInPage('wrong'));
      return;
    }
    res.writeHead(302, {
      location: withoutToken(url),
      'set-cookie': sessionCookie(cookie, token),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  }

  function refuseUnauthorized(api: boolean, res: ServerResponse): void {
    if (api)
      return fail(
        res,
        401,
        'permission-denied',
        'This request carries no valid token: open the address printed in the terminal, or send Authorization: Bearer <token> (see --token-file).',
        { 'www-authenticate': 'Bearer' },
      );
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(signInPage('missing'));
  }

  async function call(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return fail(res, 405, 'invalid-input', `Use POST /api/${name} with a JSON body.`);
    // Requiring JSON keeps HTML forms (which cannot send it cross-site without CORS) out.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return fail(res, 415, 'invalid-input', 'The body must be JSON (Content-Type: application/json).');
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch (err) {
      if ((err as Error).message === 'too-large')
        return fail(res, 413, 'too-large', `The request body is larger than ${MAX_BODY} bytes.`);
      return fail(res, 400, 'invalid-input', 'The body is not valid JSON.');
    }
    const result = await engine.call(name, input);
    send(res, result.ok ? 200 : httpStatus(result.error.kind), result);
  }

  function events(url: URL, req: IncomingMessage, res: ServerResponse): void {
    if (streams.full)
      return fail(
        res,
        429,
        'too-large',
        'Too many live event streams are open; close a tab or a script that holds one.',
      );
    const db = url.searchParams.get('db');
    streams.start(req, res, (sendEvent) =>
      engine.subscribe(db, (event: EventName, payload: unknown) => sendEvent(event, payload)),
    );
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    const found = resolveStaticFile(opts.staticDir ?? '', pathname);
    if (!found.ok) {
      if (found.reason === 'bad-path') return fail(res, 400, 'invalid-input', 'Bad path.');
      if (found.reason === 'outside') return fail(res, 403, 'permission-denied', 'Outside the app folder.');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PLAIN_PAGE);
      return;
    }
    // Headers wait for the file to open: one removed (or unreadable) since it was looked up is a
    // 404, and an error mid-file ends the response; neither may reach the process as an uncaught error.
    const file = createReadStream(found.file);
    file.once('open', () => {
      res.writeHead(200, {
        'content-type': found.mime,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      file.pipe(res);
    });
    file.once('error', () => {
      if (!res.headersSent) fail(res, 404, 'not-found', 'This file of the app is no longer there.');
      else res.destroy();
    });
    res.once('close', () => file.destroy());
  }

  const { port, hosts } = await listenOnLoopback(server, opts.port);
  allowedHosts = hosts;
  cookie = cookieName(port);
  const url = `http://127.0.0.1:${port}/`;
  return {
    server,
    url,
    appUrl: `${url}?token=${token}`,
    token,
    openStreams: () => streams.size,
    close: () =>
      new Promise<void>((ok) => {
        streams.closeAll();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

const PLAIN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Trace Inspector</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .3em;border-radius:3px}pre{background:#f6f6f6;padding:.8rem;overflow:auto}</style></head>
<body><h1>Trace Inspector</h1><p>The engine is running. The interface is not built yet; the JSON API is live:</p>
<ul><li><code>GET /api/operations</code> lists every operation with an example input</li>
<li><code>POST /api/&lt;operation&gt;</code> with a JSON body runs one</li>
<li><code>GET /api/events?db=db1</code> streams live events (Server-Sent Events)</li></ul>
<p>This page reaches them with the cookie it got from the address printed in the terminal; scripts send <code>Authorization: Bearer &lt;token&gt;</code> (<code>--token-file</code>).</p>
<p>Databases open now:</p><pre id="dbs">loading…</pre>
<script>fetch('/api/databases',{method:'POST',headers:{'content-type':'application/json'},body:'{}'}).then(r=>r.json()).then(r=>{document.getElementById('dbs').textContent=JSON.stringify(r.ok?r.value.map(d=>({db:d.db,path:d.path,state:d.state,index:d.index})):r.error,null,2)})</script>
</body></html>`;
