// The rows: ag-grid's Infinite Row Model over the DisplayModel (windowed base rows with expanded
// traces spliced in). The grid keeps at most 30 blocks of 100 display rows; the model below it
// keeps its own bounded cache, so memory stays flat however far the user scrolls. Drawn by
// AgGridReact (ag-grid-react, the design card's package, issue 16).
import { startTransition, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  type CellFocusedEvent,
  type GridReadyEvent,
  type SortChangedEvent,
  type ColDef,
  type GridApi,
  type GridOptions,
  type IDatasource,
  type RowClassRules,
} from 'ag-grid-community';
import type { DisplayModel, GridRow } from './display-model.ts';
import { GRID_MODULES, gridTheme } from './grid-setup.ts';
import { firstLine, formatTimestamp } from './cell-format.ts';
import { zoneSuffix } from '../format/time.ts';
import { formatDuration } from './waterfall-layout.ts';
import { ProcessCell, StatusCell, ValueCell, type CellContext } from './grid-cells.ts';
import type { Snapshot } from './use-row-snapshot.ts';
import { markRedraws, type Marks } from './mark-redraws.ts';

export type GridContext = CellContext;

export interface TraceGridProps {
  snapshot: Snapshot;
  selectedId: number | null;
  context: GridContext;
  /** The marks the cells read through `context` (the stale tags, the trace loading): redrawn where they changed. */
  marks: Marks;
  onSelect: (row: GridRow) => void;
  onTopChange: (atTop: boolean) => void;
  onLoaded: (error: string | null) => void;
  /** The list's order: "slowest" sorts the Duration column (server-side, over the whole filter). */
  order: 'newest' | 'slowest';
  onOrder: (order: 'newest' | 'slowest') => void;
  apiRef: React.RefObject<GridApi<GridRow> | null>;
}

// The process, value and status cells are plain DOM classes (ICellRendererComp, grid-cells.ts)
// inside AgGridReact, not React components: they are redrawn for every live refresh of a 2,000
// rows/s tail, where React cells cost frames (see grid-cells.ts for the figures).
const COLUMNS: ColDef<GridRow>[] = [
  { colId: 'process', headerName: 'Process', width: 290, cellRenderer: ProcessCell },
  { colId: 'data', headerName: 'Data', width: 140, valueGetter: (p) => p.data?.row.data ?? '', cellClass: 'mono' },
  {
    colId: 'dataType',
    headerName: 'Data Type',
    width: 120,
    valueGetter: (p) => p.data?.row.dataType ?? '',
    cellClass: 'muted mono',
  },
  { colId: 'dataValue', headerName: 'Data Value', flex: 1, minWidth: 200, cellRenderer: ValueCell },
  {
    colId: 'timestamp',
    headerName: 'Timestamp',
    // "Timestamp UTC" when the settings show times in UTC (the tab is redrawn when they change).
    headerValueGetter: () => `Timestamp${zoneSuffix()}`,
    width: 145,
    valueGetter: (p) => (p.data ? formatTimestamp(p.data.row.ts, p.data.row.timestamp) : ''),
    cellClass: 'mono muted',
  },
  { colId: 'status', headerName: 'Status', width: 80, cellRenderer: StatusCell },
  // The row's call duration; sorting it asks the engine for the slowest calls first (rows under
  // an expanded trace show their own call's duration in the process cell instead).
  {
    colId: 'duration',
    headerName: 'Duration',
    width: 96,
    sortable: true,
    sortingOrder: ['desc', null],
    cellClass: 'mono cell-duration',
    valueGetter: (p) => (p.data && !p.data.child ? formatDuration(p.data.row.callDurationMs ?? null) : ''),
  },
  {
    colId: 'exception',
    headerName: 'Exception',
    flex: 1,
    minWidth: 200,
    valueGetter: (p) => firstLine(p.data?.row.exception ?? null, p.data?.row.exceptionTruncated),
    cellClass: 'cell-exception mono',
  },
];

function datasource(model: () => DisplayModel, onLoaded: (error: string | null) => void): IDatasource {
  return {
    getRows(p) {
      const m = model();
      m.rows(p.startRow, p.endRow).then(
        (rows) => {
          // Short page: the data ended here (rows may have been deleted since the count).
          // A count that is only a lower bound (a contains search): -1 tells the grid more may follow.
          const last = rows.length < p.endRow - p.startRow ? p.startRow + rows.length : m.exact ? m.count : -1;
          // A transition: React renders the rows' components in slices of a few ms, yielding to
          // input between them, instead of one task for every row the block changed (bench-ui's
          // tail without it: 12 tasks over 50 ms, the longest 106 ms; with it, none).
          startTransition(() => p.successCallback(rows, last));
          onLoaded(null);
        },
        (err: unknown) => {
          p.failCallback();
          onLoaded((err as Error).message);
        },
      );
    },
  };
}

// Rules, not getRowClass: the grid re-applies rules when a row node gets new data (live rows
// shift every node's data), and when the rules object changes it updates the classes of the
// drawn rows in place. Redrawing rows instead would replace a row under the user's pointer
// between mousedown and click, and swallow a click on a chevron.
const rules = (sel: number | null): RowClassRules<GridRow> => ({
  'row-selected': (p) => p.data?.row.id === sel,
  'row-error': (p) => p.data?.row.status === 'ERROR',
  'row-child': (p) => !!p.data?.child,
  'row-expanded': (p) => !!p.data?.expanded,
});

interface Handlers {
  onSelect: (row: GridRow) => void;
  onTopChange: (atTop: boolean) => void;
  onLoaded: (error: string | null) => void;
  context: GridContext;
  onOrder: (order: 'newest' | 'slowest') => void;
  order: 'newest' | 'slowest';
}

function gridOptions(
  modelRef: RefObject<DisplayModel>,
  selectedRef: RefObject<number | null>,
  handlers: RefObject<Handlers>,
): GridOptions<GridRow> {
  return {
    theme: gridTheme,
    columnDefs: COLUMNS,
    defaultColDef: { resizable: true, sortable: false, suppressMovable: true },
    rowModelType: 'infinite',
    datasource: datasource(
      () => modelRef.current,
      (e) => handlers.current.onLoaded(e),
    ),
    cacheBlockSize: 100,
    maxBlocksInCache: 30,
    maxConcurrentDatasourceRequests: 2,
    blockLoadDebounceMillis: 60,
    infiniteInitialRowCount: modelRef.current.exact ? modelRef.current.count : Math.max(1, modelRef.current.count),
    cacheOverflowSize: 1,
    getRowId: (p) => p.data.key,
    rowClassRules: rules(selectedRef.current),
    context: handlers.current.context,
    animateRows: false,
    // ag-grid draws rows in animation frames with a fixed 60 ms budget each, which is a 60 ms
    // long task whenever a jump has that much to draw. Drawing at once, with fewer rows beyond
    // the viewport (5, not 10), keeps a scrollbar jump or a live refresh well under 50 ms.
    suppressAnimationFrame: true,
    rowBuffer: 5,
    onRowClicked: (e) => e.data && handlers.current.onSelect(e.data),
    onCellFocused: (e: CellFocusedEvent<GridRow>) => {
      if (e.rowIndex === null || e.rowIndex === undefined) return;
      const d = e.api.getDisplayedRowAtIndex(e.rowIndex)?.data;
      if (d && d.row.id !== selectedRef.current) handlers.current.onSelect(d);
    },
    onCellKeyDown: (e) => {
      const key = (e.event as KeyboardEvent | undefined)?.key;
      const d = e.data;
      if (!d || !d.expandable) return;
      if ((key === 'Enter' || key === 'ArrowRight') && !d.expanded) handlers.current.context.toggle(d);
      else if ((key === 'Enter' || key === 'ArrowLeft') && d.expanded) handlers.current.context.toggle(d);
    },
    onBodyScroll: (e) => e.direction === 'vertical' && handlers.current.onTopChange(e.top < 4),
    // The grid does not sort rows itself: the header's sort is the URL's order, and the engine sorts.
    onSortChanged: (e: SortChangedEvent<GridRow>) => {
      const sorted = e.api.getColumnState().some((c) => c.colId === 'duration' && c.sort === 'desc');
      const next = sorted ? 'slowest' : 'newest';
      if (next !== handlers.current.order) handlers.current.onOrder(next);
    },
  };
}

/** What the grid shows from the Explorer's state: the selected row, the header's sort, the cells' context. */
function useGridFollows(
  apiRef: RefObject<GridApi<GridRow> | null>,
  selectedId: number | null,
  order: 'newest' | 'slowest',
  context: GridContext,
): void {
  useEffect(() => apiRef.current?.setGridOption('rowClassRules', rules(selectedId)), [selectedId, apiRef]);
  // The order changed from outside (the Order select, the hash): show it on the header.
  useEffect(() => {
    const api = apiRef.current;
    const shown = api?.getColumnState().find((c) => c.colId === 'duration')?.sort ?? null;
    if (api && shown !== (order === 'slowest' ? 'desc' : null))
      api.applyColumnState({ state: [{ colId: 'duration', sort: order === 'slowest' ? 'desc' : null }] });
  }, [order, apiRef]);
  // The context is one object for the grid's life (grid-cells.ts); a new one redraws everything.
  const first = useRef(true);
  useEffect(() => {
    const api = apiRef.current;
    if (first.current || !api) return void (first.current = false);
    api.setGridOption('context', context);
    api.refreshCells({ force: true });
  }, [context, apiRef]);
}

/** New marks: redraw the drawn cells whose mark changed, and only those. */
function useMarkRedraws(apiRef: RefObject<GridApi<GridRow> | null>, marks: Marks): void {
  const drawn = useRef(marks);
  useEffect(() => {
    const before = drawn.current;
    drawn.current = marks;
    const api = apiRef.current;
    if (!api || before === marks) return;
    const nodes = api.getRenderedNodes().filter((n) => n.data);
    const { value, process } = markRedraws(
      nodes.map((n) => n.data!),
      before,
      marks,
    );
    const nodesOf = (rows: GridRow[]) => nodes.filter((n) => rows.includes(n.data!));
    if (value.length) api.refreshCells({ rowNodes: nodesOf(value), columns: ['dataValue'], force: true });
    if (process.length) api.refreshCells({ rowNodes: nodesOf(process), columns: ['process'], force: true });
  }, [marks, apiRef]);
}

export function TraceGrid({
  snapshot,
  selectedId,
  context,
  marks,
  onSelect,
  onTopChange,
  onLoaded,
  order,
  onOrder,
  apiRef,
}: TraceGridProps) {
  const modelRef = useRef(snapshot.model);
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  const handlers = useRef<Handlers>({ onSelect, onTopChange, onLoaded, context, onOrder, order });
  handlers.current = { onSelect, onTopChange, onLoaded, context, onOrder, order };

  // Built once: AgGridReact turns every changed prop into a grid option update, so the options
  // stay one object and later changes go through the api, as the effects below do.
  const [options] = useState(() => gridOptions(modelRef, selectedRef, handlers));

  const seen = useRef(snapshot.version);
  const latest = useRef(snapshot);
  latest.current = snapshot;
  // The api arrives after the first render: catch up on what changed in between.
  const onGridReady = useCallback(
    (e: GridReadyEvent<GridRow>) => {
      e.api.applyColumnState({
        state: [{ colId: 'duration', sort: handlers.current.order === 'slowest' ? 'desc' : null }],
      });
      e.api.setGridOption('rowClassRules', rules(selectedRef.current));
      e.api.setGridOption('context', handlers.current.context);
      if (seen.current !== latest.current.version) {
        seen.current = latest.current.version;
        e.api.setRowCount(latest.current.model.count, latest.current.model.exact);
        e.api.refreshInfiniteCache();
      }
      apiRef.current = e.api;
    },
    [apiRef],
  );
  useEffect(() => () => void (apiRef.current = null), [apiRef]);

  // New filters: a new datasource (the grid starts over at the top). Live rows taken in: the same
  // datasource over the new model, refreshed in place (old rows stay drawn until the new arrive).
  useEffect(() => {
    modelRef.current = snapshot.model;
    const api = apiRef.current;
    if (!api || seen.current === snapshot.version) return;
    seen.current = snapshot.version;
    if (snapshot.change === 'reset') {
      api.setGridOption(
        'datasource',
        datasource(
          () => modelRef.current,
          (e) => handlers.current.onLoaded(e),
        ),
      );
      api.ensureIndexVisible(0, 'top');
    } else {
      // In a transition too: the rows the grid redraws for the new count render in slices.
      startTransition(() => {
        api.setRowCount(snapshot.model.count, true);
        api.refreshInfiniteCache();
      });
    }
  }, [snapshot, apiRef]);

  useGridFollows(apiRef, selectedId, order, context);
  useMarkRedraws(apiRef, marks);

  // The same element every render: the Explorer re-renders on each live snapshot, and everything
  // the grid needs from it goes through the api above, so React skips the grid's subtree.
  return useMemo(
    () => (
      <AgGridReact<GridRow>
        className="trace-grid"
        modules={GRID_MODULES}
        gridOptions={options}
        onGridReady={onGridReady}
      />
    ),
    [options, onGridReady],
  );
}
