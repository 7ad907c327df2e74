// The interface the renderer programs against. Both transports (Electron preload, HTTP client)
// implement it; it is derived from the API table, so it cannot drift from what the engine serves.
import type { ApiResult } from './errors.ts';
import type { OperationInput, OperationName, OperationResult } from './operations.ts';
import type { EventName, InspectorEvents } from './types.ts';

export type InspectorCalls = {
  [K in OperationName]: (input: OperationInput<K>) => Promise<ApiResult<OperationResult<K>>>;
};

export interface InspectorSubscriptions {
  /** Live events of one database; stop them with the signal (or the returned function). */
  on<E extends EventName>(
    event: E,
    db: string,
    listener: (payload: InspectorEvents[E]) => void,
    opts?: { signal?: AbortSignal },
  ): () => void;
}

export type InspectorApi = InspectorCalls & InspectorSubscriptions;

export type { ApiError, ApiResult, ErrorKind } from './errors.ts';
export type * from './types.ts';
export type { OperationInput, OperationName, OperationResult } from './operations.ts';

/**
 * What the Electron preload exposes as `window.inspector` (the name is fixed: renderer/api/connect.ts reads it). Same calls; `on` returns its stop
 * function instead of taking an AbortSignal, because a signal cannot cross contextBridge (objects
 * are copied into the isolated world, functions are proxied). renderer/api/desktop-client.ts
 * turns it back into an InspectorApi.
 */
export type InspectorBridge = InspectorCalls & {
  on<E extends EventName>(event: E, db: string, listener: (payload: InspectorEvents[E]) => void): () => void;
};
