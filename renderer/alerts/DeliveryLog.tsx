// The delivery log: each notification (its webhook-id), the event, where it stands, and every
// attempt with its HTTP status or error and duration. Reloaded every second while one is pending.
import type { Delivery, Webhook } from '../../db/api/alert-types.ts';
import type { ApiError } from '../../db/api/inspector-api.ts';
import { formatClock } from '../format/time.ts';
import { Panel } from '../ui/Panel.tsx';
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

export function DeliveryLog({ deliveries, loading, error, filter, onClearFilter, now }: DeliveryLogProps) {
  const list = deliveries && filter ? deliveries.filter((d) => d.webhookId === filter.id) : deliveries;
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
        <table className="al-table">
          <thead>
            <tr>
              <th className="col-time">Created</th>
              {!filter && <th className="col-hook">Webhook</th>}
              <th className="col-event">Event</th>
              <th className="col-status">Status</th>
              <th className="col-msg">webhook-id</th>
              <th>Attempts</th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => {
              const shown = d.attempts.slice(-SHOWN_ATTEMPTS);
              return (
                <tr key={d.id} data-delivery={d.id} data-status={d.status} data-event={d.event}>
                  <td className="col-time mono" title={formatAgo(d.createdAt, now)}>
                    {formatClock(d.createdAt, now)}
                  </td>
                  {!filter && (
                    <td className="col-hook" title={d.webhookName}>
                      {d.webhookName}
                    </td>
                  )}
                  <td className="col-event">
                    <span className={`al-event ev-${eventLabel(d.event)}`}>{eventLabel(d.event)}</span>
                  </td>
                  <td className="col-status">
                    <DeliveryBadge status={d.status} />
                    {d.status === 'pending' && d.nextAttemptAt !== null && d.attempts.length > 0 && (
                      <span className="al-sub">retry {formatIn(d.nextAttemptAt, now)}</span>
                    )}
                  </td>
                  <td className="col-msg mono muted" title={`webhook-id ${d.id} (the same on every retry)`}>
                    {d.id}
                  </td>
                  <td className="cell-attempts">
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
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
