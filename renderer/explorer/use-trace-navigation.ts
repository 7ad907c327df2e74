// What the Explorer does with rows and traces: select a row (into the URL), expand a trace in place,
// reveal a linked row in the middle of the list, and jump from error to error.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { InspectorApi, TraceRow } from '../../db/api/inspector-api.ts';
import type { GridRow } from './display-model.ts';
import { formatExplorerParams, type RowFilter } from './explorer-params.ts';
import { findError, locateRow, type Query } from './locate-row.ts';
import { flattenTree } from './tree-rows.ts';
import type { Snapshot } from './use-row-snapshot.ts';

type Placed = Pick<TraceRow, 'id' | 'ts' | 'traceId'>;

export interface TraceNavigationOptions {
  api: InspectorApi;
  db: string;
  filter: RowFilter;
  /** Slowest first or a contains search: rows are not in time order, or not all counted. */
  order: 'newest' | 'slowest';
  scanning: boolean;
  snapshot: Snapshot | null;
  /** The row and trace the URL asks for (a link from another tab). */
  wanted: { row: number | null; trace: string | null };
  setParams: (next: Record<string, string | undefined>) => void;
  say: (text: string) => void;
}

export function useTraceNavigation({
  api,
  db,
  filter,
  order,
  scanning,
  snapshot,
  wanted,
  setParams,
  say,
}: TraceNavigationOptions) {
  const seekable = order === 'newest' && !scanning;
  const gridApi = useRef<GridApi<GridRow> | null>(null);
  const [loadingTrace, setLoadingTrace] = useState<string | null>(null);
  /** The list row last selected (its ts and id place it for e / E). */
  const selectedRow = useRef<Pick<TraceRow, 'id' | 'ts'> | null>(null);
  /** The row/trace the URL asked for that we already revealed (or selected ourselves). */
  const revealed = useRef<string | null>(null);
  // The snapshot in force when an await returns: work started on a snapshot since replaced (new
  // filters, live rows taken in) must not touch the new one's rows.
  const latest = useRef(snapshot);
  useLayoutEffect(() => {
    latest.current = snapshot;
  }, [snapshot]);

  const refreshGrid = useCallback((s: Snapshot) => {
    const g = gridApi.current;
    if (!g) return;
    g.setRowCount(s.model.count, true);
    g.refreshInfiniteCache();
  }, []);

  const select = useCallback(
    (row: Placed) => {
      selectedRow.current = row;
      revealed.current = `${row.id}|${row.traceId ?? ''}`;
      setParams(formatExplorerParams({ row: row.id, trace: row.traceId }));
    },
    [setParams],
  );

  const expand = useCallback(
    async (s: Snapshot, base: number, row: TraceRow, key: string | null): Promise<void> => {
      if (!row.traceId) return;
      // Opened at once (empty until the tree arrives): live rows stop pushing the list from now on.
      s.model.expand({ base, rowId: row.id, traceId: row.traceId, children: [] });
      setLoadingTrace(key);
      refreshGrid(s);
      const res = await api.traceTree({ db, traceId: row.traceId });
      setLoadingTrace(null);
      if (!res.ok) return say(res.error.message);
      if (latest.current?.model === s.model && s.model.setChildren(row.id, flattenTree(res.value, row.id)))
        refreshGrid(s);
    },
    [api, db, say, refreshGrid],
  );

  // Stable for the grid's whole life: a new toggle is a new grid context, which redraws every
  // visible cell, and the snapshot changes with each live batch. While tailing 2,000 rows/s that
  // was ~10 forced redraws a second, each a 50–180 ms task at 1M rows (scripts/bench-ui.ts).
  const toggleWith = useRef({ expand, select, refreshGrid });
  useLayoutEffect(() => {
    toggleWith.current = { expand, select, refreshGrid };
  }, [expand, select, refreshGrid]);
  const toggle = useCallback((g: GridRow) => {
    const s = latest.current;
    if (!s) return;
    const { expand, select, refreshGrid } = toggleWith.current;
    if (s.model.isExpanded(g.base)) {
      s.model.collapse(g.base);
      refreshGrid(s);
    } else void expand(s, g.base, g.row, g.key);
    select(g.row);
  }, []);

  /** Select a row, scroll it into the middle of the list and (for a link) open its trace. */
  const reveal = useCallback(
    async (row: TraceRow, opts: { expand: boolean }) => {
      const s = snapshot;
      if (!s) return;
      select(row);
      const q: Query = { api, db, filter, snap: s.snap, seekable };
      const base = await locateRow(q, s.model.window, row);
      if (latest.current?.model !== s.model) return;
      if (base < 0)
        return say(
          seekable
            ? `Row #${row.id} is outside the current filters or time range: shown below, not in the list.`
            : `Row #${row.id} is shown below (not among the rows loaded in this order).`,
        );
      if (opts.expand && row.traceId && !s.model.isExpanded(base)) await expand(s, base, row, null);
      gridApi.current?.ensureIndexVisible(s.model.displayIndexOfBase(base), 'middle');
    },
    [snapshot, api, db, filter, seekable, select, expand, say],
  );

  const nextError = useCallback(
    async (direction: 'down' | 'up') => {
      const s = snapshot;
      if (!s) return;
      if (!seekable)
        return say(
          'Error jumps work on the list in time order: set the order to newest first (and no contains filter).',
        );
      const q: Query = { api, db, filter, snap: s.snap, seekable };
      const hit = await findError(q, selectedRow.current, direction);
      if (!hit) return say(direction === 'down' ? 'No more errors below.' : 'No more errors above.');
      const base = await locateRow(q, s.model.window, hit);
      select(hit);
      if (base >= 0 && latest.current?.model === s.model)
        gridApi.current?.ensureIndexVisible(s.model.displayIndexOfBase(base), 'middle');
    },
    [snapshot, api, db, filter, seekable, select, say],
  );

  // Landing on #/explorer?trace=…&row=… (the Overview's recent errors): find, expand, scroll.
  const { row: wantedRow, trace: wantedTrace } = wanted;
  useEffect(() => {
    if (!snapshot) return;
    const want = `${wantedRow ?? ''}|${wantedTrace ?? ''}`;
    if (revealed.current === want || (wantedRow === null && wantedTrace === null)) return;
    revealed.current = want;
    void (async () => {
      let row: TraceRow | null = null;
      if (wantedRow !== null) {
        const r = await api.row({ db, id: wantedRow });
        if (!r.ok) return say(r.error.message);
        row = r.value;
      } else if (wantedTrace) {
        const t = await api.traceTree({ db, traceId: wantedTrace });
        if (!t.ok) return say(t.error.message);
        row = t.value.nodes[0]?.rows[0] ?? null;
      }
      if (row) await reveal(row, { expand: true });
    })();
  }, [snapshot, wantedRow, wantedTrace, api, db, reveal, say]);

  return { gridApi, loadingTrace, select, toggle, nextError };
}
