// Webhook endpoints (shared by every database): enabled, where they post, signed or not, with
// Send test, edit and delete. Selecting one narrows the delivery log to it.
import type { Webhook } from '../../db/api/alert-types.ts';
import type { ApiError } from '../../db/api/inspector-api.ts';
import { ErrorNote, Panel } from '../ui/Panel.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';

export interface WebhooksPanelProps {
  webhooks: Webhook[] | null;
  loading: boolean;
  error: ApiError | null;
  actionError: ApiError | null;
  busy: boolean;
  selected: string | null;
  onSelect: (id: string | null) => void;
  onNew: () => void;
  onEdit: (w: Webhook) => void;
  onToggle: (w: Webhook, enabled: boolean) => void;
  onTest: (w: Webhook) => void;
  onDelete: (w: Webhook) => void;
}

export function WebhooksPanel(p: WebhooksPanelProps) {
  return (
    <Panel
      title={<>Webhooks {p.webhooks && <span className="al-count">{p.webhooks.length}</span>}</>}
      aside={
        <button type="button" className="al-btn small primary" onClick={p.onNew} data-testid="new-webhook">
          New webhook
        </button>
      }
      loading={p.loading}
      error={p.error}
      empty={
        p.webhooks && p.webhooks.length === 0 ? 'No webhooks yet — add one to notify Slack or your own service.' : null
      }
      testId="webhooks"
      className="al-webhooks"
    >
      {p.actionError && <ErrorNote error={p.actionError} compact />}
      {p.webhooks && p.webhooks.length > 0 && (
        <ul className="al-list">
          {p.webhooks.map((w) => (
            <li
              key={w.id}
              className={`al-item${w.enabled ? '' : ' disabled'}${p.selected === w.id ? ' selected' : ''}`}
              data-webhook={w.id}
              data-name={w.name}
            >
              <label
                className="al-switch"
                title={w.enabled ? 'Enabled: click to disable' : 'Disabled: click to enable'}
              >
                <input
                  type="checkbox"
                  role="switch"
                  checked={w.enabled}
                  disabled={p.busy}
                  onChange={(e) => p.onToggle(w, e.target.checked)}
                  aria-label={`Enable ${w.name}`}
                />
                <span />
              </label>
              <div
                className="al-item-main"
                onClick={() => p.onSelect(p.selected === w.id ? null : w.id)}
                title="Show only this webhook's deliveries"
              >
                <div className="al-item-head">
                  <button
                    type="button"
                    className="al-name"
                    onClick={(e) => {
                      e.stopPropagation();
                      p.onEdit(w);
                    }}
                    title="Edit this webhook"
                  >
                    {w.name}
                  </button>
                  <span className="al-kind">{w.format === 'slack' ? 'Slack' : 'JSON'}</span>
                  {w.hasSecret ? (
                    <span className="al-tag ok" title="Requests carry a Standard Webhooks signature">
                      signed
                    </span>
                  ) : (
                    <span className="al-tag" title="No secret: requests are not signed">
                      unsigned
                    </span>
                  )}
                  {Object.keys(w.headers).length > 0 && (
                    <span className="al-tag" title={Object.keys(w.headers).join(', ')}>
                      +{Object.keys(w.headers).length} header{Object.keys(w.headers).length === 1 ? '' : 's'}
                    </span>
                  )}
                </div>
                <div className="al-summary mono" title={w.url}>
                  {w.url}
                </div>
              </div>
              <div className="al-item-actions">
                <button
                  type="button"
                  className="al-btn small"
                  disabled={p.busy || !w.enabled}
                  onClick={() => p.onTest(w)}
                  title={w.enabled ? 'Send a test notification now' : 'Enable the webhook to send a test'}
                >
                  Send test
                </button>
                <button type="button" className="al-btn small" onClick={() => p.onEdit(w)}>
                  Edit
                </button>
                <ConfirmButton
                  label="Delete"
                  confirmLabel="Delete?"
                  disabled={p.busy}
                  title="Delete this webhook (rules stop notifying it)"
                  onConfirm={() => p.onDelete(w)}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
