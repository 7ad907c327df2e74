// Runs one user action against the engine (save, acknowledge, delete…): busy while it runs, and
// the engine's sentence kept when it refuses, for the form or panel to show.
import { useCallback, useState } from 'react';
import type { ApiError, ApiResult } from '../../db/api/inspector-api.ts';

export interface ApiAction {
  busy: boolean;
  error: ApiError | null;
  run<T>(call: () => Promise<ApiResult<T>>): Promise<T | null>;
  clear: () => void;
}

export function useApiAction(onDone?: () => void): ApiAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(
    async <T>(call: () => Promise<ApiResult<T>>): Promise<T | null> => {
      setBusy(true);
      setError(null);
      try {
        const r = await call();
        if (!r.ok) {
          setError(r.error);
          return null;
        }
        onDone?.();
        return r.value;
      } finally {
        setBusy(false);
      }
    },
    [onDone],
  );
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
