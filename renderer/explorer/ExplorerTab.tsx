// Trace Explorer: every row of the database, newest first, filtered by the header's range and the
// toolbar; a row of a trace expands in place to its call tree, and the panes below show the
// selected trace as a waterfall and the selected row in full.
import { useCallback, useMemo, useState } from 'react';
import type { TabProps } from '../app/tab-props.ts';
import { ExplorerBody } from './ExplorerBody.tsx';
import { ExplorerPanes } from './ExplorerPanes.tsx';
import { ExplorerToolbar } from './ExplorerToolbar.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import { formatExplorerParams, hasFilters, parseExplorerParams, rowFilter } from './explorer-params.ts';
import type { GridContext } from './TraceGrid.tsx';
import { useErrorKeys } from './use-error-keys.ts';
import { useNotice } from './use-notice.ts';
import { useRowSnapshot } from './use-row-snapshot.ts';
import { useFullRow, useGroups, useStaleness, useTraceTree } from './use-trace-data.ts';
import { useTraceNavigation } from './use-trace-navigation.ts';
import './explorer.css';

export function ExplorerTab({ api, db, range, live, params: hash, setParams, navigate }: TabProps) {
  const params = parseExplorerParams(hash);
  const { group, errorsOnly, search } = params;
  const filter = useMemo(() => rowFilter({ group, errorsOnly, search }), [group, errorsOnly, search]);
  const { state, pending, advance, onTopChange } = useRowSnapshot({ api, db, range, filter, live });
  const snapshot = state.status === 'ready' ? state : null;
  const groups = useGroups(api, db);
  const stale = useStaleness(api, db);
  const fullRow = useFullRow(api, db, params.row);
  const tree = useTraceTree(api, db, params.trace);
  const { notice, say } = useNotice();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(0);
  const nav = useTraceNavigation({
    api,
    db,
    filter,
    snapshot,
    wanted: { row: params.row, trace: params.trace },
    setParams,
    say,
  });
  const { gridApi, loadingTrace, select, toggle, nextError } = nav;

  const context = useMemo<GridContext>(() => ({ toggle, stale, loadingTrace }), [toggle, stale, loadingTrace]);
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
    },
    [snapshot],
  );

  const count = snapshot ? snapshot.model.baseCount : null;
  return (
    <div className="explorer">
      <ExplorerToolbar
        groups={groups}
        group={group}
        errorsOnly={errorsOnly}
        search={search}
        count={count}
        loaded={loaded}
        pending={pending}
        live={live}
        notice={notice ?? loadError}
        onGroup={(g) => setParams(formatExplorerParams({ group: g }))}
        onErrorsOnly={(e) => setParams(formatExplorerParams({ errorsOnly: e }))}
        onSearch={(s) => setParams(formatExplorerParams({ search: s }))}
        onNextError={(d) => void nextError(d)}
        onTakePending={() => void takePending()}
        exportMenu={<ExportMenu db={db} range={range} filter={filter} traceId={params.trace} count={count} />}
      />
      <div className="explorer-grid" data-testid="explorer-grid">
        <ExplorerBody
          state={state}
          selectedId={params.row}
          context={context}
          apiRef={gridApi}
          onSelect={(g) => select(g.row)}
          onTopChange={onTopChange}
          onLoaded={onLoaded}
          onClearFilters={
            hasFilters(params)
              ? () => setParams(formatExplorerParams({ group: undefined, errorsOnly: false, search: '' }))
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
        onCompare={(a, more) => navigate('compare', { a, ...more })}
      />
    </div>
  );
}
