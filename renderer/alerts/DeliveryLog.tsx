// The delivery log: each notification (its webhook-id), the event, where it stands, and every
// attempt with its HTTP status or error and duration. Reloaded every second while one is pending.
// A grid of results (ResultGrid), a row per delivery kept by its id across reloads.
import { createContext, useContext, useMemo } from 'react';
import type { ColDef, RowClassRules } from 'ag-grid-community';
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { Delivery, Webhook } from '../../db/api/alert-types.ts';
import type { ApiError } from '../../db/api/inspector-api.ts';
import { formatClock } from '../format/time.ts';
import { Panel } from '../ui/Panel.tsx';
import { ResultGrid, TitledCell } from '../ui/ResultGrid.tsx';
import { DeliveryBadge } from './Badges.tsx';
import { attemptOk, attemptOutcome, eventLabel, formatDuration } from './delivery-format.ts';
import { formatAgo, formatIn } from './relative-time.ts';

export interface DeliveryLogProps {
  deliveries: Delivery[] | null;
  loading: boolean;
  error: ApiError | null;
  filter: Webhook | null;
  onClearFilter: () => void;
  now: number;
}

const SHOWN_ATTEMPTS = 3;
const NowContext = createContext(0);
type Cell = CustomCellRendererProps<Delivery>;

function CreatedCell({ data: d }: Cell) {
  const now = useContext(NowContext);
  return d ? (
    <span className="mono" title={formatAgo(d.createdAt, now)}>
      {formatClock(d.createdAt, now)}
    </span>
  ) : null;
}

function EventCell({ data: d }: Cell) {
  return d ? (
    <span className={`al-event ev-${eventLabel(d.event)}`} data-delivery={d.id} data-event={d.event}>
      {eventLabel(d.event)}
    </span>
  ) : null;
}

function StatusCell({ data: d }: Cell) {
  const now = useContext(NowContext);
  if (!d) return null;
  return (
    <>
      <DeliveryBadge status={d.status} />
      {d.status === 'pending' && d.nextAttemptAt !== null && d.attempts.length > 0 && (
        <span className="al-sub">retry {formatIn(d.nextAttemptAt, now)}</span>
      )}
    </>
  );
}

function AttemptsCell({ data: d }: Cell) {
  const now = useContext(NowContext);
  if (!d) return null;
  const shown = d.attempts.slice(-SHOWN_ATTEMPTS);
  return (
    <div className="al-attempts">
      {d.attempts.length === 0 && <span className="muted">not tried yet</span>}
      {d.attempts.length > SHOWN_ATTEMPTS && (
        <span className="muted">+{d.attempts.length - SHOWN_ATTEMPTS} earlier · </span>
      )}
      {shown.map((a, i) => (
        <span
          key={i}
          className={attemptOk(a) ? 'al-attempt ok' : 'al-attempt err'}
          title={
            a.durationMs === null
              ? `${formatClock(a.at, now)} — under way`
              : `${formatClock(a.at, now)} — ${attemptOutcome(a)} in ${formatDuration(a.durationMs)}`
          }
        >
          {attemptOutcome(a)}
          {a.durationMs !== null && <span className="muted"> · {formatDuration(a.durationMs)}</span>}
        </span>
      ))}
    </div>
  );
}

function columns(withHook: boolean): ColDef<Delivery>[] {
  return [
    { colId: 'created', headerName: 'Created', width: 100, cellRenderer: CreatedCell },
    ...(withHook
      ? [
          {
            colId: 'hook',
            headerName: 'Webhook',
            width: 86,
            valueGetter: (p) => p.data?.webhookName ?? '',
            cellRenderer: TitledCell,
          } satisfies ColDef<Delivery>,
        ]
      : []),
    { colId: 'event', headerName: 'Event', width: 92, cellRenderer: EventCell },
    { colId: 'status', headerName: 'Status', width: 136, cellRenderer: StatusCell },
    {
      colId: 'id',
      headerName: 'webhook-id',
      width: 104,
      cellClass: 'mono muted',
      cellRenderer: ({ data: d }: Cell) =>
        d && <span title={`webhook-id ${d.id} (the same on every retry)`}>{d.id}</span>,
    },
    { colId: 'attempts', headerName: 'Attempts', flex: 1, minWidth: 90, cellRenderer: AttemptsCell },
  ];
}

const CLASSES: RowClassRules<Delivery> = {
  'delivery-row': () => true,
  'row-gave-up': (p) => p.data?.status === 'gave-up',
};
const rowId = (d: Delivery) => d.id;

export function DeliveryLog({ deliveries, loading, error, filter, onClearFilter, now }: DeliveryLogProps) {
  const list = deliveries && filter ? deliveries.filter((d) => d.webhookId === filter.id) : deliveries;
  const defs = useMemo(() => columns(!filter), [filter]);
  return (
    <Panel
      title="Delivery log"
      aside={
        filter ? (
          <span className="al-filter">
            {filter.name}{' '}
            <button type="button" className="al-link" onClick={onClearFilter}>
              show all
            </button>
          </span>
        ) : list && list.length > 0 ? (
          `last ${list.length}`
        ) : null
      }
      loading={loading}
      error={error}
      empty={
        list && list.length === 0
          ? filter
            ? `Nothing sent to ${filter.name} yet: use Send test, or wait for one of its rules to fire.`
            : 'Nothing sent yet: notifications appear here when an alert changes state or you send a test.'
          : null
      }
      testId="deliveries"
      className="al-deliveries"
    >
      {list && list.length > 0 && (
        <div className="al-grid-box">
          <NowContext.Provider value={now}>
            <ResultGrid
              rows={list}
              columns={defs}
              rowId={rowId}
              rowHeight={28}
              rowClassRules={CLASSES}
              label="Webhook deliveries"
            />
          </NowContext.Provider>
        </div>
      )}
    </Panel>
  );
}
