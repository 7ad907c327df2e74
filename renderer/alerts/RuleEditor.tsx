// The rule builder: a kind, its fields (with names the engine knows offered as you type), the
// severity, enabled and the webhooks to notify. Checked here in words before it is sent; the
// engine's sentence shows if it still refuses.
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { AlertRuleInput, RuleKind, Webhook } from '../../db/api/alert-types.ts';
import type { InspectorApi } from '../../db/api/inspector-api.ts';
import { ErrorNote } from '../ui/Panel.tsx';
import { Dialog } from './Dialog.tsx';
import { NO_NAMES, variablesFor, type NameOptions } from './name-options.ts';
import { formToRuleInput, shownCondition, type RuleForm, type RuleFormErrors } from './rule-form.ts';
import { describeCondition, KIND_LABELS } from './rule-summary.ts';
import type { ApiAction } from './use-api-action.ts';

export interface RuleEditorProps {
  api: InspectorApi;
  db: string;
  initial: RuleForm;
  webhooks: Webhook[];
  action: ApiAction;
  onSave: (rule: AlertRuleInput) => void;
  onClose: () => void;
}

function useNameOptions(api: InspectorApi, db: string): NameOptions {
  const [names, setNames] = useState(NO_NAMES);
  useEffect(() => {
    let gone = false;
    void Promise.all([api.functions({ db }), api.staleness({ db, all: true })]).then(([fns, stale]) => {
      if (gone) return;
      const fnList = fns.ok ? fns.value : [];
      setNames({
        processes: fnList.map((f) => f.process),
        groups: [...new Set(fnList.flatMap((f) => f.groups).filter((g): g is string => !!g))].sort(),
        pairs: stale.ok ? stale.value.variables.map((v) => ({ process: v.process, data: v.data })) : [],
      });
    });
    return () => {
      gone = true;
    };
  }, [api, db]);
  return names;
}

const KINDS: RuleKind[] = ['staleness', 'errorRate', 'slowFunction', 'silence'];

export function Field({
  label,
  error,
  hint,
  children,
  wide,
}: {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <label className={wide ? 'al-field wide' : 'al-field'}>
      <span className="al-field-label">{label}</span>
      {children}
      {error ? (
        <span className="al-field-error" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span className="al-field-hint">{hint}</span>
      ) : null}
    </label>
  );
}

export function RuleEditor({ api, db, initial, webhooks, action, onSave, onClose }: RuleEditorProps) {
  const [f, setF] = useState(initial);
  const [errors, setErrors] = useState<RuleFormErrors>({});
  const names = useNameOptions(api, db);
  const ids = useId();
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => {
    setF((prev) => ({ ...prev, [key]: value }));
    setErrors((prev) => ({ ...prev, [key]: undefined }));
  };
  const preview = formToRuleInput({ ...f, name: f.name || 'preview' });
  const submit = () => {
    const r = formToRuleInput(f);
    if (!r.ok) return setErrors(r.errors);
    onSave(r.rule);
  };
  const text = (
    key:
      | 'process'
      | 'data'
      | 'match'
      | 'threshold'
      | 'percent'
      | 'windowSec'
      | 'minRows'
      | 'p95Ms'
      | 'minCalls'
      | 'seconds',
    list?: string,
    numeric?: boolean,
  ) => (
    <input
      className={errors[key] ? 'al-input invalid' : 'al-input'}
      name={key}
      value={f[key]}
      list={list}
      inputMode={numeric ? 'decimal' : undefined}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => set(key, e.target.value)}
    />
  );
  const glob = 'Exact name, or a glob: * any run, ? one character.';

  return (
    <Dialog
      title={f.id ? `Edit rule “${initial.name}”` : 'New rule'}
      onClose={onClose}
      testId="rule-editor"
      footer={
        <>
          {action.error && <ErrorNote error={action.error} compact />}
          <span className="spacer" />
          <button type="button" className="al-btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className="al-btn primary" disabled={action.busy}>
            {f.id ? 'Save rule' : 'Create rule'}
          </button>
        </>
      }
    >
      <form
        id={`${ids}-form`}
        className="al-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <datalist id={`${ids}-processes`}>
          {['*', ...names.processes].map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <datalist id={`${ids}-groups`}>
          {['*', ...names.groups].map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
        <datalist id={`${ids}-variables`}>
          {['*', ...variablesFor(names, f.process)].map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>

        <Field label="Name" error={errors.name} wide>
          <input
            className={errors.name ? 'al-input invalid' : 'al-input'}
            name="name"
            value={f.name}
            maxLength={200}
            placeholder="e.g. Stock poll stuck"
            onChange={(e) => set('name', e.target.value)}
          />
        </Field>

        <div className="al-field wide">
          <span className="al-field-label">Fires when</span>
          <div className="al-segmented" role="radiogroup" aria-label="Kind">
            {KINDS.map((k) => (
              <button
                key={k}
                type="button"
                role="radio"
                aria-checked={f.kind === k}
                className={f.kind === k ? 'on' : ''}
                onClick={() => set('kind', k)}
              >
                {KIND_LABELS[k]}
              </button>
            ))}
          </div>
        </div>

        {f.kind === 'staleness' && (
          <div className="al-grid">
            <Field label="Process" error={errors.process} hint={glob}>
              {text('process', `${ids}-processes`)}
            </Field>
            <Field label="Variable" error={errors.data} hint="A variable (data) name or glob.">
              {text('data', `${ids}-variables`)}
            </Field>
            <Field
              label="Threshold"
              error={errors.threshold}
              hint="Repeats of one value before it fires, or ignore: the same number as the stale marks of the Overview and the Explorer."
            >
              {text('threshold')}
            </Field>
          </div>
        )}
        {f.kind === 'errorRate' && (
          <div className="al-grid">
            <Field label="Per" hint="Each matching process or group is checked on its own.">
              <select
                className="al-select"
                name="scope"
                value={f.scope}
                onChange={(e) => set('scope', e.target.value as RuleForm['scope'])}
              >
                <option value="process">process</option>
                <option value="group">process group</option>
              </select>
            </Field>
            <Field label={f.scope === 'group' ? 'Group' : 'Process'} error={errors.match} hint={glob}>
              {text('match', f.scope === 'group' ? `${ids}-groups` : `${ids}-processes`)}
            </Field>
            <Field label="Error rate above (%)" error={errors.percent}>
              {text('percent', undefined, true)}
            </Field>
            <Field label="Window (seconds)" error={errors.windowSec} hint="10 s to 7 days.">
              {text('windowSec', undefined, true)}
            </Field>
            <Field label="Minimum rows" error={errors.minRows} hint="Fewer rows in the window never fire.">
              {text('minRows', undefined, true)}
            </Field>
          </div>
        )}
        {f.kind === 'slowFunction' && (
          <div className="al-grid">
            <Field label="Function" error={errors.process} hint={glob}>
              {text('process', `${ids}-processes`)}
            </Field>
            <Field label="p95 above (ms)" error={errors.p95Ms}>
              {text('p95Ms', undefined, true)}
            </Field>
            <Field label="Window (seconds)" error={errors.windowSec} hint="10 s to 7 days.">
              {text('windowSec', undefined, true)}
            </Field>
            <Field label="Minimum calls" error={errors.minCalls} hint="Fewer calls in the window never fire.">
              {text('minCalls', undefined, true)}
            </Field>
          </div>
        )}
        {f.kind === 'silence' && (
          <div className="al-grid">
            <Field label="Watch">
              <select
                className="al-select"
                name="source"
                value={f.source}
                onChange={(e) => set('source', e.target.value as RuleForm['source'])}
              >
                <option value="rows">new rows</option>
                <option value="heartbeat">writer heartbeat (writer_status)</option>
              </select>
            </Field>
            <Field label="Silent for (seconds)" error={errors.seconds}>
              {text('seconds', undefined, true)}
            </Field>
          </div>
        )}

        <div className="al-preview" data-testid="rule-preview">
          {preview.ok ? (
            <>
              Fires when <b className="mono">{describeCondition(shownCondition(f, preview.rule.condition))}</b>
            </>
          ) : (
            <span className="muted">Fix the fields above to see what this rule watches.</span>
          )}
        </div>

        <div className="al-grid">
          <div className="al-field">
            <span className="al-field-label">Severity</span>
            <div className="al-segmented caps" role="radiogroup" aria-label="Severity">
              {(['info', 'warning', 'critical'] as const).map((s) => (
                <button
                  key={s}
                  type="button"
                  role="radio"
                  aria-checked={f.severity === s}
                  className={f.severity === s ? `on sev-${s}` : ''}
                  onClick={() => set('severity', s)}
                >
                  {s}
                </button>
              ))}
            </div>
          </div>
          <div className="al-field">
            <span className="al-field-label">State</span>
            <label className="al-check al-check-field">
              <input
                type="checkbox"
                name="enabled"
                checked={f.enabled}
                onChange={(e) => set('enabled', e.target.checked)}
              />{' '}
              Enabled
            </label>
          </div>
        </div>

        <fieldset className="al-field wide al-hooks">
          <legend className="al-field-label">Notify</legend>
          {webhooks.length === 0 && (
            <span className="muted">No webhooks yet: add one in the Webhooks panel, then pick it here.</span>
          )}
          {webhooks.map((w) => (
            <label key={w.id} className="al-check">
              <input
                type="checkbox"
                name="webhook"
                value={w.id}
                checked={f.webhooks.includes(w.id)}
                onChange={(e) =>
                  set('webhooks', e.target.checked ? [...f.webhooks, w.id] : f.webhooks.filter((x) => x !== w.id))
                }
              />
              {w.name} <span className="muted mono">{w.format}</span>
              {!w.enabled && <span className="muted">(disabled)</span>}
            </label>
          ))}
          {errors.webhooks && <span className="al-field-error">{errors.webhooks}</span>}
        </fieldset>
      </form>
    </Dialog>
  );
}
