// The Overview's stale list and the ignored entries under it, read live, and the threshold edits
// made on them: after one is saved both are read again, with the engine's new verdicts.
import { useMemo, useState } from 'react';
import type { InspectorApi, StaleThreshold } from '../../db/api/inspector-api.ts';
import { useLiveQuery, type LiveQueryOptions } from '../live/use-live-query.ts';

export function useStaleList(api: InspectorApi, db: string, live: boolean) {
  const [version, setVersion] = useState(0);
  const opts: LiveQueryOptions = { api, db, live, events: ['stale', 'status'], pollMs: 10_000 };
  const stale = useLiveQuery(() => api.staleness({ db }), String(version), opts);
  // Entries are set from alert rules too (one model): read again on the same events as the list.
  const entries = useLiveQuery(() => api.staleThresholds({ db }), String(version), opts);
  const ignored = useMemo(() => (entries.data ?? []).filter((r) => r.threshold === 'ignore'), [entries.data]);
  /** Sets (null: removes) the entry of a process and variable; resolves to an error sentence or null. */
  const setThreshold = async (process: string, data: string, threshold: StaleThreshold | null) => {
    const r = await api.setStaleThreshold({ db, process, data, threshold });
    if (!r.ok) return r.error.message;
    setVersion((n) => n + 1);
    return null;
  };
  return { stale, ignored, setThreshold };
}
