// Every transition of this database's alerts, newest first: when, what, from → to, by whom, note.
import type { AlertTransition } from '../../db/api/alert-types.ts';
import type { ApiError } from '../../db/api/inspector-api.ts';
import { formatClock } from '../format/time.ts';
import { Panel } from '../ui/Panel.tsx';
import { formatAgo } from './relative-time.ts';

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
  // The engine lists one evaluation pass's transitions together, not strictly by time (a resolve a
  // few ms after a fire can come second); sorted here so the newest is always on top.
  const history = answer ? [...answer].sort((a, b) => b.at - a.at) : null;
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
        <table className="al-table">
          <thead>
            <tr>
              <th className="col-time">When</th>
              <th className="col-subject">Subject</th>
              <th className="col-transition">Transition</th>
              <th className="col-by">By</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {history.map((t, i) => (
              <tr key={`${t.alertId}-${t.at}-${t.to}-${i}`} data-alert={t.alertId} data-to={t.to}>
                <td className="col-time mono" title={formatAgo(t.at, now)}>
                  {formatClock(t.at, now)}
                </td>
                <td className="mono" title={`${t.subject} (${t.ruleName})`}>
                  {t.subject}
                </td>
                <td className="col-transition">
                  {t.from ? <span className={`al-tr tr-${t.from}`}>{t.from}</span> : <span className="muted">new</span>}
                  <span className="al-arrow">→</span>
                  <span className={`al-tr tr-${t.to}`}>{t.to}</span>
                </td>
                <td className="col-by" title={t.by}>
                  {t.by}
                </td>
                <td className="muted" title={t.note ?? ''}>
                  {t.note ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
