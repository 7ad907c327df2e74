// The renderer is loaded from app://inspector/, a custom scheme served from the app's own files
// (dist/renderer), never from the web or file://. The handler is plain fetch-API code, so it is
// tested without Electron.
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy.ts';
import { resolveStaticFile } from '../static-files.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'inspector';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Registered before the app is ready. `standard` gives the scheme real origins and relative URLs,
 * `secure` makes it a secure context (clipboard, workers), `supportFetchAPI` lets the renderer
 * fetch its own assets (monaco's workers).
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
};

/** The page URL for a window: one database (`db`), or the error of a file that failed to open. */
export function appPageUrl(query: Record<string, string> = {}): string {
  const q = new URLSearchParams(query).toString();
  return `${APP_ORIGIN}/index.html${q ? `?${q}` : ''}`;
}

/** True for URLs of the app's own pages (any path on app://inspector). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    // Non-special schemes have an opaque origin ("null") in WHATWG URL: compare the parts.
    return u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST;
  } catch {
    return false;
  }
}

export interface AppRoutes {
  /** GET /api/export: an export download (see main/export-download.ts). */
  exportDownload?: (query: URLSearchParams) => Promise<Response>;
}

export function appProtocolHandler(
  rendererDir: string,
  routes: AppRoutes = {},
): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host.toLowerCase() !== APP_HOST) return new Response('Not found', { status: 404 });
    if (url.pathname === '/api/export' && request.method === 'GET' && routes.exportDownload)
      return routes.exportDownload(url.searchParams);
    const found = resolveStaticFile(rendererDir, url.pathname);
    if (!found.ok) {
      const status = found.reason === 'outside' ? 403 : found.reason === 'bad-path' ? 400 : 503;
      const text = found.reason === 'no-build' ? 'The interface is not built: run `npm run build`.' : 'Refused.';
      return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    return new Response(await readFile(found.file), {
      headers: {
        'content-type': found.mime,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  };
}
