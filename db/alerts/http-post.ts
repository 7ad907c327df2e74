// One webhook POST over node:http / node:https, with a deadline for the whole exchange and a bound
// on what of the answer is read. Not `fetch`: undici parses HTTP with a WebAssembly build of llhttp,
// compiled again in every thread that first uses it (each alerts thread); node:http's parser is
// native. A test fork once died in V8's JIT-page registry (`Check failed: jit_page.has_value()`,
// nodejs/node#64500, WebAssembly across short-lived threads) while webhooks were delivered.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostRequest {
  body: string;
  headers: Record<string, string>;
  /** The whole exchange (connect, send, answer, body) must end within this many ms. */
  timeoutMs: number;
  /** Past this much of an answer the connection is cut: a receiver cannot make us buffer without bound. */
  drainBytes: number;
  /** What of the answer's body is kept (its first bytes). */
  keepBytes: number;
}

export interface PostAnswer {
  status: number;
  body: string;
}

/** A failure: `code` is the socket's (ECONNREFUSED, ENOTFOUND…) or `timeout`. */
export class PostError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * POSTs `body` to `url` and resolves with the status and the first `keepBytes` of the answer.
 * Redirects are not followed (a 3xx is the answer). No connection is kept for reuse.
 */
export function post(url: string, r: PostRequest): Promise<PostAnswer> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : u.protocol === 'http:' ? httpRequest : null;
  if (!send) return Promise.reject(new PostError('protocol', `unsupported protocol ${u.protocol}`));
  const body = Buffer.from(r.body, 'utf8');
  return new Promise<PostAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, answer?: PostAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      if (err) reject(err);
      else resolve(answer!);
    };
    // Once the status has come, the deadline only ends the body: a 2xx is a delivery however slow
    // the rest of its answer is.
    let answered: (() => void) | null = null;
    const req = send(
      u,
      { method: 'POST', agent: false, headers: { ...r.headers, 'content-length': String(body.byteLength) } },
      (res) => {
        answered = readBounded(res, r, (text) => finish(null, { status: res.statusCode ?? 0, body: text }));
      },
    );
    const timer = setTimeout(
      () => (answered ? answered() : finish(new PostError('timeout', `no answer within ${r.timeoutMs} ms`))),
      r.timeoutMs,
    );
    req.on('error', (e: NodeJS.ErrnoException) => finish(new PostError(e.code ?? 'request', e.message)));
    req.end(body);
  });
}

/**
 * Reads at most `drainBytes` of the answer and keeps the first `keepBytes`; returns a function
 * that ends the reading early with what was kept.
 */
function readBounded(res: IncomingMessage, r: PostRequest, done: (text: string) => void): () => void {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let seen = 0;
  const end = () => done(Buffer.concat(kept).toString('utf8'));
  res.on('data', (chunk: Buffer) => {
    seen += chunk.byteLength;
    if (keptBytes < r.keepBytes) {
      const part = chunk.subarray(0, r.keepBytes - keptBytes);
      kept.push(part);
      keptBytes += part.byteLength;
    }
    // The caller destroys the request (and its socket) once done: nothing more is read.
    if (seen >= r.drainBytes) end();
  });
  res.on('end', end);
  // A body cut short says nothing more about the delivery than its status.
  res.on('error', end);
  res.on('aborted', end);
  return end;
}
