// The rows the grid shows: a snapshot of the filter (count + windowed model), replaced when the
// filters change, and advanced when live rows are taken in. Live events are only counted here
// (one rollup count per half second at most, whatever the writer's rate), so a 2,000 rows/s tail
// costs the page almost nothing.
import { useCallback, useEffect, useRef, useState, useMemo } from 'react';
import type { ApiError, ApiResult, InspectorApi, TracesPage } from '../../db/api/inspector-api.ts';
import type { RangeInput } from '../app/tab-props.ts';
import { DisplayModel } from './display-model.ts';
import { isScanFilter, type RowFilter } from './explorer-params.ts';
import { LiveTail } from './live-tail.ts';
import { RowWindow, type PageRequest } from './row-window.ts';
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

export type RowOrder = 'newest' | 'slowest';

/** A "contains" search in progress: rows read from the file so far, and whether it ended or was stopped. */
export interface ScanProgress {
  searched: number;
  done: boolean;
  cancelled: boolean;
  busy: boolean;
}

const COUNT_EVERY_MS = 500;
/** A contains search keeps every block it found (it cannot seek back by offset): 1,000 blocks of 100 rows at most. */
const SCAN_MAX_BLOCKS = 1000;

interface ModelOptions {
  api: InspectorApi;
  db: string;
  filter: RowFilter;
  order: RowOrder;
  snap: SnapshotRange;
  count: number;
  exact: boolean;
  /** Contains searches: called with the rows read for each answer; aborting ends the search. */
  scan?: { onSearched: (n: number, done: boolean, busy: boolean) => void; signal: AbortSignal };
}

function newModel(o: ModelOptions): DisplayModel {
  const ask = (req: PageRequest) => o.api.traces({ db: o.db, ...o.filter, range: o.snap, order: o.order, ...req });
  if (!o.scan) return new DisplayModel(new RowWindow(ask), o.count, o.exact);
  const { onSearched, signal } = o.scan;
  // A contains page may come back short with a cursor (its time budget ran out): ask again until
  // the block is full or the file ends, reporting the rows read; Cancel ends the block where it is.
  const fill = async (req: PageRequest): Promise<ApiResult<TracesPage>> => {
    const rows: TracesPage['rows'] = [];
    let cursor = req.cursor;
    onSearched(0, false, true);
    for (;;) {
      if (signal.aborted) return { ok: true, value: { rows, nextCursor: null } };
      const res = await ask({ limit: req.limit - rows.length, ...(cursor ? { cursor } : {}) });
      if (!res.ok) {
        onSearched(0, false, false);
        return res;
      }
      rows.push(...res.value.rows);
      const end = !res.value.nextCursor || rows.length >= req.limit;
      onSearched(res.value.searched ?? 0, res.value.nextCursor === null, !end);
      if (end) return { ok: true, value: { rows, nextCursor: signal.aborted ? null : res.value.nextCursor } };
      cursor = res.value.nextCursor ?? undefined;
    }
  };
  return new DisplayModel(new RowWindow(fill, { sequential: true, maxBlocks: SCAN_MAX_BLOCKS }), 0, false);
}

export function useRowSnapshot(opts: {
  api: InspectorApi;
  db: string;
  range: RangeInput;
  filter: RowFilter;
  order: RowOrder;
  live: boolean;
}) {
  const { api, db, order } = opts;
  const rangeKey = JSON.stringify(opts.range);
  const filterKey = JSON.stringify(opts.filter);
  const [scan, setScan] = useState<ScanProgress | null>(null);
  const scanCtrl = useRef<AbortController | null>(null);
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

  // A new snapshot whenever the filters, the order or the range change.
  useEffect(() => {
    const key = `${db}|${rangeKey}|${filterKey}|${order}`;
    current.current = { key, snapshot: null, busy: false };
    setState({ status: 'loading' });
    setPending(0);
    scanCtrl.current?.abort();
    scanCtrl.current = null;
    setScan(null);
    const { range, filter } = inputs.current;
    const snap = snapshotRange(range, Date.now());
    const ready = (model: DisplayModel) => {
      const snapshot: Snapshot = { snap, model, version: ++version.current, change: 'reset', added: 0 };
      current.current.snapshot = snapshot;
      setState({ status: 'ready', ...snapshot });
    };
    if (isScanFilter(filter)) {
      // Matches are found by reading the file: no count first, rows stream in with "N rows searched".
      const ctrl = new AbortController();
      scanCtrl.current = ctrl;
      let searched = 0;
      setScan({ searched: 0, done: false, cancelled: false, busy: true });
      const onSearched = (n: number, done: boolean, busy: boolean) => {
        if (current.current.key !== key) return;
        searched += n;
        setScan((s) => ({ searched, done: done || (s?.done ?? false), cancelled: ctrl.signal.aborted, busy }));
      };
      ready(
        newModel({ api, db, filter, order, snap, count: 0, exact: false, scan: { onSearched, signal: ctrl.signal } }),
      );
      return;
    }
    void api.traceCount({ db, ...filter, range: snap }).then((res) => {
      if (current.current.key !== key) return;
      if (!res.ok) return setState({ status: 'error', error: res.error });
      tail.reset(res.value.count);
      ready(newModel({ api, db, filter, order, snap, count: res.value.count, exact: res.value.exact }));
    });
  }, [api, db, rangeKey, filterKey, order, tail]);

  /** Stops a contains search: what it found stays listed. */
  const cancelScan = useCallback(() => {
    const ctrl = scanCtrl.current;
    if (!ctrl || ctrl.signal.aborted) return;
    ctrl.abort();
    setScan((s) => (s ? { ...s, cancelled: true } : s));
  }, []);

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
      const model = newModel({
        api,
        db,
        filter,
        order: 'newest',
        snap,
        count: count.value.count,
        exact: count.value.exact,
      });
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
    // Live rows go on top of a list in time order; a search of the file or a list slowest first
    // is a fixed answer until the filters change.
    if (!cur.snapshot || isScanFilter(inputs.current.filter) || inputs.current.order !== 'newest') return;
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

  return { state, pending, advance, onTopChange, current, scan, cancelScan };
}
