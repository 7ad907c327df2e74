// A list of results (alerts, their history, webhook deliveries, a function's calls) as an
// AgGridReact grid in the app's theme: client-side rows, windowed, resizable columns, rows kept
// by id so a reload redraws only the rows that changed. Cells are React components: these lists
// hold at most a few hundred rows, so React cells cost nothing a user would notice (the Explorer,
// which tails thousands of rows a second, keeps plain DOM cells: renderer/explorer/grid-cells.ts).
import { useCallback, useEffect, useRef, useState } from 'react';
import { AgGridReact, type CustomCellRendererProps } from 'ag-grid-react';
import {
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  type ColDef,
  type GetRowIdParams,
  type GridApi,
  type GridOptions,
  type RowClassRules,
  type RowHeightParams,
} from 'ag-grid-community';
import { GRID_MODULES, gridTheme } from '../explorer/grid-setup.ts';
import './result-grid.css';

const MODULES = [...GRID_MODULES, ClientSideRowModelModule, ClientSideRowModelApiModule];

/** A text cell whose whole text shows on hover (a long value is cut with an ellipsis). */
export function TitledCell({ value }: CustomCellRendererProps) {
  const text = value === null || value === undefined ? '' : String(value);
  return <span title={text}>{text}</span>;
}

export interface ResultGridProps<T> {
  rows: T[];
  columns: ColDef<T>[];
  rowId: (row: T) => string;
  /** A row's height in pixels (rows with more lines of text are taller). */
  rowHeight: number | ((row: T) => number);
  rowClassRules?: RowClassRules<T>;
  /** A row brought into view (a notification's alert), by id. */
  revealId?: string | null;
  label: string;
  /**
   * The grid as tall as its rows, for a short list in a column that scrolls as a whole (a top 20);
   * otherwise it fills its box and draws only the rows in view.
   */
  fitRows?: boolean;
}

export function ResultGrid<T>({
  rows,
  columns,
  rowId,
  rowHeight,
  rowClassRules,
  revealId,
  label,
  fitRows = false,
}: ResultGridProps<T>) {
  const props = useRef({ rowId, rowHeight });
  props.current = { rowId, rowHeight };
  // Built once: AgGridReact turns a changed prop into a grid option update; what changes (rows,
  // columns, classes) is passed as its own prop below.
  const [options] = useState<GridOptions<T>>(() => ({
    theme: gridTheme,
    defaultColDef: { resizable: true, sortable: false, suppressMovable: true },
    getRowId: (p: GetRowIdParams<T>) => props.current.rowId(p.data),
    getRowHeight: (p: RowHeightParams<T>) => {
      const h = props.current.rowHeight;
      return typeof h === 'number' || !p.data ? (typeof h === 'number' ? h : undefined) : h(p.data);
    },
    // The DOM in row order, as a screen reader (and a test reading the rows) expects.
    ensureDomOrder: true,
    animateRows: false,
    suppressAnimationFrame: true,
    enableCellTextSelection: true,
    suppressCellFocus: false,
  }));
  const [api, setApi] = useState<GridApi<T> | null>(null);
  const onReady = useCallback((e: { api: GridApi<T> }) => setApi(e.api), []);
  // Heights depend on the row's data: measured again when the rows change.
  const onRows = useCallback((e: { api: GridApi<T> }) => e.api.resetRowHeights(), []);

  useEffect(() => {
    if (!api || !revealId) return;
    const node = api.getRowNode(revealId);
    if (node) api.ensureNodeVisible(node, 'middle');
  }, [api, revealId, rows]);

  return (
    <div className={fitRows ? 'result-grid fit-rows' : 'result-grid'} role="region" aria-label={label}>
      <AgGridReact<T>
        modules={MODULES}
        gridOptions={options}
        domLayout={fitRows ? 'autoHeight' : 'normal'}
        columnDefs={columns}
        rowData={rows}
        rowClassRules={rowClassRules}
        onGridReady={onReady}
        onRowDataUpdated={onRows}
      />
    </div>
  );
}
