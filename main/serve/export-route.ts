// GET /api/export in serve mode: the download prepared by export-download.ts, streamed over HTTP.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../../db/engine/engine.ts';
import { prepareDownload } from '../export-download.ts';

export async function serveExport(engine: Engine, url: URL, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  const download = await prepareDownload(engine, url.searchParams);
  if (!download.ok) {
    res.writeHead(download.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ok: false, error: download.error }));
    return;
  }
  res.writeHead(200, download.headers);
  const abort = new AbortController();
  // 'close' on the response before it finished means the client went away: stop paging.
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  try {
    await download.writeTo(res, abort.signal);
    res.end();
  } catch {
    // The client went away, or the engine failed mid-way: nothing more can be said on this response.
    res.destroy();
  }
}
