// Small data hooks of the explorer: process groups for the dropdown, the staleness marks, the
// selected row in full and the selected trace's tree. Each answer is dropped if the question
// changed while it was on its way.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InspectorApi, TraceRow, TraceTree } from '../../db/api/inspector-api.ts';
import { staleIndex, type StaleIndex } from './stale-marks.ts';
import { appendTreePage } from './tree-pages.ts';

/** The process groups (for the dropdown) and function names (for the process filter), busiest first. */
export function useFunctionList(api: InspectorApi, db: string): { groups: (string | null)[]; functions: string[] } {
  const [list, setList] = useState<{ groups: (string | null)[]; functions: string[] }>({ groups: [], functions: [] });
  useEffect(() => {
    let stop = false;
    void api.functions({ db }).then((r) => {
      if (stop || !r.ok) return;
      const set = new Set<string | null>();
      for (const f of r.value) for (const g of f.groups) set.add(g);
      setList({ groups: [...set], functions: r.value.map((f) => f.process) });
    });
    return () => void (stop = true);
  }, [api, db]);
  return list;
}

/** The stale verdicts, read again on `stale` events and whenever `version` changes (a threshold saved). */
export function useStaleness(api: InspectorApi, db: string, version = 0): StaleIndex {
  const [index, setIndex] = useState<StaleIndex>(() => new Map());
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // The same answer keeps the same index: no render of the tab, no cell to look at.
    let seen = '';
    const load = () =>
      void api.staleness({ db }).then((r) => {
        if (stop || !r.ok) return;
        const json = JSON.stringify(r.value.variables);
        if (json === seen) return;
        seen = json;
        setIndex(staleIndex(r.value.variables));
      });
    load();
    const ctrl = new AbortController();
    api.on(
      'stale',
      db,
      () => {
        timer ??= setTimeout(() => {
          timer = null;
          load();
        }, 2000);
      },
      { signal: ctrl.signal },
    );
    return () => {
      stop = true;
      ctrl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, db, version]);
  return index;
}

export type Loadable<T> = { value: T | null; loading: boolean; error: string | null };

function useLoad<K, T>(
  key: K | null,
  load: (k: K) => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
): Loadable<T> {
  const [state, setState] = useState<Loadable<T>>({ value: null, loading: false, error: null });
  const latest = useRef<K | null>(null);
  useEffect(() => {
    latest.current = key;
    if (key === null) return setState({ value: null, loading: false, error: null });
    setState((s) => ({ ...s, loading: true, error: null }));
    void load(key).then((r) => {
      if (latest.current !== key) return;
      setState(
        r.ok
          ? { value: r.value, loading: false, error: null }
          : { value: null, loading: false, error: r.error.message },
      );
    });
  }, [key, load]);
  return state;
}

export function useFullRow(api: InspectorApi, db: string, id: number | null): Loadable<TraceRow> {
  const load = useCallback((k: number) => api.row({ db, id: k }), [api, db]);
  return useLoad(id, load);
}

export type PagedTree = Loadable<TraceTree> & {
  /** Fetches the next page of calls (nextOffset) and appends it; a no-op on the last page. */
  loadMore: () => void;
  loadingMore: boolean;
};

export function useTraceTree(api: InspectorApi, db: string, traceId: string | null): PagedTree {
  const loadTree = useCallback((k: string) => api.traceTree({ db, traceId: k }), [api, db]);
  const first = useLoad(traceId, loadTree);
  const [more, setMore] = useState<{ tree: TraceTree; loading: boolean } | null>(null);
  const latest = useRef(traceId);
  latest.current = traceId;
  useEffect(() => setMore(null), [first.value]);
  const tree = more?.tree ?? first.value;
  const loadMore = () => {
    if (!tree || tree.nextOffset === null || more?.loading) return;
    const sofar = tree;
    setMore({ tree: sofar, loading: true });
    void api
      .traceTree({ db, traceId: sofar.traceId, offset: sofar.nextOffset!, after: sofar.nextAfter ?? undefined })
      .then((r) => {
        if (latest.current !== sofar.traceId) return;
        setMore({ tree: r.ok ? appendTreePage(sofar, r.value) : sofar, loading: false });
      });
  };
  return { ...first, value: tree, loadMore, loadingMore: more?.loading ?? false };
}
