// The renderer's one way to the engine: the Electron bridge when the preload exposed it, the HTTP
// transport of `serve` mode otherwise. Components receive the InspectorApi and never know which.
import type { InspectorApi, InspectorBridge } from '../../db/api/inspector-api.ts';
import { createDesktopClient } from './desktop-client.ts';
import { createHttpClient } from './http-client.ts';

export function connectApi(win: { inspector?: InspectorBridge; location: { origin: string } } = window): InspectorApi {
  return win.inspector ? createDesktopClient(win.inspector) : createHttpClient({ baseUrl: win.location.origin });
}

/**
 * What the page was opened on. The desktop shell loads one window per database with
 * `?db=<handle>`, or with `?error=<sentence>&errorKind=<kind>&path=<file>` when the file could not
 * be opened. In `serve` mode there is no query: the renderer asks `databases` and takes the first.
 */
export interface LaunchParams {
  db: string | null;
  error: { kind: string; message: string; path: string | null } | null;
}

export function launchParams(search: string): LaunchParams {
  const q = new URLSearchParams(search);
  const message = q.get('error');
  return {
    db: q.get('db') || null,
    error: message ? { kind: q.get('errorKind') ?? 'internal', message, path: q.get('path') } : null,
  };
}
