// OTLP/HTTP trace receiver for serve mode: POST /v1/traces (application/json or
// application/x-protobuf, optionally gzip), decoded and written by a sink (serve mode: a thread
// of its own, see db/otlp/ingest-thread.ts) into a contract database the engine opens
// like any other. Loopback only, with the same Host/Origin checks as the API server, a body cap,
// and OTLP's error replies (a google.rpc.Status in the request's own encoding).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip as gunzipCb } from 'node:zlib';
import type { OtlpSink } from '../../db/otlp/ingest-thread.ts';
import { OtlpDecodeError } from '../../db/otlp/model.ts';
import {
  RPC_INVALID_ARGUMENT,
  RPC_RESOURCE_EXHAUSTED,
  RPC_UNAVAILABLE,
  statusBody,
  successBody,
  type OtlpEncoding,
} from '../../db/otlp/rpc-status.ts';
import { listenOnLoopback } from './loopback-listen.ts';

/** Larger than any batch the SDKs send by default (512 spans), small enough to refuse floods. */
export const OTLP_MAX_BODY = 16 << 20;

export interface OtlpReceiverOptions {
  port?: number;
  maxBodyBytes?: number;
  /** Told about every accepted request (serve-cli prints a line now and then). */
  onIngest?: (spans: number) => void;
}

export interface RunningOtlpReceiver {
  server: Server;
  url: string;
  stats(): { requests: number; spans: number; rejected: number };
  close: () => Promise<void>;
}

const CONTENT_TYPES: Record<string, OtlpEncoding> = {
  'application/json': 'json',
  'application/x-protobuf': 'protobuf',
};

class BodyTooLarge extends Error {}

/** zlib's thread pool, not this loop: a 16 MiB inflate would stall the API's answers. */
const gunzip = promisify(gunzipCb);

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startOtlpReceiver(store: OtlpSink, opts: OtlpReceiverOptions = {}): Promise<RunningOtlpReceiver> {
  const max = opts.maxBodyBytes ?? OTLP_MAX_BODY;
  let allowedHosts = new Set<string>();
  const counts = { requests: 0, spans: 0, rejected: 0 };

  const reply = (res: ServerResponse, status: number, encoding: OtlpEncoding, body: Buffer) => {
    res.writeHead(status, {
      'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      'content-length': body.length,
    });
    res.end(body);
  };
  const reject = (res: ServerResponse, status: number, encoding: OtlpEncoding, code: number, message: string) => {
    counts.rejected++;
    reply(res, status, encoding, statusBody(encoding, code, message));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Before the content type is known, errors are answered in JSON.
    let encoding: OtlpEncoding = 'json';
    try {
      if (!allowedHosts.has(req.headers.host ?? ''))
        return reject(
          res,
          403,
          encoding,
          RPC_INVALID_ARGUMENT,
          'Requests must be addressed to this receiver by its loopback address.',
        );
      const origin = req.headers.origin;
      if (origin && !allowedHosts.has(origin.replace(/^https?:\/\//, '')))
        return reject(res, 403, encoding, RPC_INVALID_ARGUMENT, 'Cross-origin requests are refused.');
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== '/v1/traces')
        return reject(res, 404, encoding, RPC_INVALID_ARGUMENT, 'This receiver accepts traces only: POST /v1/traces.');
      if (req.method !== 'POST') return reject(res, 405, encoding, RPC_INVALID_ARGUMENT, 'Use POST /v1/traces.');
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!CONTENT_TYPES[type])
        return reject(
          res,
          415,
          encoding,
          RPC_INVALID_ARGUMENT,
          'Content-Type must be application/json or application/x-protobuf.',
        );
      encoding = CONTENT_TYPES[type];
      const contentEncoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (contentEncoding !== 'identity' && contentEncoding !== 'gzip')
        return reject(
          res,
          415,
          encoding,
          RPC_INVALID_ARGUMENT,
          `Content-Encoding ${contentEncoding} is not supported (use gzip or none).`,
        );
      let body: Buffer;
      try {
        body = await readBody(req, max);
        // The cap holds after decompression too: a small gzip bomb must not fill memory.
        if (contentEncoding === 'gzip') body = await gunzip(body, { maxOutputLength: max });
      } catch (err) {
        if (err instanceof BodyTooLarge || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          res.setHeader('connection', 'close');
          return reject(
            res,
            413,
            encoding,
            RPC_RESOURCE_EXHAUSTED,
            `The request body is larger than ${max} bytes; send smaller batches.`,
          );
        }
        return reject(res, 400, encoding, RPC_INVALID_ARGUMENT, 'The body could not be read (bad gzip data?).');
      }
      let result;
      try {
        result = await store.ingest(encoding, body);
      } catch (err) {
        if (err instanceof OtlpDecodeError) return reject(res, 400, encoding, RPC_INVALID_ARGUMENT, err.message);
        // Locked, disk full, read-only: retryable for the exporter (503 per the OTLP spec).
        return reject(
          res,
          503,
          encoding,
          RPC_UNAVAILABLE,
          `The spans could not be written to ${store.path}: ${(err as Error).message}`,
        );
      }
      counts.requests++;
      counts.spans += result.spans;
      opts.onIngest?.(result.spans);
      reply(res, 200, encoding, successBody(encoding));
    } catch (err) {
      if (!res.headersSent) reject(res, 500, encoding, RPC_UNAVAILABLE, `Unexpected error: ${(err as Error).message}`);
      else res.end();
    }
  };
  const server = createServer((req, res) => void handle(req, res));

  const { port, hosts } = await listenOnLoopback(server, opts.port);
  allowedHosts = hosts;
  return {
    server,
    url: `http://127.0.0.1:${port}/v1/traces`,
    stats: () => ({ ...counts }),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
