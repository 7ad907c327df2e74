// Maps a request path to a file of the built renderer (dist/renderer), for both transports.
// Refuses anything that resolves outside that folder; unknown paths get index.html (the app
// routes in the URL hash, so this only matters for stray requests).
import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export type StaticFile =
  { ok: true; file: string; mime: string } | { ok: false; reason: 'no-build' | 'bad-path' | 'outside' };

/** True when the renderer has been built into `root`. */
export function hasRendererBuild(root: string | undefined): root is string {
  return Boolean(root && existsSync(join(root, 'index.html')));
}

export function resolveStaticFile(root: string, pathname: string): StaticFile {
  if (!hasRendererBuild(root)) return { ok: false, reason: 'no-build' };
  const base = resolve(root);
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return { ok: false, reason: 'bad-path' };
  }
  if (rel.includes('\0')) return { ok: false, reason: 'bad-path' };
  let file = resolve(base, rel || 'index.html');
  if (file !== base && !file.startsWith(base + sep)) return { ok: false, reason: 'outside' };
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(base, 'index.html');
  return { ok: true, file, mime: MIME[extname(file)] ?? 'application/octet-stream' };
}
