// Every transition of this database's alerts, newest first: when, what, from → to, by whom, note.
// A grid of results (ResultGrid), windowed: the history holds up to 200 transitions.
import { createContext, useContext, useMemo } from 'react';
import type { ColDef } from 'ag-grid-community';
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { AlertTransition } from '../../db/api/alert-types.ts';
import type { ApiError } from '../../db/api/inspector-api.ts';
import { formatClock } from '../format/time.ts';
import { Panel } from '../ui/Panel.tsx';
import { ResultGrid, TitledCell } from '../ui/ResultGrid.tsx';
import { historySteps, type Step } from './alert-order.ts';
import { formatAgo } from './relative-time.ts';

const NowContext = createContext(0);
type Cell = CustomCellRendererProps<Step>;

function WhenCell({ data: t }: Cell) {
  const now = useContext(NowContext);
  return t ? (
    <span className="mono" title={formatAgo(t.at, now)}>
      {formatClock(t.at, now)}
    </span>
  ) : null;
}

function TransitionCell({ data: t }: Cell) {
  if (!t) return null;
  return (
    <span data-alert={t.alertId} data-to={t.to}>
      {t.from ? <span className={`al-tr tr-${t.from}`}>{t.from}</span> : <span className="muted">new</span>}
      <span className="al-arrow">→</span>
      <span className={`al-tr tr-${t.to}`}>{t.to}</span>
    </span>
  );
}

const COLUMNS: ColDef<Step>[] = [
  { colId: 'when', headerName: 'When', width: 110, cellRenderer: WhenCell },
  {
    colId: 'subject',
    headerName: 'Subject',
    flex: 1,
    minWidth: 120,
    cellRenderer: ({ data: t }: Cell) =>
      t && (
        <span className="mono" title={`${t.subject} (${t.ruleName})`}>
          {t.subject}
        </span>
      ),
  },
  { colId: 'transition', headerName: 'Transition', width: 196, cellRenderer: TransitionCell },
  { colId: 'by', headerName: 'By', width: 140, valueGetter: (p) => p.data?.by ?? '', cellRenderer: TitledCell },
  {
    colId: 'note',
    headerName: 'Note',
    flex: 1,
    minWidth: 100,
    valueGetter: (p) => p.data?.note ?? '',
    cellRenderer: TitledCell,
    cellClass: 'muted',
  },
];

const rowId = (t: Step) => t.key;

export function AlertHistory({
  history: answer,
  loading,
  error,
  now,
}: {
  history: AlertTransition[] | null;
  loading: boolean;
  error: ApiError | null;
  now: number;
}) {
  const history = useMemo(() => (answer ? historySteps(answer) : null), [answer]);
  return (
    <Panel
      title="History"
      aside={history && history.length > 0 ? `${history.length} transition${history.length === 1 ? '' : 's'}` : null}
      loading={loading}
      error={error}
      empty={
        history && history.length === 0
          ? 'Nothing has happened yet: transitions appear here when an alert fires, is acknowledged or resolves.'
          : null
      }
      testId="alert-history"
      className="al-history"
    >
      {history && history.length > 0 && (
        <div className="al-grid-box">
          <NowContext.Provider value={now}>
            <ResultGrid rows={history} columns={COLUMNS} rowId={rowId} rowHeight={28} label="Alert history" />
          </NowContext.Provider>
        </div>
      )}
    </Panel>
  );
}
