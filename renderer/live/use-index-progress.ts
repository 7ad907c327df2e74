// A database's index build as it happens: the last `progress` event and the recent samples the
// rate is measured from (progress-rate.ts). Starts from what the page knew when it loaded.
import { useEffect, useState } from 'react';
import type { IndexProgress, InspectorApi } from '../../db/api/inspector-api.ts';
import { addSample, progressView, type ProgressSample, type ProgressView } from './progress-rate.ts';

export function useIndexProgress(
  api: InspectorApi,
  db: string | null,
  initial: IndexProgress | null,
): ProgressView | null {
  const [state, setState] = useState<{ samples: ProgressSample[]; latest: IndexProgress } | null>(
    initial ? { samples: [{ at: Date.now(), indexedRows: initial.indexedRows }], latest: initial } : null,
  );
  useEffect(() => {
    if (!db) return;
    const ctl = new AbortController();
    api.on(
      'progress',
      db,
      (p) =>
        setState((prev) => ({
          samples: addSample(prev?.samples ?? [], { at: Date.now(), indexedRows: p.indexedRows }),
          latest: p,
        })),
      { signal: ctl.signal },
    );
    return () => ctl.abort();
  }, [api, db]);
  const latest = state?.latest ?? initial;
  return latest ? progressView(state?.samples ?? [], latest) : null;
}
