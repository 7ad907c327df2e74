// The desktop app's export download: app://inspector/api/export answers with the same stream as
// serve mode's GET /api/export, so the renderer's download link is one link in both transports.
import { PassThrough, Readable } from 'node:stream';
import type { Engine } from '../../db/engine/engine.ts';
import { prepareDownload } from '../export-download.ts';

export async function exportResponse(engine: Engine, q: URLSearchParams): Promise<Response> {
  const d = await prepareDownload(engine, q);
  if (!d.ok)
    return new Response(JSON.stringify({ ok: false, error: d.error }), {
      status: d.status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  const body = new PassThrough();
  d.writeTo(body).then(
    () => body.end(),
    (err: Error) => body.destroy(err),
  );
  return new Response(Readable.toWeb(body) as ReadableStream, { headers: d.headers });
}
