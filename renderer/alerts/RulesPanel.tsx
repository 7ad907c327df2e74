// This database's rules: what each watches in words, severity, enabled, webhooks and snooze, with
// edit, snooze, delete, and Export / Import of the whole set as JSON.
import { useRef } from 'react';
import type { AlertRule, Webhook } from '../../db/api/alert-types.ts';
import type { ApiError } from '../../db/api/inspector-api.ts';
import { formatClock } from '../format/time.ts';
import { ErrorNote, Panel } from '../ui/Panel.tsx';
import { SeverityBadge } from './Badges.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { SNOOZE_CHOICES, snoozeLabel } from './relative-time.ts';
import { describeCondition, KIND_LABELS } from './rule-summary.ts';

export interface RulesPanelProps {
  rules: AlertRule[] | null;
  webhooks: Webhook[] | null;
  loading: boolean;
  error: ApiError | null;
  actionError: ApiError | null;
  notice: string | null;
  busy: boolean;
  now: number;
  onNew: () => void;
  onEdit: (rule: AlertRule) => void;
  onToggle: (rule: AlertRule, enabled: boolean) => void;
  onSnooze: (rule: AlertRule, minutes: number | 'forever' | null) => void;
  onDelete: (rule: AlertRule) => void;
  onExport: () => void;
  onImportFile: (file: File) => void;
}

export function RulesPanel(p: RulesPanelProps) {
  const fileRef = useRef<HTMLInputElement>(null);
  const hookName = (id: string) => p.webhooks?.find((w) => w.id === id)?.name ?? id;
  return (
    <Panel
      title={<>Rules {p.rules && <span className="al-count">{p.rules.length}</span>}</>}
      aside={
        <div className="al-toolbar">
          <button
            type="button"
            className="al-btn small"
            onClick={p.onExport}
            disabled={!p.rules?.length}
            title="Download this database's rules as JSON"
          >
            Export
          </button>
          <button
            type="button"
            className="al-btn small"
            onClick={() => fileRef.current?.click()}
            title="Add or replace rules from an exported JSON file"
          >
            Import…
          </button>
          <input
            ref={fileRef}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="import-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) p.onImportFile(f);
            }}
          />
          <button type="button" className="al-btn small primary" onClick={p.onNew} data-testid="new-rule">
            New rule
          </button>
        </div>
      }
      loading={p.loading}
      error={p.error}
      empty={
        p.rules && p.rules.length === 0 ? 'No rules: nothing is watched on this database. Add one with New rule.' : null
      }
      testId="rules"
      className="al-rules"
    >
      {p.actionError && <ErrorNote error={p.actionError} compact />}
      {p.notice && (
        <div className="al-notice" role="status">
          {p.notice}
        </div>
      )}
      {p.rules && p.rules.length > 0 && (
        <ul className="al-list">
          {p.rules.map((r) => {
            const snooze = snoozeLabel(r.snoozedUntil, p.now);
            return (
              <li key={r.id} className={r.enabled ? 'al-item' : 'al-item disabled'} data-rule={r.id} data-name={r.name}>
                <label
                  className="al-switch"
                  title={r.enabled ? 'Enabled: click to disable' : 'Disabled: click to enable'}
                >
                  <input
                    type="checkbox"
                    role="switch"
                    checked={r.enabled}
                    disabled={p.busy}
                    onChange={(e) => p.onToggle(r, e.target.checked)}
                    aria-label={`Enable ${r.name}`}
                  />
                  <span />
                </label>
                <div className="al-item-main">
                  <div className="al-item-head">
                    <button type="button" className="al-name" onClick={() => p.onEdit(r)} title="Edit this rule">
                      {r.name}
                    </button>
                    <SeverityBadge severity={r.severity} />
                    <span className="al-kind">{KIND_LABELS[r.condition.kind]}</span>
                    {snooze && (
                      <span
                        className="al-snoozed"
                        title={
                          snooze === 'until resumed'
                            ? 'Snoozed until you resume it'
                            : `Snoozed until ${formatClock(r.snoozedUntil, p.now)}`
                        }
                        data-testid="snoozed"
                      >
                        snoozed · {snooze}
                      </span>
                    )}
                  </div>
                  <div className="al-summary-line">
                    <span className="al-summary mono" title={describeCondition(r.condition)}>
                      {describeCondition(r.condition)}
                    </span>
                    <span
                      className="al-notifies"
                      title={
                        r.webhooks.length ? `Notifies ${r.webhooks.map(hookName).join(', ')}` : 'Notifies no webhook'
                      }
                    >
                      {r.webhooks.length === 0 ? (
                        <span className="muted">no webhooks</span>
                      ) : (
                        <>→ {r.webhooks.map(hookName).join(', ')}</>
                      )}
                    </span>
                  </div>
                </div>
                <div className="al-item-actions">
                  {snooze ? (
                    <button
                      type="button"
                      className="al-btn small"
                      disabled={p.busy}
                      onClick={() => p.onSnooze(r, null)}
                    >
                      Resume
                    </button>
                  ) : (
                    <select
                      className="al-select small"
                      value=""
                      disabled={p.busy || !r.enabled}
                      aria-label={`Snooze ${r.name}`}
                      onChange={(e) =>
                        e.target.value &&
                        p.onSnooze(r, e.target.value === 'forever' ? 'forever' : Number(e.target.value))
                      }
                    >
                      <option value="">Snooze…</option>
                      {SNOOZE_CHOICES.map((c) => (
                        <option key={c.minutes} value={c.minutes}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                  )}
                  <button type="button" className="al-btn small" onClick={() => p.onEdit(r)}>
                    Edit
                  </button>
                  <ConfirmButton
                    label="Delete"
                    confirmLabel="Delete?"
                    disabled={p.busy}
                    title="Delete this rule (its open alerts resolve)"
                    onConfirm={() => p.onDelete(r)}
                  />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
