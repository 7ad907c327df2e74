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

const MAX_BODY = 1 << 20;
const SSE_KEEPALIVE_MS = 15_000;

export interface HttpServerOptions {
  port?: number;
  /** The built renderer; when absent a plain page is served. */
  staticDir?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function fail(res: ServerResponse, status: number, kind: ErrorKind, message: string): void {
  send(res, status, { ok: false, error: { kind, message } satisfies ApiError });
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
 * body, live events as Server-Sent Events, and the renderer's files. Listens on 127.0.0.1 only
 * and refuses requests whose Host or Origin is not this server, so a web page the user visits
 * cannot reach it (DNS rebinding, cross-site POSTs).
 */
export async function startHttpServer(engine: Engine, opts: HttpServerOptions = {}): Promise<RunningServer> {
  const streams = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();

  const server = createServer(async (req, res) => {
    try {
      if (!allowedHosts.has(req.headers.host ?? '')) return fail(res, 403, 'permission-denied', 'Requests must be addressed to this server by its loopback address.');
      const origin = req.headers.origin;
      if (origin && !allowedHosts.has(origin.replace(/^https?:\/\//, ''))) return fail(res, 403, 'permission-denied', 'Cross-origin requests are refused.');
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/api/events' && req.method === 'GET') return events(url, req, res);
      if (url.pathname === '/api/export' && req.method === 'GET') return await serveExport(engine, url, req, res);
      if (url.pathname === '/api/operations' && req.method === 'GET') {
        return send(res, 200, { ok: true, value: Object.entries(engine.operations).map(([name, op]) => ({ name, summary: op.summary, input: op.input.describe, example: op.example })) });
      }
      if (url.pathname.startsWith('/api/')) return await call(url.pathname.slice(5), req, res);
      return serveStatic(url.pathname, res);
    } catch (err) {
      if (!res.headersSent) fail(res, 500, 'internal', `Unexpected error: ${(err as Error).message}`);
      else res.end();
    }
  });

  async function call(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return fail(res, 405, 'invalid-input', `Use POST /api/${name} with a JSON body.`);
    // Requiring JSON keeps HTML forms (which cannot send it cross-site without CORS) out.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return fail(res, 415, 'invalid-input', 'The body must be JSON (Content-Type: application/json).');
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch (err) {
      if ((err as Error).message === 'too-large') return fail(res, 413, 'too-large', `The request body is larger than ${MAX_BODY} bytes.`);
      return fail(res, 400, 'invalid-input', 'The body is not valid JSON.');
    }
    const result = await engine.call(name, input);
    send(res, result.ok ? 200 : httpStatus(result.error.kind), result);
  }

  function events(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const db = url.searchParams.get('db');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = engine.subscribe(db, (event: EventName, payload: unknown) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
    const end = () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', end);
    res.on('error', end);
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
    res.writeHead(200, { 'content-type': found.mime, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' });
    createReadStream(found.file).pipe(res);
  }

  const { port, hosts } = await listenOnLoopback(server, opts.port);
  allowedHosts = hosts;
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of streams) s.end();
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
<p>Databases open now:</p><pre id="dbs">loading…</pre>
<script>fetch('/api/databases',{method:'POST',headers:{'content-type':'application/json'},body:'{}'}).then(r=>r.json()).then(r=>{document.getElementById('dbs').textContent=JSON.stringify(r.ok?r.value.map(d=>({db:d.db,path:d.path,state:d.state,index:d.index})):r.error,null,2)})</script>
</body></html>`;
