// The settings dialog (header ⚙ or `,`): every change is saved at once, for every database.
import { useState } from 'react';
import { REFRESH_CHOICES_MS, type UserSettings } from '../../common/user-settings.ts';
import { Modal } from '../ui/Modal.tsx';
import type { UserSettingsState } from './use-user-settings.ts';
import { formatClock } from '../format/time.ts';
import { browserNotifications } from './use-alert-notifications.ts';

type ChoiceField = 'timeZone' | 'timeFormat' | 'theme';

function Choice<K extends ChoiceField>(p: {
  label: string;
  field: K;
  value: UserSettings[K];
  options: { value: UserSettings[K]; label: string }[];
  onPick: (field: K, value: UserSettings[K]) => void;
}) {
  return (
    <fieldset className="settings-choice">
      <legend>{p.label}</legend>
      {p.options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={p.field}
            checked={o.value === p.value}
            onChange={() => p.onPick(p.field, o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** Per-severity switches; in a browser, turning one on asks for the permission (needs the click). */
function NotifyChoice({ state, onError }: { state: UserSettingsState; onError: (e: string | null) => void }) {
  const notify = state.settings.notify;
  const N = browserNotifications();
  const toggle = async (sev: (typeof SEVERITIES)[number], on: boolean) => {
    let note: string | null = null;
    if (on && N && N.permission !== 'granted') {
      const answer = await N.requestPermission();
      if (answer !== 'granted')
        note = 'This browser blocks notifications from this page: allow them in its site settings to see alerts.';
    }
    onError((await state.save({ notify: { ...notify, [sev]: on } })) ?? note);
  };
  return (
    <fieldset className="settings-choice">
      <legend>Desktop notifications for firing alerts</legend>
      {SEVERITIES.map((sev) => (
        <label key={sev}>
          <input type="checkbox" checked={notify[sev]} onChange={(e) => void toggle(sev, e.target.checked)} />
          {sev}
        </label>
      ))}
    </fieldset>
  );
}

export function SettingsDialog({ state, onClose }: { state: UserSettingsState; onClose: () => void }) {
  const { settings } = state;
  const [error, setError] = useState<string | null>(null);
  const pick = <K extends keyof UserSettings>(field: K, value: UserSettings[K]) =>
    void state.save({ [field]: value }).then(setError);
  return (
    <Modal
      title="Settings"
      onClose={onClose}
      testId="settings-dialog"
      footer={
        <>
          {error ? (
            <span className="panel-error" role="alert">
              {error}
            </span>
          ) : (
            <span className="muted">Saved as you change them, for every database. Now: {formatClock(Date.now())}</span>
          )}
          <span className="spacer" />
          <button className="chip" onClick={onClose}>
            Done
          </button>
        </>
      }
    >
      <div className="settings-form">
        <Choice
          label="Time zone"
          field="timeZone"
          value={settings.timeZone}
          options={[
            { value: 'local', label: `This machine's (${Intl.DateTimeFormat().resolvedOptions().timeZone})` },
            { value: 'utc', label: 'UTC' },
          ]}
          onPick={pick}
        />
        <Choice
          label="Clock"
          field="timeFormat"
          value={settings.timeFormat}
          options={[
            { value: '24h', label: '24-hour (14:03:07)' },
            { value: '12h', label: '12-hour (2:03:07 PM)' },
          ]}
          onPick={pick}
        />
        <label className="settings-select">
          <span>Live refresh: at most one reload per</span>
          <select
            value={settings.refreshMs}
            aria-label="Live refresh interval"
            onChange={(e) => pick('refreshMs', Number(e.target.value))}
          >
            {REFRESH_CHOICES_MS.map((ms) => (
              <option key={ms} value={ms}>
                {ms / 1000} s
              </option>
            ))}
          </select>
        </label>
        <label className="settings-select">
          <span>Default time range (when the address names none)</span>
          <select
            value={settings.defaultRange}
            aria-label="Default time range"
            onChange={(e) => pick('defaultRange', e.target.value as UserSettings['defaultRange'])}
          >
            {(['5m', '1h', '6h', '24h', 'all'] as const).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <Choice
          label="Theme"
          field="theme"
          value={settings.theme}
          options={[
            { value: 'system', label: 'Follow the system' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
          onPick={pick}
        />
        <NotifyChoice state={state} onError={setError} />
      </div>
    </Modal>
  );
}
