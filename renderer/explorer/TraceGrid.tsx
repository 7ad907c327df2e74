// The rows: ag-grid's Infinite Row Model over the DisplayModel (windowed base rows with expanded
// traces spliced in). The grid keeps at most 30 blocks of 100 display rows; the model below it
// keeps its own bounded cache, so memory stays flat however far the user scrolls.
import { useEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { CellFocusedEvent, ColDef, GridApi, IDatasource, RowClassRules } from 'ag-grid-community';
import type { DisplayModel, GridRow } from './display-model.ts';
import { GRID_MODULES, gridTheme } from './grid-setup.ts';
import { firstLine, formatTimestamp, ProcessCell, StatusCell, ValueCell } from './GridCells.tsx';
import type { StaleIndex } from './stale-marks.ts';
import type { Snapshot } from './use-row-snapshot.ts';

export interface GridContext {
  toggle(row: GridRow): void;
  stale: StaleIndex;
  loadingTrace: string | null;
}

export interface TraceGridProps {
  snapshot: Snapshot;
  selectedId: number | null;
  context: GridContext;
  onSelect(row: GridRow): void;
  onTopChange(atTop: boolean): void;
  onLoaded(error: string | null): void;
  apiRef: React.RefObject<GridApi<GridRow> | null>;
}

const COLUMNS: ColDef<GridRow>[] = [
  { colId: 'process', headerName: 'Process', width: 300, cellRenderer: ProcessCell },
  { colId: 'data', headerName: 'Data', width: 150, valueGetter: (p) => p.data?.row.data ?? '', cellClass: 'mono' },
  { colId: 'dataType', headerName: 'Data Type', width: 90, valueGetter: (p) => p.data?.row.dataType ?? '', cellClass: 'muted mono' },
  { colId: 'dataValue', headerName: 'Data Value', flex: 1, minWidth: 200, cellRenderer: ValueCell },
  { colId: 'timestamp', headerName: 'Timestamp', width: 150, valueGetter: (p) => (p.data ? formatTimestamp(p.data.row.ts, p.data.row.timestamp) : ''), cellClass: 'mono muted' },
  { colId: 'status', headerName: 'Status', width: 80, cellRenderer: StatusCell },
  { colId: 'exception', headerName: 'Exception', flex: 1, minWidth: 160, valueGetter: (p) => firstLine(p.data?.row.exception ?? null), cellClass: 'cell-exception mono' },
];

function datasource(model: () => DisplayModel, onLoaded: (error: string | null) => void): IDatasource {
  return {
    getRows(p) {
      const m = model();
      m.rows(p.startRow, p.endRow).then(
        (rows) => {
          // Short page: the data ended here (rows may have been deleted since the count).
          const last = rows.length < p.endRow - p.startRow ? p.startRow + rows.length : m.count;
          p.successCallback(rows, last);
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

export function TraceGrid({ snapshot, selectedId, context, onSelect, onTopChange, onLoaded, apiRef }: TraceGridProps) {
  const modelRef = useRef(snapshot.model);
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  const onLoadedRef = useRef(onLoaded);
  onLoadedRef.current = onLoaded;
  const ds = useMemo(() => datasource(() => modelRef.current, (e) => onLoadedRef.current(e)), []);

  // New filters: a new datasource (the grid starts over at the top). Live rows taken in: the same
  // datasource over the new model, refreshed in place (old rows stay drawn until the new arrive).
  const seen = useRef(snapshot.version);
  useEffect(() => {
    modelRef.current = snapshot.model;
    const api = apiRef.current;
    if (!api || seen.current === snapshot.version) return;
    seen.current = snapshot.version;
    if (snapshot.change === 'reset') {
      api.setGridOption('datasource', datasource(() => modelRef.current, (e) => onLoadedRef.current(e)));
      api.ensureIndexVisible(0, 'top');
    } else {
      api.setRowCount(snapshot.model.count, true);
      api.refreshInfiniteCache();
    }
  }, [snapshot]);

  // Rules, not getRowClass: the grid re-applies rules when a row node gets new data (live rows
  // shift every node's data), and when the rules object changes it updates the classes of the
  // drawn rows in place. Redrawing rows instead would replace a row under the user's pointer
  // between mousedown and click, and swallow a click on a chevron.
  const rowClassRules = useMemo<RowClassRules<GridRow>>(() => ({
    'row-selected': (p) => p.data?.row.id === selectedId,
    'row-error': (p) => p.data?.row.status === 'ERROR',
    'row-child': (p) => !!p.data?.child,
    'row-expanded': (p) => !!p.data?.expanded,
  }), [selectedId]);

  return (
    <AgGridReact<GridRow>
      modules={GRID_MODULES}
      theme={gridTheme}
      columnDefs={COLUMNS}
      defaultColDef={{ resizable: true, sortable: false, suppressMovable: true }}
      rowModelType="infinite"
      datasource={ds}
      cacheBlockSize={100}
      maxBlocksInCache={30}
      maxConcurrentDatasourceRequests={2}
      blockLoadDebounceMillis={60}
      infiniteInitialRowCount={snapshot.model.count}
      getRowId={(p) => p.data.key}
      rowClassRules={rowClassRules}
      context={context}
      suppressCellFocus={false}
      animateRows={false}
      onGridReady={(e) => {
        apiRef.current = e.api;
        modelRef.current = snapshot.model;
      }}
      onRowClicked={(e) => e.data && onSelect(e.data)}
      onCellFocused={(e: CellFocusedEvent<GridRow>) => {
        if (e.rowIndex === null || e.rowIndex === undefined || !e.api) return;
        const d = e.api.getDisplayedRowAtIndex(e.rowIndex)?.data;
        if (d && d.row.id !== selectedRef.current) onSelect(d);
      }}
      onCellKeyDown={(e) => {
        const key = (e.event as KeyboardEvent | undefined)?.key;
        if (!e.data) return;
        if ((key === 'Enter' || key === 'ArrowRight') && e.data.expandable && !e.data.expanded) context.toggle(e.data);
        if ((key === 'Enter' || key === 'ArrowLeft') && e.data.expandable && e.data.expanded) context.toggle(e.data);
      }}
      onBodyScroll={(e) => e.direction === 'vertical' && onTopChange(e.top < 4)}
    />
  );
}
