// Open alerts (firing, then acknowledged), with Acknowledge (optional comment) and Resolve; the
// toggle adds recently resolved ones. A staleness subject opens the Trace Explorer on its process.
// A grid of results (ResultGrid); the cells read the tab's state (clock, busy, the alert being
// acknowledged) from a React context, so a tick of the clock redraws only the cells that show it.
import { createContext, useContext, useMemo, useState } from 'react';
import type { ColDef, RowClassRules } from 'ag-grid-community';
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { Alert } from '../../db/api/alert-types.ts';
import type { ApiError } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import { formatClock } from '../format/time.ts';
import { ErrorNote, Panel } from '../ui/Panel.tsx';
import { ResultGrid } from '../ui/ResultGrid.tsx';
import { SeverityBadge, StateBadge } from './Badges.tsx';
import { sortAlerts, subjectProcess } from './alert-order.ts';
import { formatAgo } from './relative-time.ts';

export interface ActiveAlertsProps {
  alerts: Alert[] | null;
  /** The alert a notification click asked for (`#/alerts?alert=<id>`): marked and scrolled to. */
  focusId?: string;
  loading: boolean;
  error: ApiError | null;
  showResolved: boolean;
  onShowResolved: (on: boolean) => void;
  onAcknowledge: (alert: Alert, comment: string | null) => Promise<boolean>;
  onResolve: (alert: Alert) => void;
  actionError: ApiError | null;
  busy: boolean;
  navigate: TabProps['navigate'];
  now: number;
}

interface RowState {
  now: number;
  busy: boolean;
  acking: string | null;
  setAcking: (id: string | null) => void;
  onResolve: (alert: Alert) => void;
  navigate: TabProps['navigate'];
}

const RowStateContext = createContext<RowState | null>(null);
const useRowState = () => useContext(RowStateContext)!;

type Cell = CustomCellRendererProps<Alert>;

function SubjectCell({ data: a }: Cell) {
  const { navigate } = useRowState();
  if (!a) return null;
  const process = subjectProcess(a);
  return (
    <div className="cell-subject" data-alert={a.id} data-subject={a.subject}>
      <div className="al-subject-line">
        {process ? (
          <button
            type="button"
            className="al-link mono"
            title={`Open ${process} in the Trace Explorer`}
            onClick={() => navigate('explorer', { q: process })}
          >
            {a.subject}
          </button>
        ) : (
          <span className="mono">{a.subject}</span>
        )}
        <span className="al-rule-name" title={`Rule: ${a.ruleName}`}>
          {a.ruleName}
        </span>
      </div>
      <div className="al-message" title={a.message}>
        {a.message}
      </div>
      {a.comment && (
        <div className="al-comment" title={`${a.acknowledgedBy ?? ''}: ${a.comment}`}>
          “{a.comment}” — {a.resolvedBy && a.state === 'resolved' ? a.resolvedBy : a.acknowledgedBy}
        </div>
      )}
    </div>
  );
}

function FiredCell({ data: a }: Cell) {
  const { now } = useRowState();
  return a ? <span title={formatClock(a.firedAt, now)}>{formatAgo(a.firedAt, now)}</span> : null;
}

function StateCell({ data: a }: Cell) {
  const { now } = useRowState();
  if (!a) return null;
  return (
    <>
      <StateBadge state={a.state} />
      {a.state === 'resolved' && (
        <div className="al-sub" title={formatClock(a.resolvedAt, now)}>
          {formatAgo(a.resolvedAt, now)} · {a.resolvedBy?.startsWith('engine') ? 'cleared' : a.resolvedBy}
        </div>
      )}
    </>
  );
}

function ActionsCell({ data: a }: Cell) {
  const { busy, acking, setAcking, onResolve } = useRowState();
  if (!a) return null;
  return (
    <>
      {a.state === 'firing' && (
        <button
          type="button"
          className="al-btn small"
          disabled={busy}
          aria-expanded={acking === a.id}
          onClick={() => setAcking(acking === a.id ? null : a.id)}
        >
          Acknowledge
        </button>
      )}
      {a.state !== 'resolved' && (
        <button type="button" className="al-btn small" disabled={busy} onClick={() => onResolve(a)}>
          Resolve
        </button>
      )}
    </>
  );
}

const COLUMNS: ColDef<Alert>[] = [
  {
    colId: 'severity',
    headerName: 'Severity',
    width: 86,
    cellRenderer: ({ data }: Cell) => data && <SeverityBadge severity={data.severity} />,
    cellClass: 'col-sev',
  },
  { colId: 'subject', headerName: 'Subject · rule', flex: 1, minWidth: 200, cellRenderer: SubjectCell },
  { colId: 'fired', headerName: 'Fired', width: 84, cellRenderer: FiredCell },
  { colId: 'state', headerName: 'State', width: 120, cellRenderer: StateCell },
  { colId: 'actions', headerName: '', width: 190, cellRenderer: ActionsCell, cellClass: 'col-actions' },
];

const rowClasses = (focusId: string | undefined): RowClassRules<Alert> => ({
  'alert-row': () => true,
  'row-firing': (r) => r.data?.state === 'firing',
  'row-acknowledged': (r) => r.data?.state === 'acknowledged',
  'row-resolved': (r) => r.data?.state === 'resolved',
  focused: (r) => !!focusId && r.data?.id === focusId,
});

/** Two lines (subject, message), a third for a comment. */
const rowHeight = (a: Alert) => (a.comment ? 62 : 46);
const rowId = (a: Alert) => a.id;

/** Above the grid: the comment for the alert being acknowledged (a new alert starts it empty). */
function AckForm(p: {
  alert: Alert;
  busy: boolean;
  onAcknowledge: (comment: string | null) => Promise<void>;
  onCancel: () => void;
}) {
  const [comment, setComment] = useState('');
  return (
    <form
      className="ack-form"
      onSubmit={(e) => {
        e.preventDefault();
        void p.onAcknowledge(comment.trim() || null);
      }}
    >
      <span className="ack-subject mono" title={p.alert.subject}>
        {p.alert.subject}
      </span>
      <input
        className="al-input"
        autoFocus
        placeholder="Comment (optional): what you are doing about it"
        maxLength={2000}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        aria-label="Comment"
      />
      <button type="submit" className="al-btn small primary" disabled={p.busy}>
        Acknowledge
      </button>
      <button type="button" className="al-btn small" onClick={p.onCancel}>
        Cancel
      </button>
    </form>
  );
}

export function ActiveAlerts(p: ActiveAlertsProps) {
  const [acking, setAckingId] = useState<string | null>(null);
  const list = p.alerts ? sortAlerts(p.alerts) : null;
  const open = p.alerts?.filter((a) => a.state !== 'resolved').length ?? 0;
  const firing = p.alerts?.filter((a) => a.state === 'firing').length ?? 0;
  const ackAlert = list?.find((a) => a.id === acking && a.state === 'firing') ?? null;
  const focusId = p.focusId;
  const classes = useMemo(() => rowClasses(focusId), [focusId]);

  return (
    <Panel
      title={<>Active alerts {p.alerts && <span className={firing ? 'al-count firing' : 'al-count'}>{open}</span>}</>}
      aside={
        <label className="al-check" title="Also list alerts resolved recently">
          <input
            type="checkbox"
            checked={p.showResolved}
            onChange={(e) => p.onShowResolved(e.target.checked)}
            data-testid="show-resolved"
          />{' '}
          Show resolved
        </label>
      }
      loading={p.loading}
      error={p.error}
      empty={
        list && list.length === 0
          ? p.showResolved
            ? 'No alerts yet: none of the rules has fired on this database.'
            : 'No alerts are firing.'
          : null
      }
      testId="active-alerts"
      className="al-active"
    >
      {list && list.length > 0 && (
        <div className="al-grid-box">
          {p.actionError && <ErrorNote error={p.actionError} compact />}
          {ackAlert && (
            <AckForm
              key={ackAlert.id}
              alert={ackAlert}
              busy={p.busy}
              onAcknowledge={async (comment) => {
                if (await p.onAcknowledge(ackAlert, comment)) setAckingId(null);
              }}
              onCancel={() => setAckingId(null)}
            />
          )}
          <RowStateContext.Provider
            value={{
              now: p.now,
              busy: p.busy,
              acking,
              setAcking: setAckingId,
              onResolve: p.onResolve,
              navigate: p.navigate,
            }}
          >
            <ResultGrid
              rows={list}
              columns={COLUMNS}
              rowId={rowId}
              rowHeight={rowHeight}
              rowClassRules={classes}
              revealId={p.focusId}
              label="Active alerts"
            />
          </RowStateContext.Provider>
        </div>
      )}
    </Panel>
  );
}
