// Open alerts (firing, then acknowledged), with Acknowledge (optional comment) and Resolve; the
// toggle adds recently resolved ones. A staleness subject opens the Trace Explorer on its process.
import { Fragment, useState } from 'react';
import type { Alert } from '../../db/api/alert-types.ts';
import type { ApiError } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import { formatClock } from '../format/time.ts';
import { ErrorNote, Panel } from '../ui/Panel.tsx';
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

export function ActiveAlerts(p: ActiveAlertsProps) {
  const [acking, setAcking] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const list = p.alerts ? sortAlerts(p.alerts) : null;
  const open = p.alerts?.filter((a) => a.state !== 'resolved').length ?? 0;
  const firing = p.alerts?.filter((a) => a.state === 'firing').length ?? 0;
  const submitAck = async (a: Alert) => {
    if (await p.onAcknowledge(a, comment.trim() || null)) {
      setAcking(null);
      setComment('');
    }
  };

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
      {p.actionError && <ErrorNote error={p.actionError} compact />}
      {list && list.length > 0 && (
        <table className="al-table">
          <thead>
            <tr>
              <th className="col-sev">Severity</th>
              <th>Subject · rule</th>
              <th className="col-when">Fired</th>
              <th className="col-state">State</th>
              <th className="col-actions" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {list.map((a) => {
              const process = subjectProcess(a);
              return (
                <Fragment key={a.id}>
                  <tr
                    className={`alert-row row-${a.state}${a.id === p.focusId ? ' focused' : ''}`}
                    data-alert={a.id}
                    ref={a.id === p.focusId ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}
                    data-state={a.state}
                    data-subject={a.subject}
                  >
                    <td>
                      <SeverityBadge severity={a.severity} />
                    </td>
                    <td className="cell-subject">
                      <div className="al-subject-line">
                        {process ? (
                          <button
                            type="button"
                            className="al-link mono"
                            title={`Open ${process} in the Trace Explorer`}
                            onClick={() => p.navigate('explorer', { q: process })}
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
                    </td>
                    <td className="col-when" title={formatClock(a.firedAt, p.now)}>
                      {formatAgo(a.firedAt, p.now)}
                    </td>
                    <td className="col-state">
                      <StateBadge state={a.state} />
                      {a.state === 'resolved' && (
                        <div className="al-sub" title={formatClock(a.resolvedAt, p.now)}>
                          {formatAgo(a.resolvedAt, p.now)} ·{' '}
                          {a.resolvedBy?.startsWith('engine') ? 'cleared' : a.resolvedBy}
                        </div>
                      )}
                    </td>
                    <td className="col-actions">
                      {a.state === 'firing' && (
                        <button
                          type="button"
                          className="al-btn small"
                          disabled={p.busy}
                          onClick={() => {
                            setAcking(acking === a.id ? null : a.id);
                            setComment('');
                          }}
                        >
                          Acknowledge
                        </button>
                      )}
                      {a.state !== 'resolved' && (
                        <button type="button" className="al-btn small" disabled={p.busy} onClick={() => p.onResolve(a)}>
                          Resolve
                        </button>
                      )}
                    </td>
                  </tr>
                  {acking === a.id && (
                    <tr className="ack-row">
                      <td />
                      <td colSpan={4}>
                        <form
                          className="ack-form"
                          onSubmit={(e) => {
                            e.preventDefault();
                            void submitAck(a);
                          }}
                        >
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
                          <button type="button" className="al-btn small" onClick={() => setAcking(null)}>
                            Cancel
                          </button>
                        </form>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
