// The webhook POST (node:http): what a receiver sees, and what a hostile or broken receiver gets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { post, PostError, type PostRequest } from '../../../db/alerts/http-post.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())));
});

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const REQ: PostRequest = {
  body: '{"type":"test","π":1}',
  headers: { 'content-type': 'application/json' },
  timeoutMs: 2000,
  drainBytes: 64 * 1024,
  keepBytes: 4096,
};

describe('webhook POST over node:http', () => {
  it('sends the body with its byte length and headers, and keeps no connection open', async () => {
    let seen: { headers: IncomingMessage['headers']; body: string } | null = null;
    const { url, server } = await serve((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen = { headers: req.headers, body };
        res.writeHead(202).end('queued');
      });
    });
    expect(await post(`${url}/hook`, { ...REQ, headers: { ...REQ.headers, 'x-team': 'e2e' } })).toEqual({
      status: 202,
      body: 'queued',
    });
    expect(seen!.body).toBe(REQ.body);
    expect(seen!.headers['content-length']).toBe(String(Buffer.byteLength(REQ.body)));
    expect(seen!.headers['transfer-encoding']).toBeUndefined();
    expect(seen!.headers['x-team']).toBe('e2e');
    await expect.poll(() => new Promise((r) => server.getConnections((_e, n) => r(n))), { timeout: 2000 }).toBe(0);
  });

  it('does not follow a redirect: the 3xx is the answer and its target is never contacted', async () => {
    let reached = false;
    const target = await serve((_req, res) => ((reached = true), res.writeHead(204).end()));
    const { url } = await serve((_req, res) => res.writeHead(302, { location: `${target.url}/elsewhere` }).end());
    expect((await post(`${url}/hook`, REQ)).status).toBe(302);
    expect(reached).toBe(false);
  });

  it('counts a 2xx whose body never ends as answered, with what came of the body by the deadline', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const started = Date.now();
    expect(await post(`${url}/hook`, { ...REQ, timeoutMs: 300 })).toEqual({ status: 200, body: 'partial' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails with a timeout when no answer comes, and with the socket error when nobody listens', async () => {
    const { url } = await serve(() => {});
    await expect(post(`${url}/hook`, { ...REQ, timeoutMs: 200 })).rejects.toMatchObject({ code: 'timeout' });
    const closed = await serve(() => {});
    await new Promise<void>((r) => closed.server.close(() => r()));
    servers.pop();
    const err = await post(`${closed.url}/hook`, REQ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostError);
    expect((err as PostError).code).toBe('ECONNREFUSED');
  });

  it('refuses a URL that is not http or https without sending anything', async () => {
    await expect(post('file:///etc/passwd', REQ)).rejects.toMatchObject({ code: 'protocol' });
  });
});
