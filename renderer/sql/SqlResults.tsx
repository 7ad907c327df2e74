// A console result in an ag-grid (the app's theme, client-side rows: a result is at most the pages
// loaded so far). Columns come from the statement; cells are plain text, NULL shown as such.
import { useEffect, useRef } from 'react';
import { ClientSideRowModelModule, createGrid, type ColDef, type GridApi } from 'ag-grid-community';
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

export function SqlResults({ columns, rows }: { columns: string[]; rows: Row[] }) {
  const host = useRef<HTMLDivElement>(null);
  const api = useRef<GridApi<Row> | null>(null);
  const shown = useRef<string[] | null>(null);

  useEffect(() => {
    const grid = createGrid<Row>(
      host.current!,
      {
        theme: gridTheme,
        columnDefs: [],
        rowData: [],
        defaultColDef: { resizable: true, sortable: false, suppressMovable: true },
        animateRows: false,
        suppressAnimationFrame: true,
        enableCellTextSelection: true,
      },
      { modules: [...GRID_MODULES, ClientSideRowModelModule] },
    );
    api.current = grid;
    return () => {
      api.current = null;
      grid.destroy();
    };
  }, []);

  useEffect(() => {
    const grid = api.current;
    if (!grid) return;
    if (shown.current !== columns) {
      shown.current = columns;
      grid.setGridOption('columnDefs', columnDefs(columns));
    }
    grid.setGridOption('rowData', rows);
    if (rows.length && rows.length <= 500) grid.autoSizeAllColumns();
  }, [columns, rows]);

  return <div ref={host} className="sql-grid" data-testid="sql-grid" />;
}
