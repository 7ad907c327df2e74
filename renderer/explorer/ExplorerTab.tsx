// Trace Explorer: every row of the database, newest first, filtered by the header's range and the
// toolbar; a row of a trace expands in place to its call tree, and the panes below show the
// selected trace as a waterfall and the selected row in full.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { TraceRow } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import type { GridRow } from './display-model.ts';
import { ExplorerToolbar } from './ExplorerToolbar.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import { formatExplorerParams, hasFilters, parseExplorerParams, rowFilter } from './explorer-params.ts';
import { findError, locateRow, type Query } from './locate-row.ts';
import { RowDetail } from './RowDetail.tsx';
import { staleVariable } from './stale-marks.ts';
import { TraceGrid, type GridContext } from './TraceGrid.tsx';
import { flattenTree } from './tree-rows.ts';
import { useFullRow, useGroups, useStaleness, useTraceTree } from './use-trace-data.ts';
import { useRowSnapshot } from './use-row-snapshot.ts';
import { Waterfall } from './Waterfall.tsx';
import './explorer.css';

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

export function ExplorerTab(props: TabProps) {
  const { api, db, setParams } = props;
  const params = parseExplorerParams(props.params);
  const filter = useMemo(() => rowFilter(params), [params.group, params.errorsOnly, params.search]);
  const { state, pending, advance, onTopChange } = useRowSnapshot({ api, db, range: props.range, filter, live: props.live });
  const groups = useGroups(api, db);
  const stale = useStaleness(api, db);
  const fullRow = useFullRow(api, db, params.row);
  const tree = useTraceTree(api, db, params.trace);
  const gridApi = useRef<GridApi<GridRow> | null>(null);
  const [loadingTrace, setLoadingTrace] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(0);
  const [paneHeight, setPaneHeight] = useState(330);
  /** The list row last selected (its ts and id place it for e / E). */
  const selectedRow = useRef<Pick<TraceRow, 'id' | 'ts'> | null>(null);
  /** The row/trace the hash asked for that we already revealed (or selected ourselves). */
  const revealed = useRef<string | null>(null);

  const snapshot = state.status === 'ready' ? state : null;
  const snapRef = useRef(snapshot);
  snapRef.current = snapshot;
  const query = (): Query | null => (snapRef.current ? { api, db, filter, snap: snapRef.current.snap } : null);

  const say = (text: string | null) => setNotice(text);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(t);
  }, [notice]);

  const refreshGrid = () => {
    const g = gridApi.current;
    const s = snapRef.current;
    if (!g || !s) return;
    g.setRowCount(s.model.count, true);
    g.refreshInfiniteCache();
  };

  const select = useCallback((row: Pick<TraceRow, 'id' | 'ts' | 'traceId'>) => {
    selectedRow.current = row;
    revealed.current = `${row.id}|${row.traceId ?? ''}`;
    setParams(formatExplorerParams({ row: row.id, trace: row.traceId }));
  }, [setParams]);

  const expand = async (base: number, row: TraceRow, key: string | null): Promise<void> => {
    const s = snapRef.current;
    if (!s || !row.traceId) return;
    // Opened at once (empty until the tree arrives): live rows stop pushing the list from now on.
    s.model.expand({ base, rowId: row.id, traceId: row.traceId, children: [] });
    setLoadingTrace(key);
    refreshGrid();
    const res = await api.traceTree({ db, traceId: row.traceId });
    setLoadingTrace(null);
    if (!res.ok) return say(res.error.message);
    if (snapRef.current?.model.setChildren(row.id, flattenTree(res.value, row.id))) refreshGrid();
  };

  const toggle = (g: GridRow) => {
    const s = snapRef.current;
    if (!s) return;
    if (s.model.isExpanded(g.base)) {
      s.model.collapse(g.base);
      refreshGrid();
    } else void expand(g.base, g.row, g.key);
    select(g.row);
  };
  const toggleRef = useRef(toggle);
  toggleRef.current = toggle;

  const context = useMemo<GridContext>(() => ({ toggle: (g) => toggleRef.current(g), stale, loadingTrace }), [stale, loadingTrace]);

  /** Select a row, scroll it into the middle of the list and (for a link) open its trace. */
  const reveal = async (row: TraceRow, opts: { expand: boolean }) => {
    const q = query();
    const s = snapRef.current;
    if (!q || !s) return;
    select(row);
    const base = await locateRow(q, s.model.window, row);
    if (snapRef.current?.model !== s.model) return;
    if (base < 0) return say(`Row #${row.id} is outside the current filters or time range: shown below, not in the list.`);
    if (opts.expand && row.traceId && !s.model.isExpanded(base)) await expand(base, row, null);
    gridApi.current?.ensureIndexVisible(s.model.displayIndexOfBase(base), 'middle');
  };

  // Landing on #/explorer?trace=…&row=… (the Overview's recent errors): find, expand, scroll.
  const version = snapshot?.version ?? -1;
  useEffect(() => {
    if (!snapshot) return;
    const want = `${params.row ?? ''}|${params.trace ?? ''}`;
    if (revealed.current === want || (params.row === null && params.trace === null)) return;
    revealed.current = want;
    void (async () => {
      let row: TraceRow | null = null;
      if (params.row !== null) {
        const r = await api.row({ db, id: params.row });
        if (!r.ok) return say(r.error.message);
        row = r.value;
      } else if (params.trace) {
        const t = await api.traceTree({ db, traceId: params.trace });
        if (!t.ok) return say(t.error.message);
        row = t.value.nodes[0]?.rows[0] ?? null;
      }
      if (row) await reveal(row, { expand: true });
    })();
  }, [version, params.row, params.trace]);

  const nextError = async (dir: 'down' | 'up') => {
    const q = query();
    const s = snapRef.current;
    if (!q || !s) return;
    const hit = await findError(q, selectedRow.current, dir);
    if (!hit) return say(dir === 'down' ? 'No more errors below.' : 'No more errors above.');
    const base = await locateRow(q, s.model.window, hit);
    select(hit);
    if (base >= 0) gridApi.current?.ensureIndexVisible(s.model.displayIndexOfBase(base), 'middle');
  };
  const nextErrorRef = useRef(nextError);
  nextErrorRef.current = nextError;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'e' || e.key === 'E') {
        e.preventDefault();
        void nextErrorRef.current(e.key === 'E' ? 'up' : 'down');
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  const takePending = async () => {
    await advance();
    gridApi.current?.ensureIndexVisible(0, 'top');
    onTopChange(true);
  };

  // "loaded" follows the model's cache; sampled when blocks arrive (not per row).
  const onLoaded = useCallback((error: string | null) => {
    setLoadError(error);
    setLoaded(snapRef.current?.model.window.loadedRows ?? 0);
  }, []);

  const startDrag = (e: React.PointerEvent) => {
    const startY = e.clientY;
    const startH = paneHeight;
    const move = (m: PointerEvent) => setPaneHeight(Math.max(120, Math.min(innerHeight - 220, startH - (m.clientY - startY))));
    const up = () => {
      removeEventListener('pointermove', move);
      removeEventListener('pointerup', up);
    };
    addEventListener('pointermove', move);
    addEventListener('pointerup', up);
  };

  const selectedId = params.row;
  const detailRow = fullRow.value && fullRow.value.id === selectedId ? fullRow.value : null;
  const count = snapshot ? snapshot.model.baseCount : null;

  let body: React.ReactNode;
  if (state.status === 'error') {
    body = (
      <div className="explorer-state" role="alert">
        <h3>The rows could not be loaded</h3>
        <p>{state.error.message}</p>
      </div>
    );
  } else if (state.status === 'loading') {
    body = <div className="explorer-state"><span className="spinner" /> Loading rows…</div>;
  } else if (state.model.baseCount === 0) {
    body = (
      <div className="explorer-state" data-testid="empty-state">
        <h3>No rows match</h3>
        <p>Nothing in this time range matches the filters.</p>
        <p className="state-actions">
          {hasFilters(params) && <button type="button" className="btn" onClick={() => setParams(formatExplorerParams({ group: undefined, errorsOnly: false, search: '' }))}>Clear filters</button>}
          <button type="button" className="btn" onClick={() => props.navigate('explorer', { ...props.params, range: 'all' })}>Widen the time range to all</button>
        </p>
      </div>
    );
  } else {
    body = (
      <TraceGrid
        snapshot={state}
        selectedId={selectedId}
        context={context}
        apiRef={gridApi}
        onSelect={(g) => select(g.row)}
        onTopChange={onTopChange}
        onLoaded={onLoaded}
      />
    );
  }

  return (
    <div className="explorer">
      <ExplorerToolbar
        groups={groups}
        group={params.group}
        errorsOnly={params.errorsOnly}
        search={params.search}
        count={count}
        loaded={loaded}
        pending={pending}
        live={props.live}
        notice={notice ?? loadError}
        onGroup={(group) => setParams(formatExplorerParams({ group }))}
        onErrorsOnly={(errorsOnly) => setParams(formatExplorerParams({ errorsOnly }))}
        onSearch={(search) => setParams(formatExplorerParams({ search }))}
        onNextError={(d) => void nextError(d)}
        onTakePending={() => void takePending()}
        exportMenu={<ExportMenu db={db} range={props.range} filter={filter} traceId={params.trace} count={count} />}
      />
      <div className="explorer-grid" data-testid="explorer-grid">{body}</div>
      <div className="explorer-splitter" role="separator" aria-orientation="horizontal" onPointerDown={startDrag} />
      <div className="explorer-panes" style={{ height: paneHeight }}>
        <Waterfall tree={tree.value && tree.value.traceId === params.trace ? tree.value : null} loading={tree.loading} error={tree.error} onLoadMore={tree.loadMore} loadingMore={tree.loadingMore} selectedRowId={selectedId} onSelectRow={(id) => {
          const r = tree.value?.nodes.flatMap((n) => n.rows).find((x) => x.id === id);
          if (r) select(r);
        }} />
        <RowDetail row={detailRow} loading={fullRow.loading} error={fullRow.error} stale={detailRow ? staleVariable(stale, detailRow) : null} />
      </div>
    </div>
  );
}
