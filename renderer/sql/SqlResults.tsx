// A console result in an ag-grid (the app's theme, client-side rows: a result is at most the pages
// loaded so far). Columns come from the statement; cells are plain text, NULL shown as such.
import { memo, useCallback, useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { ClientSideRowModelModule, type ColDef, type GridApi, type GridOptions } from 'ag-grid-community';
import type { SqlValue } from '../../db/api/inspector-api.ts';
import { GRID_MODULES, gridTheme } from '../explorer/grid-setup.ts';

type Row = SqlValue[];

function columnDefs(columns: string[]): ColDef<Row>[] {
  return [
    {
      colId: '#',
      headerName: '#',
      valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1,
      width: 64,
      cellClass: 'sql-rownum',
      pinned: undefined,
    },
    ...columns.map((name, i): ColDef<Row> => ({
      colId: `c${i}`,
      headerName: name,
      valueGetter: (p) => p.data?.[i] ?? null,
      valueFormatter: (p) => (p.value === null ? 'NULL' : String(p.value)),
      cellClassRules: { 'sql-null': (p) => p.value === null, 'sql-number': (p) => typeof p.value === 'number' },
      tooltipValueGetter: undefined,
      minWidth: 80,
    })),
  ];
}

// Built once: AgGridReact turns a changed prop into a grid option update, so the static options
// stay one object; columns and rows are the props that change.
const OPTIONS: GridOptions<Row> = {
  theme: gridTheme,
  defaultColDef: { resizable: true, sortable: false, suppressMovable: true },
  animateRows: false,
  suppressAnimationFrame: true,
  enableCellTextSelection: true,
};
const MODULES = [...GRID_MODULES, ClientSideRowModelModule];

interface SqlResultsProps {
  columns: string[];
  rows: Row[];
}

// "No result" arrives as new empty arrays on every render of the tab (each keystroke in the
// editor): equal here, so typing never re-renders the grid. An e2e run under a load average of 10
// lost Ctrl+Enter to those renders: the editor ran the text of a render before the last.
const same = <T,>(a: T[], b: T[]) => a === b || (a.length === 0 && b.length === 0);

export const SqlResults = memo(
  SqlResultsGrid,
  (a: SqlResultsProps, b: SqlResultsProps) => same(a.columns, b.columns) && same(a.rows, b.rows),
);

function SqlResultsGrid({ columns, rows }: SqlResultsProps) {
  const defs = useMemo(() => columnDefs(columns), [columns]);
  // Small results fit their columns to the text; a big one keeps the default widths (measuring
  // every cell of 10,000 rows would be one long task).
  const fit = useCallback((e: { api: GridApi<Row> }) => {
    if (e.api.getDisplayedRowCount() <= 500) e.api.autoSizeAllColumns();
  }, []);
  return (
    <div className="sql-grid" data-testid="sql-grid">
      <AgGridReact<Row>
        modules={MODULES}
        gridOptions={OPTIONS}
        columnDefs={defs}
        rowData={rows}
        onRowDataUpdated={fit}
        onGridReady={fit}
      />
    </div>
  );
}
