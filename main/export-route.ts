// GET /api/export?db=…&format=csv|jsonl|chrome|otlp[&range=24h|&from=…&to=…][&group=…][&errors=1][&search=…][&trace=…]
// Streams an export with a Content-Disposition filename. Errors found before the first byte
// (unknown database, bad filter, unknown trace) get the API's { ok: false, error } with a status;
// a failure mid-stream can only cut the download short (the headers are gone).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { toApiError, type ErrorKind } from '../db/api/errors.ts';
import type { Engine } from '../db/engine/engine.ts';
import { parseExportFlags } from '../db/export/export-request.ts';
import { prepareExport } from '../db/export/stream-export.ts';

const STATUS: Partial<Record<ErrorKind, number>> = { 'invalid-input': 400, 'unknown-database': 404, 'not-found': 404, timeout: 504, closed: 503 };

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function serveExport(engine: Engine, url: URL, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  const q = url.searchParams;
  const flag = (name: string) => q.get(name) ?? undefined;
  let prepared;
  try {
    const db = q.get('db') ?? '';
    const request = parseExportFlags(db, {
      format: flag('format'), range: flag('range'), from: flag('from'), to: flag('to'), group: q.getAll('group'),
      errors: ['1', 'true', 'yes'].includes(q.get('errors') ?? ''), search: flag('search'), trace: flag('trace'),
    });
    const path = engine.databases().find((d) => d.db === db)?.path;
    prepared = await prepareExport(engine, request, path ? basename(path) : undefined);
  } catch (err) {
    const error = toApiError(err);
    res.writeHead(STATUS[error.kind] ?? 422, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ok: false, error }));
    return;
  }
  res.writeHead(200, {
    'content-type': prepared.contentType,
    'content-disposition': contentDisposition(prepared.fileName),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  const abort = new AbortController();
  // 'close' on the response before it finished means the client went away: stop paging.
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  try {
    await prepared.writeTo(res, abort.signal);
    res.end();
  } catch {
    // The client went away, or the engine failed mid-way: nothing more can be said on this response.
    res.destroy();
  }
}
