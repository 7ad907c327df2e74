// GET <app>/api/export?db=…&format=csv|jsonl|chrome|otlp[&range=24h|&from=…&to=…][&group=…][&errors=1][&search=…][&trace=…]
// One parser for both transports: serve mode answers it over HTTP (main/serve/export-route.ts), the
// desktop app from its app:// protocol (so the renderer's plain download link works in both, and
// Electron asks where to save). Errors found before the first byte come back as the API's
// { ok: false, error } with a status; a failure mid-stream can only cut the download short.
import { basename } from 'node:path';
import { toApiError, type ApiError } from '../db/api/errors.ts';
import type { Engine } from '../db/engine/engine.ts';
import { parseExportFlags } from '../db/export/export-request.ts';
import { prepareExport } from '../db/export/stream-export.ts';
import { httpStatus } from './http-status.ts';

export type PreparedDownload =
  | { ok: true; headers: Record<string, string>; writeTo: Awaited<ReturnType<typeof prepareExport>>['writeTo'] }
  | { ok: false; status: number; error: ApiError };

export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function prepareDownload(engine: Engine, q: URLSearchParams): Promise<PreparedDownload> {
  const flag = (name: string) => q.get(name) ?? undefined;
  try {
    const db = q.get('db') ?? '';
    const request = parseExportFlags(db, {
      format: flag('format'),
      range: flag('range'),
      from: flag('from'),
      to: flag('to'),
      group: q.getAll('group'),
      errors: ['1', 'true', 'yes'].includes(q.get('errors') ?? ''),
      search: flag('search'),
      trace: flag('trace'),
    });
    const path = engine.databases().find((d) => d.db === db)?.path;
    const prepared = await prepareExport(engine, request, path ? basename(path) : undefined);
    return {
      ok: true,
      headers: {
        'content-type': prepared.contentType,
        'content-disposition': contentDisposition(prepared.fileName),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
      writeTo: prepared.writeTo,
    };
  } catch (err) {
    const error = toApiError(err);
    return { ok: false, status: httpStatus(error.kind), error };
  }
}
