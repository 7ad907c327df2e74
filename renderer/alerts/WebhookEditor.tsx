// The webhook editor: name, URL, payload format, extra headers, enabled, and the write-only
// secret (kept, replaced or removed; Generate makes a Standard Webhooks "whsec_" secret).
import { useId, useState } from 'react';
import type { WebhookInput } from '../../db/api/alert-types.ts';
import { ErrorNote } from '../ui/Panel.tsx';
import { Dialog } from './Dialog.tsx';
import { Field } from './RuleEditor.tsx';
import type { ApiAction } from './use-api-action.ts';
import { formToWebhookInput, generateSecret, type WebhookForm, type WebhookFormErrors } from './webhook-form.ts';

export interface WebhookEditorProps {
  initial: WebhookForm;
  action: ApiAction;
  onSave: (webhook: WebhookInput) => void;
  onClose: () => void;
}

export function WebhookEditor({ initial, action, onSave, onClose }: WebhookEditorProps) {
  const [f, setF] = useState(initial);
  const [errors, setErrors] = useState<WebhookFormErrors>({});
  const ids = useId();
  const set = <K extends keyof WebhookForm>(key: K, value: WebhookForm[K], errorKey?: keyof WebhookFormErrors) => {
    setF((prev) => ({ ...prev, [key]: value }));
    if (errorKey) setErrors((prev) => ({ ...prev, [errorKey]: undefined }));
  };
  const setHeader = (i: number, part: 'name' | 'value', v: string) =>
    set(
      'headers',
      f.headers.map((h, j) => (j === i ? { ...h, [part]: v } : h)),
      'headers',
    );
  const submit = () => {
    const r = formToWebhookInput(f);
    if (!r.ok) return setErrors(r.errors);
    onSave(r.webhook);
  };

  return (
    <Dialog
      title={f.id ? `Edit webhook “${initial.name}”` : 'New webhook'}
      onClose={onClose}
      testId="webhook-editor"
      footer={
        <>
          {action.error && <ErrorNote error={action.error} compact />}
          <span className="spacer" />
          <button type="button" className="al-btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className="al-btn primary" disabled={action.busy}>
            {f.id ? 'Save webhook' : 'Create webhook'}
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
        <div className="al-grid">
          <Field label="Name" error={errors.name}>
            <input
              className={errors.name ? 'al-input invalid' : 'al-input'}
              name="name"
              value={f.name}
              maxLength={200}
              placeholder="e.g. On-call"
              onChange={(e) => set('name', e.target.value, 'name')}
            />
          </Field>
          <div className="al-field">
            <span className="al-field-label">Payload</span>
            <div className="al-segmented" role="radiogroup" aria-label="Payload format">
              <button
                type="button"
                role="radio"
                aria-checked={f.format === 'json'}
                className={f.format === 'json' ? 'on' : ''}
                onClick={() => set('format', 'json')}
              >
                JSON
              </button>
              <button
                type="button"
                role="radio"
                aria-checked={f.format === 'slack'}
                className={f.format === 'slack' ? 'on' : ''}
                onClick={() => set('format', 'slack')}
              >
                Slack
              </button>
            </div>
            <span className="al-field-hint">
              {f.format === 'json'
                ? 'The documented alert event, as JSON.'
                : 'A Slack incoming-webhook message {"text"}.'}
            </span>
          </div>
        </div>
        <Field label="URL" error={errors.url} hint="Notifications are POSTed here (http or https)." wide>
          <input
            className={errors.url ? 'al-input mono invalid' : 'al-input mono'}
            name="url"
            value={f.url}
            spellCheck={false}
            autoComplete="off"
            placeholder="https://hooks.example.com/trace-inspector"
            onChange={(e) => set('url', e.target.value, 'url')}
          />
        </Field>

        <div className="al-field wide">
          <span className="al-field-label">Signing secret</span>
          {f.secretAction === 'keep' && (
            <div className="al-secret">
              <span className="al-tag ok" data-testid="secret-set">
                secret set
              </span>
              <span className="muted">Stored, never shown again.</span>
              <button type="button" className="al-btn small" onClick={() => set('secretAction', 'replace')}>
                Replace
              </button>
              <button type="button" className="al-btn small" onClick={() => set('secretAction', 'remove')}>
                Remove
              </button>
            </div>
          )}
          {f.secretAction === 'remove' && (
            <div className="al-secret">
              <span className="al-tag warn">removed on save</span>
              <span className="muted">Requests will no longer be signed.</span>
              <button type="button" className="al-btn small" onClick={() => set('secretAction', 'keep')}>
                Undo
              </button>
            </div>
          )}
          {f.secretAction === 'replace' && (
            <div className="al-secret">
              <input
                className={errors.secret ? 'al-input mono invalid' : 'al-input mono'}
                name="secret"
                value={f.secret}
                spellCheck={false}
                autoComplete="off"
                placeholder={f.hasSecret ? 'The new secret' : 'Optional: whsec_… or any string'}
                onChange={(e) => set('secret', e.target.value, 'secret')}
              />
              <button
                type="button"
                className="al-btn small"
                onClick={() => set('secret', generateSecret(), 'secret')}
                title="A whsec_ secret of 24 random bytes"
              >
                Generate
              </button>
              {f.hasSecret && (
                <button
                  type="button"
                  className="al-btn small"
                  onClick={() => {
                    set('secretAction', 'keep');
                    set('secret', '', 'secret');
                  }}
                >
                  Keep current
                </button>
              )}
            </div>
          )}
          {errors.secret ? (
            <span className="al-field-error" role="alert">
              {errors.secret}
            </span>
          ) : f.secretAction === 'replace' && f.secret ? (
            <span className="al-field-hint">Copy it into your receiver now: it is not shown again after saving.</span>
          ) : (
            <span className="al-field-hint">
              Signs each request per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
            </span>
          )}
        </div>

        <div className="al-field wide">
          <span className="al-field-label">Extra headers</span>
          {f.headers.map((h, i) => (
            <div key={i} className="al-header-row">
              <input
                className="al-input mono"
                aria-label="Header name"
                placeholder="X-Api-Key"
                value={h.name}
                onChange={(e) => setHeader(i, 'name', e.target.value)}
              />
              <input
                className="al-input mono"
                aria-label="Header value"
                placeholder="value"
                value={h.value}
                onChange={(e) => setHeader(i, 'value', e.target.value)}
              />
              <button
                type="button"
                className="al-icon-btn"
                aria-label={`Remove header ${h.name}`}
                onClick={() =>
                  set(
                    'headers',
                    f.headers.filter((_, j) => j !== i),
                    'headers',
                  )
                }
              >
                ×
              </button>
            </div>
          ))}
          <div>
            <button
              type="button"
              className="al-btn small"
              onClick={() => set('headers', [...f.headers, { name: '', value: '' }])}
            >
              + Add header
            </button>
          </div>
          {errors.headers ? (
            <span className="al-field-error" role="alert">
              {errors.headers}
            </span>
          ) : (
            <span className="al-field-hint">
              Credential-looking values come back masked (••••••••); leaving the mask keeps the saved value while the
              URL's host stays the same.
            </span>
          )}
        </div>

        <label className="al-check">
          <input
            type="checkbox"
            name="enabled"
            checked={f.enabled}
            onChange={(e) => set('enabled', e.target.checked)}
          />{' '}
          Enabled
        </label>
      </form>
    </Dialog>
  );
}
