// The Alerts tab: what is firing now and what happened (left), the rules that decide it and the
// webhooks that tell other systems, with their delivery log (right). Alerts follow the engine's
// `alert` event; every change the user makes reloads what it touches.
import { useCallback, useEffect, useState } from 'react';
import type { Alert, AlertRule, AlertRuleInput, Webhook, WebhookInput } from '../../db/api/alert-types.ts';
import type { EventName } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import { useLiveQuery } from '../live/use-live-query.ts';
import { ActiveAlerts } from './ActiveAlerts.tsx';
import { AlertHistory } from './AlertHistory.tsx';
import { anyPending } from './delivery-format.ts';
import { DeliveryLog } from './DeliveryLog.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { emptyRuleForm, ruleInputOf, ruleToForm, type RuleForm } from './rule-form.ts';
import { RuleEditor } from './RuleEditor.tsx';
import { exportFileName, parseRulesFile } from './rules-file.ts';
import { RulesPanel } from './RulesPanel.tsx';
import { useApiAction } from './use-api-action.ts';
import { useNow } from './use-now.ts';
import { emptyWebhookForm, webhookToForm, type WebhookForm } from './webhook-form.ts';
import { WebhookEditor } from './WebhookEditor.tsx';
import { WebhooksPanel } from './WebhooksPanel.tsx';
import './alerts.css';

const ALERT_EVENTS: EventName[] = ['alert', 'status'];
const QUIET_EVENTS: EventName[] = ['status'];

type Editing =
  | { what: 'rule'; form: RuleForm }
  | { what: 'webhook'; form: WebhookForm }
  | { what: 'import'; fileName: string; rules: AlertRuleInput[] }
  | null;

export function AlertsTab({ api, db, info, live, params, navigate }: TabProps) {
  // Bumped after every change the user makes, so the panels reload even with live updates paused.
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const [showResolved, setShowResolved] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [selectedHook, setSelectedHook] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pendingTick, setPendingTick] = useState(0);
  const now = useNow(5000);

  const alertOpts = { api, db, live, events: ALERT_EVENTS, throttleMs: 250, pollMs: 15_000 };
  const alerts = useLiveQuery(
    () => api.alerts({ db, state: showResolved ? 'all' : 'open' }),
    `${version}|${showResolved}`,
    alertOpts,
  );
  const history = useLiveQuery(() => api.alertHistory({ db, limit: 200 }), String(version), alertOpts);
  const rules = useLiveQuery(() => api.alertRules({ db }), String(version), {
    api,
    db,
    live,
    events: QUIET_EVENTS,
    pollMs: 30_000,
  });
  const webhooks = useLiveQuery(() => api.webhooks({}), String(version), {
    api,
    db,
    live,
    events: QUIET_EVENTS,
    pollMs: 30_000,
  });
  const deliveries = useLiveQuery(() => api.webhookDeliveries({ limit: 100 }), `${version}|${pendingTick}`, {
    api,
    db,
    live,
    events: ALERT_EVENTS,
    throttleMs: 500,
    pollMs: 5000,
  });

  // A pending delivery is being retried by the engine: follow it every second, live or not.
  const pending = anyPending(deliveries.data);
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(() => setPendingTick((n) => n + 1), 1000);
    return () => clearTimeout(t);
  }, [pending, deliveries.loadedAt]);

  const alertAction = useApiAction(changed);
  const ruleAction = useApiAction(changed);
  const hookAction = useApiAction(changed);
  const editAction = useApiAction(changed);
  const { clear: clearEdit } = editAction;
  const close = useCallback(() => {
    setEditing(null);
    clearEdit();
  }, [clearEdit]);

  const acknowledge = async (a: Alert, comment: string | null) =>
    (await alertAction.run(() => api.acknowledgeAlert({ db, id: a.id, comment }))) !== null;
  const resolve = (a: Alert) => void alertAction.run(() => api.resolveAlert({ db, id: a.id }));

  const saveRule = async (rule: AlertRuleInput) => {
    if (await editAction.run(() => api.saveAlertRule({ db, rule }))) close();
  };
  const saveWebhook = async (webhook: WebhookInput) => {
    if (await editAction.run(() => api.saveWebhook({ webhook }))) close();
  };
  const exportRules = async () => {
    const doc = await ruleAction.run(() => api.exportAlertRules({ db }));
    if (!doc) return;
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(info.path);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setNotice(`Exported ${doc.rules.length} rule${doc.rules.length === 1 ? '' : 's'} to ${a.download}.`);
  };
  const importFile = async (file: File) => {
    ruleAction.clear();
    const parsed = parseRulesFile(await file.text());
    if (!parsed.ok) return setNotice(parsed.message);
    setNotice(null);
    setEditing({ what: 'import', fileName: file.name, rules: parsed.rules });
  };
  const importRules = async (list: AlertRuleInput[], mode: 'merge' | 'replace') => {
    const r = await editAction.run(() => api.importAlertRules({ db, rules: list, mode }));
    if (!r) return;
    close();
    setNotice(
      `Imported ${list.length} rule${list.length === 1 ? '' : 's'} (${mode}); ${r.length} rule${r.length === 1 ? '' : 's'} now.`,
    );
  };
  const webhookInputOf = (w: Webhook, enabled: boolean): WebhookInput => ({
    id: w.id,
    name: w.name,
    url: w.url,
    format: w.format,
    headers: w.headers,
    enabled,
  });

  const hookList = webhooks.data ?? [];
  return (
    <div className="alerts" data-testid="alerts">
      <div className="alerts-col">
        <ActiveAlerts
          alerts={alerts.data}
          focusId={params.alert}
          loading={alerts.loading && !alerts.data}
          error={alerts.error}
          showResolved={showResolved}
          onShowResolved={setShowResolved}
          onAcknowledge={acknowledge}
          onResolve={resolve}
          actionError={alertAction.error}
          busy={alertAction.busy}
          navigate={navigate}
          now={now}
        />
        <AlertHistory
          history={history.data}
          loading={history.loading && !history.data}
          error={history.error}
          now={now}
        />
      </div>
      <div className="alerts-col">
        <RulesPanel
          rules={rules.data}
          webhooks={webhooks.data}
          loading={rules.loading && !rules.data}
          error={rules.error}
          actionError={ruleAction.error}
          notice={notice}
          busy={ruleAction.busy}
          now={Math.max(now, rules.loadedAt ?? 0)}
          onNew={() => setEditing({ what: 'rule', form: emptyRuleForm() })}
          onEdit={(r: AlertRule) => setEditing({ what: 'rule', form: ruleToForm(r) })}
          onToggle={(r, enabled) =>
            void ruleAction.run(() => api.saveAlertRule({ db, rule: ruleInputOf(r, { enabled }) }))
          }
          onSnooze={(r, minutes) => void ruleAction.run(() => api.snoozeAlertRule({ db, id: r.id, minutes }))}
          onDelete={(r) => void ruleAction.run(() => api.deleteAlertRule({ db, id: r.id }))}
          onExport={() => void exportRules()}
          onImportFile={(f) => void importFile(f)}
        />
        <WebhooksPanel
          webhooks={webhooks.data}
          loading={webhooks.loading && !webhooks.data}
          error={webhooks.error}
          actionError={hookAction.error}
          busy={hookAction.busy}
          selected={selectedHook}
          onSelect={setSelectedHook}
          onNew={() => setEditing({ what: 'webhook', form: emptyWebhookForm() })}
          onEdit={(w) => setEditing({ what: 'webhook', form: webhookToForm(w) })}
          onToggle={(w, enabled) => void hookAction.run(() => api.saveWebhook({ webhook: webhookInputOf(w, enabled) }))}
          onTest={(w) => void hookAction.run(() => api.testWebhook({ id: w.id }))}
          onDelete={(w) => {
            if (selectedHook === w.id) setSelectedHook(null);
            void hookAction.run(() => api.deleteWebhook({ id: w.id }));
          }}
        />
        <DeliveryLog
          deliveries={deliveries.data}
          loading={deliveries.loading && !deliveries.data}
          error={deliveries.error}
          filter={hookList.find((w) => w.id === selectedHook) ?? null}
          onClearFilter={() => setSelectedHook(null)}
          now={now}
        />
      </div>
      {editing?.what === 'rule' && (
        <RuleEditor
          api={api}
          db={db}
          initial={editing.form}
          webhooks={hookList}
          action={editAction}
          onSave={(r) => void saveRule(r)}
          onClose={close}
        />
      )}
      {editing?.what === 'webhook' && (
        <WebhookEditor initial={editing.form} action={editAction} onSave={(w) => void saveWebhook(w)} onClose={close} />
      )}
      {editing?.what === 'import' && (
        <ImportDialog
          fileName={editing.fileName}
          rules={editing.rules}
          existing={rules.data?.length ?? 0}
          action={editAction}
          onImport={(mode) => void importRules(editing.rules, mode)}
          onClose={close}
        />
      )}
    </div>
  );
}
