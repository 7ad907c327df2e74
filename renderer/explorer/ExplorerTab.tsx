// Trace Explorer: every row of the database, newest first, filtered by the header's range and the
// toolbar; a row of a trace expands in place to its call tree, and the panes below show the
// selected trace as a waterfall and the selected row in full.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { TabProps } from '../app/tab-props.ts';
import { ExplorerBody } from './ExplorerBody.tsx';
import { ExplorerPanes } from './ExplorerPanes.tsx';
import { ExplorerToolbar } from './ExplorerToolbar.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import {
  filterParams,
  formatExplorerParams,
  hasFilters,
  parseExplorerParams,
  replaceFilters,
  rowFilter,
  type ExplorerParams,
  type RowFilter,
} from './explorer-params.ts';
import { FilterBar, OrderSelect } from './FilterBar.tsx';
import { SavedFilters } from './SavedFilters.tsx';
import type { GridContext } from './TraceGrid.tsx';
import type { Marks } from './mark-redraws.ts';
import { useErrorKeys } from './use-error-keys.ts';
import { useNotice } from './use-notice.ts';
import { useRowSnapshot } from './use-row-snapshot.ts';
import { useFullRow, useFunctionList, useStaleness, useTraceTree } from './use-trace-data.ts';
import { useTraceNavigation } from './use-trace-navigation.ts';
import './explorer.css';

export function ExplorerTab({ api, db, range, live, params: hash, setParams, navigate }: TabProps) {
  const params = parseExplorerParams(hash);
  const { trace: _t, row: _r, order, ...filterFields } = params;
  const filterJson = JSON.stringify(rowFilter(filterFields));
  const filter = useMemo(() => JSON.parse(filterJson) as RowFilter, [filterJson]);
  const { state, pending, advance, onTopChange, scan, cancelScan } = useRowSnapshot({
    api,
    db,
    range,
    filter,
    order,
    live,
  });
  const change = (next: Partial<ExplorerParams>) => setParams(formatExplorerParams(next));
  // Stable across route changes: a new grid context redraws every cell (see TraceGrid).
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;
  const openCode = useCallback((process: string) => navigateRef.current('code', { fn: process }), []);
  const snapshot = state.status === 'ready' ? state : null;
  const { groups, functions } = useFunctionList(api, db);
  const [staleVersion, setStaleVersion] = useState(0);
  const stale = useStaleness(api, db, staleVersion);
  const fullRow = useFullRow(api, db, params.row);
  const tree = useTraceTree(api, db, params.trace);
  const { notice, say } = useNotice();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(0);
  const nav = useTraceNavigation({
    api,
    db,
    filter,
    order,
    scanning: scan !== null,
    snapshot,
    wanted: { row: params.row, trace: params.trace },
    setParams,
    say,
  });
  const { gridApi, loadingTrace, select, toggle, nextError } = nav;

  // The cells read the marks through the context; the grid redraws the cells whose mark changed.
  const marks = useMemo<Marks>(() => ({ stale, loadingTrace }), [stale, loadingTrace]);
  const marksRef = useRef(marks);
  marksRef.current = marks;
  const context = useMemo<GridContext>(
    () => ({
      toggle,
      openCode,
      stale: () => marksRef.current.stale,
      loadingTrace: () => marksRef.current.loadingTrace,
    }),
    [toggle, openCode],
  );
  useErrorKeys(useCallback((direction) => void nextError(direction), [nextError]));

  const takePending = useCallback(async () => {
    await advance();
    gridApi.current?.ensureIndexVisible(0, 'top');
    onTopChange(true);
  }, [advance, gridApi, onTopChange]);

  // "loaded" follows the model's cache; sampled when blocks arrive (not per row).
  const onLoaded = useCallback(
    (error: string | null) => {
      setLoadError(error);
      setLoaded(snapshot?.model.window.loadedRows ?? 0);
      setExact(snapshot?.model.exact ?? true);
    },
    [snapshot],
  );
  // A lower-bound count grows as blocks arrive: re-read it when they do.
  const [, setExact] = useState(true);

  const count = snapshot ? snapshot.model.baseCount : null;
  return (
    <div className="explorer">
      <ExplorerToolbar
        groups={groups}
        selectedGroups={params.groups}
        errorsOnly={params.errorsOnly}
        search={params.search}
        count={count}
        exact={snapshot?.model.exact ?? true}
        scan={scan}
        onCancelScan={cancelScan}
        loaded={loaded}
        pending={pending}
        live={live}
        notice={notice ?? loadError}
        onGroups={(g) => change({ groups: g })}
        onErrorsOnly={(e) => setParams(formatExplorerParams({ errorsOnly: e }))}
        onSearch={(s) => setParams(formatExplorerParams({ search: s }))}
        onNextError={(d) => void nextError(d)}
        onTakePending={() => void takePending()}
        exportMenu={<ExportMenu db={db} range={range} filter={filter} traceId={params.trace} count={count} />}
        orderControl={<OrderSelect order={order} onChange={change} />}
        savedMenu={
          <SavedFilters
            api={api}
            db={db}
            current={filterParams(hash)}
            onApply={(p) => setParams(replaceFilters(p), { push: true })}
            say={say}
          />
        }
      />
      <FilterBar params={params} groups={groups} functions={functions} onChange={change} />
      <div className="explorer-grid" data-testid="explorer-grid">
        <ExplorerBody
          state={state}
          selectedId={params.row}
          context={context}
          marks={marks}
          apiRef={gridApi}
          onSelect={(g) => select(g.row)}
          onTopChange={onTopChange}
          onLoaded={onLoaded}
          order={order}
          onOrder={(o) => change({ order: o })}
          onClearFilters={
            hasFilters(params)
              ? () => setParams(replaceFilters({ ...(order === 'slowest' ? { sort: 'slowest' } : {}) }))
              : null
          }
          onWidenRange={() => navigate('explorer', { ...hash, range: 'all' })}
        />
      </div>
      <ExplorerPanes
        traceId={params.trace}
        tree={tree}
        selectedId={params.row}
        fullRow={fullRow}
        stale={stale}
        onSelectRow={select}
        onOpenCode={openCode}
        onFilterTrace={(id) => change({ traceId: id })}
        onOpenTimeline={(fn, data) => navigate('timeline', { fn, data })}
        onThreshold={async (process, data, threshold) => {
          const r = await api.setStaleThreshold({ db, process, data, threshold });
          if (!r.ok) return r.error.message;
          setStaleVersion((n) => n + 1);
          return null;
        }}
        onCompare={(a, more) => navigate('compare', { a, ...more })}
      />
    </div>
  );
}
