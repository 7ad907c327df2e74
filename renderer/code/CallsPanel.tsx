// A function's slowest calls or latest errors in the header's range (exact, top 20): each opens
// its trace, expanded, in the Trace Explorer, with the call's row selected. A grid of results
// (ResultGrid) as tall as its rows: the side column scrolls as a whole.
import { createContext, useContext, useState } from 'react';
import type { ColDef, RowClassRules } from 'ag-grid-community';
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { FunctionCall, InspectorApi } from '../../db/api/inspector-api.ts';
import type { RangeInput } from '../app/tab-props.ts';
import type { TabName } from '../app/route.ts';
import { formatMs } from '../format/figures.ts';
import { describeRange } from '../format/time.ts';
import { ANALYSIS_REFRESH, useLiveQuery } from '../live/use-live-query.ts';
import { Panel } from '../ui/Panel.tsx';
import { ResultGrid, TitledCell } from '../ui/ResultGrid.tsx';

export interface CallsPanelProps {
  api: InspectorApi;
  db: string;
  fn: string;
  range: RangeInput;
  live: boolean;
  navigate: (tab: TabName, params?: Record<string, string>) => void;
}

const time = (ms: number) =>
  new Date(ms).toLocaleString(undefined, {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

// The row opens through the panel's navigate: a context, so the columns stay one constant.
const OpenContext = createContext<(c: FunctionCall) => void>(() => {});
type Cell = CustomCellRendererProps<FunctionCall>;

function OpenCell({ data: c }: Cell) {
  const open = useContext(OpenContext);
  if (!c) return null;
  return (
    <button
      type="button"
      className="btn small"
      disabled={c.rowId === null}
      onClick={() => open(c)}
      aria-label={`Open the call of ${time(c.startTs)} in the Trace Explorer`}
    >
      Open ↗
    </button>
  );
}

const COLUMNS: ColDef<FunctionCall>[] = [
  {
    colId: 'started',
    headerName: 'Started',
    width: 150,
    valueGetter: (p) => (p.data ? time(p.data.startTs) : ''),
    cellClass: 'mono',
  },
  {
    colId: 'duration',
    headerName: 'Duration',
    width: 96,
    valueGetter: (p) => (p.data ? formatMs(p.data.durationMs) : ''),
    cellClass: 'mono num',
  },
  {
    colId: 'trace',
    headerName: 'Trace',
    flex: 1,
    minWidth: 100,
    valueGetter: (p) => p.data?.traceId ?? '—',
    cellRenderer: TitledCell,
    cellClass: 'mono trace-cell',
  },
  { colId: 'open', headerName: '', width: 84, cellRenderer: OpenCell },
];
const CLASSES: RowClassRules<FunctionCall> = { 'call-error': (p) => !!p.data?.error };
// The call's row when it has one (unique per call); else where the call starts.
const rowId = (c: FunctionCall) => `${c.rowId ?? ''}|${c.traceId ?? ''}|${c.spanId ?? ''}|${c.startTs}`;

export function CallsPanel({ api, db, fn, range, live, navigate }: CallsPanelProps) {
  const [kind, setKind] = useState<'slowest' | 'errors'>('slowest');
  const rangeKey = JSON.stringify(range);
  const calls = useLiveQuery(() => api.functionCalls({ db, process: fn, range, kind }), `${fn}|${rangeKey}|${kind}`, {
    api,
    db,
    live,
    ...ANALYSIS_REFRESH,
  });
  const open = (c: FunctionCall) =>
    navigate('explorer', {
      ...(c.traceId ? { trace: c.traceId } : {}),
      ...(c.rowId !== null ? { row: String(c.rowId) } : {}),
    });
  const list = calls.data ?? [];
  return (
    <Panel
      title={
        <span className="calls-tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={kind === 'slowest'}
            className={kind === 'slowest' ? 'chip active' : 'chip'}
            onClick={() => setKind('slowest')}
          >
            Slowest calls
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={kind === 'errors'}
            className={kind === 'errors' ? 'chip active' : 'chip'}
            onClick={() => setKind('errors')}
          >
            Latest errors
          </button>
        </span>
      }
      aside={calls.data ? `top ${list.length} · ${describeRange(range)}` : null}
      loading={calls.loading && !calls.data}
      error={calls.error}
      empty={
        calls.data && list.length === 0
          ? kind === 'slowest'
            ? `No timed calls of ${fn} in ${describeRange(range)}.`
            : `No errors of ${fn} in ${describeRange(range)}.`
          : null
      }
      testId="function-calls"
      className="calls-panel"
    >
      <OpenContext.Provider value={open}>
        <ResultGrid
          rows={list}
          columns={COLUMNS}
          rowId={rowId}
          rowHeight={26}
          rowClassRules={CLASSES}
          label="Calls"
          fitRows
        />
      </OpenContext.Provider>
    </Panel>
  );
}
