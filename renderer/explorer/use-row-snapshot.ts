// The rows the grid shows: a snapshot of the filter (count + windowed model), replaced when the
// filters change, and advanced when live rows are taken in. Live events are only counted here
// (one rollup count per half second at most, whatever the writer's rate), so a 2,000 rows/s tail
// costs the page almost nothing.
import { useCallback, useEffect, useRef, useState, useMemo } from 'react';
import type { ApiError, InspectorApi } from '../../db/api/inspector-api.ts';
import type { RangeInput } from '../app/tab-props.ts';
import { DisplayModel } from './display-model.ts';
import type { RowFilter } from './explorer-params.ts';
import { LiveTail } from './live-tail.ts';
import { RowWindow } from './row-window.ts';
import { growthRange, snapshotRange, type SnapshotRange } from './snapshot-range.ts';

export interface Snapshot {
  snap: SnapshotRange;
  model: DisplayModel;
  /** Bumped on every change of rows: `reset` (new filters) or `advance` (live rows taken in on top). */
  version: number;
  change: 'reset' | 'advance';
  /** Rows taken in by the last advance. */
  added: number;
}

export type SnapshotState =
  { status: 'loading' } | { status: 'error'; error: ApiError } | ({ status: 'ready' } & Snapshot);

const COUNT_EVERY_MS = 500;

function newModel(api: InspectorApi, db: string, filter: RowFilter, snap: SnapshotRange, count: number): DisplayModel {
  const window = new RowWindow((req) => api.traces({ db, ...filter, range: snap, order: 'newest', ...req }));
  return new DisplayModel(window, count);
}

export function useRowSnapshot(opts: {
  api: InspectorApi;
  db: string;
  range: RangeInput;
  filter: RowFilter;
  live: boolean;
}) {
  const { api, db } = opts;
  const rangeKey = JSON.stringify(opts.range);
  const filterKey = JSON.stringify(opts.filter);
  const [state, setState] = useState<SnapshotState>({ status: 'loading' });
  const [pending, setPending] = useState(0);
  const tail = useMemo(() => new LiveTail(), []);
  const atTop = useRef(true);
  const current = useRef<{ key: string; snapshot: Snapshot | null; busy: boolean }>({
    key: '',
    snapshot: null,
    busy: false,
  });
  const liveRef = useRef(opts.live);
  liveRef.current = opts.live;
  const inputs = useRef(opts);
  inputs.current = opts;
  const version = useRef(0);

  // A new snapshot whenever the filters or the range change.
  useEffect(() => {
    const key = `${db}|${rangeKey}|${filterKey}`;
    current.current = { key, snapshot: null, busy: false };
    setState({ status: 'loading' });
    setPending(0);
    const { range, filter } = inputs.current;
    const snap = snapshotRange(range, Date.now());
    void api.traceCount({ db, ...filter, range: snap }).then((res) => {
      if (current.current.key !== key) return;
      if (!res.ok) return setState({ status: 'error', error: res.error });
      tail.reset(res.value.count);
      const snapshot: Snapshot = {
        snap,
        model: newModel(api, db, filter, snap, res.value.count),
        version: ++version.current,
        change: 'reset',
        added: 0,
      };
      current.current.snapshot = snapshot;
      setState({ status: 'ready', ...snapshot });
    });
  }, [api, db, rangeKey, filterKey, tail]);

  /** Take the rows that arrived in: they go on top, expanded traces keep their rows. */
  const advance = useCallback(async () => {
    const cur = current.current;
    const old = cur.snapshot;
    if (!old || cur.busy) return;
    cur.busy = true;
    try {
      const { range, filter } = inputs.current;
      const snap = snapshotRange(range, Date.now());
      const [count, added] = await Promise.all([
        api.traceCount({ db, ...filter, range: snap }),
        api.traceCount({
          db,
          ...filter,
          range: {
            ...(snap.from !== undefined ? { from: Math.max(snap.from, old.snap.to) } : { from: old.snap.to }),
            to: snap.to,
          },
        }),
      ]);
      if (current.current !== cur || !count.ok || !added.ok) return;
      const model = newModel(api, db, filter, snap, count.value.count);
      for (const e of old.model.expansions) {
        const base = e.base + added.value.count;
        if (base < count.value.count) model.expand({ ...e, base });
      }
      tail.reset(count.value.count);
      setPending(0);
      const snapshot: Snapshot = {
        snap,
        model,
        version: ++version.current,
        change: 'advance',
        added: added.value.count,
      };
      cur.snapshot = snapshot;
      setState({ status: 'ready', ...snapshot });
    } finally {
      cur.busy = false;
    }
  }, [api, db, tail]);

  const recount = useCallback(async () => {
    const cur = current.current;
    if (!cur.snapshot) return;
    const { range, filter } = inputs.current;
    const res = await api.traceCount({ db, ...filter, range: growthRange(range, cur.snapshot.snap) });
    if (current.current !== cur || !res.ok) return;
    tail.observe(res.value.count);
    const action = tail.decide({
      live: liveRef.current,
      atTop: atTop.current,
      reading: cur.snapshot.model.expansions.length > 0,
    });
    if (action === 'advance') await advance();
    else setPending(tail.pending);
  }, [api, db, advance, tail]);

  // Live rows: counted at most every COUNT_EVERY_MS, whatever the rate they arrive at.
  useEffect(() => {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    api.on(
      'rows',
      db,
      () => {
        timer ??= setTimeout(() => {
          timer = null;
          void recount();
        }, COUNT_EVERY_MS);
      },
      { signal: ctrl.signal },
    );
    return () => {
      ctrl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, db, recount]);

  // Back at the top (or live switched on) with rows waiting: take them in.
  const onTopChange = useCallback(
    (top: boolean) => {
      const was = atTop.current;
      atTop.current = top;
      if (top && !was && liveRef.current && tail.pending > 0 && !current.current.snapshot?.model.expansions.length)
        void advance();
    },
    [advance, tail],
  );
  const live = opts.live;
  useEffect(() => {
    if (live && atTop.current && tail.pending > 0) void advance();
  }, [live, advance, tail]);

  return { state, pending, advance, onTopChange, current };
}
