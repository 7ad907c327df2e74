// InspectorApi over the Electron preload's bridge (`window.inspector`). The calls pass straight
// through; only `on` is adapted, because an AbortSignal cannot cross contextBridge.
import type { InspectorApi, InspectorBridge } from '../../db/api/inspector-api.ts';

export function createDesktopClient(bridge: InspectorBridge): InspectorApi {
  return new Proxy({} as InspectorApi, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      if (name === 'on') {
        return ((event, db, listener, opts = {}) => {
          if (opts.signal?.aborted) return () => {};
          const stop = bridge.on(event, db, listener);
          opts.signal?.addEventListener('abort', stop, { once: true });
          return stop;
        }) satisfies InspectorApi['on'];
      }
      const call = (bridge as unknown as Record<string, unknown>)[name];
      return typeof call === 'function' ? call : undefined;
    },
  });
}
