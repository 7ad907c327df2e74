// Desktop notifications for firing alerts with Electron's Notification faked: off by default per
// severity, once per alert, a click shows the alert, and nothing a notification does can hurt the app.
import { describe, expect, it } from 'vitest';
import { startAlertNotifier, type AlertNotifierDeps } from '../../../main/desktop/alert-notifier.ts';
import { DEFAULT_USER_SETTINGS, type UserSettings } from '../../../common/user-settings.ts';
import type { ApiResult } from '../../../db/api/errors.ts';

type Listener = (event: string, payload: unknown) => void;

function setup(opts: { notify?: Partial<UserSettings['notify']>; supported?: boolean; settingsFail?: boolean } = {}) {
  const listeners = new Set<Listener>();
  const shown: { title: string; body: string; click: () => void }[] = [];
  const focused: [string, string][] = [];
  const warnings: string[] = [];
  let settings: UserSettings = {
    ...DEFAULT_USER_SETTINGS,
    notify: { ...DEFAULT_USER_SETTINGS.notify, ...opts.notify },
  };
  const deps: AlertNotifierDeps = {
    engine: {
      subscribe: (_db, l) => (listeners.add(l), () => listeners.delete(l)),
      call: async (name): Promise<ApiResult<unknown>> =>
        opts.settingsFail || name !== 'userSettings'
          ? { ok: false, error: { kind: 'closed', message: 'engine gone' } }
          : { ok: true, value: settings },
    },
    isSupported: () => opts.supported ?? true,
    createNotification: ({ title, body }) => {
      let onClick = () => {};
      return {
        on: (_e: 'click', fn: () => void) => (onClick = fn),
        show: () => shown.push({ title, body, click: () => onClick() }),
      };
    },
    pathOf: (db) => (db === 'db1' ? '/home/me/app/traces.db' : null),
    focusAlert: (db, id) => focused.push([db, id]),
    warn: (m) => warnings.push(m),
  };
  const stop = startAlertNotifier(deps);
  const emit = (event: string, payload: unknown) => listeners.forEach((l) => l(event, payload));
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    stop,
    emit,
    settle,
    shown,
    focused,
    warnings,
    listeners,
    setNotify: (n: UserSettings['notify']) => (settings = { ...settings, notify: n }),
    deps,
  };
}

const alert = (over: Record<string, unknown> = {}) => ({
  db: 'db1',
  alert: {
    id: 'alert_1',
    ruleName: 'Stock poll stuck',
    severity: 'critical',
    subject: 'inventory.sync.poll_stock · self.last_sync',
    state: 'firing',
    message: 'self.last_sync has repeated 40 times (threshold 20).',
    ...over,
  },
});

describe('alert notifications in the desktop app (electron mocked)', () => {
  it('shows nothing by default: every severity is off until the user turns it on', async () => {
    const t = setup();
    t.emit('alert', alert());
    await t.settle();
    expect(t.shown).toEqual([]);
  });

  it('shows a firing alert of a chosen severity once, and a click brings up its window on it', async () => {
    const t = setup({ notify: { critical: true } });
    t.emit('alert', alert());
    t.emit('alert', alert()); // the same alert again (e.g. re-sent): one notification
    t.emit('alert', alert({ state: 'acknowledged' }));
    t.emit('alert', alert({ id: 'alert_2', severity: 'warning' })); // warning still off
    t.emit('rows', { db: 'db1' });
    await t.settle();
    expect(t.shown.map(({ title, body }) => ({ title, body }))).toEqual([
      {
        title: 'Critical: Stock poll stuck',
        body: 'inventory.sync.poll_stock · self.last_sync — self.last_sync has repeated 40 times (threshold 20). (traces.db)',
      },
    ]);
    t.shown[0].click();
    expect(t.focused).toEqual([['db1', 'alert_1']]);
  });

  it('follows a settings change made after start', async () => {
    const t = setup();
    t.setNotify({ info: true, warning: false, critical: false });
    t.emit('alert', alert({ id: 'alert_3', severity: 'info' }));
    await t.settle();
    expect(t.shown).toHaveLength(1);
  });

  it('cuts long texts and passes markup through as text', async () => {
    const t = setup({ notify: { critical: true } });
    t.emit('alert', alert({ ruleName: '<img src=x onerror=alert(1)>'.repeat(20), message: 'x'.repeat(5000) }));
    await t.settle();
    expect(t.shown[0].title.length).toBeLessThanOrEqual(120);
    expect(t.shown[0].title.startsWith('Critical: <img src=x onerror=alert(1)>')).toBe(true);
    expect(t.shown[0].body.length).toBeLessThanOrEqual(300);
  });

  it('stays quiet, without failing, where notifications are unsupported or the engine cannot answer', async () => {
    const unsupported = setup({ notify: { critical: true }, supported: false });
    unsupported.emit('alert', alert());
    const broken = setup({ notify: { critical: true }, settingsFail: true });
    broken.emit('alert', alert());
    await unsupported.settle();
    expect(unsupported.shown).toEqual([]);
    expect(broken.shown).toEqual([]);
  });

  it('logs a notification that throws instead of crashing, and stops listening when stopped', async () => {
    const t = setup({ notify: { critical: true } });
    t.deps.createNotification = () => {
      throw new Error('no D-Bus');
    };
    t.emit('alert', alert());
    await t.settle();
    expect(t.warnings).toEqual(['Could not show a notification: no D-Bus']);
    t.stop();
    expect(t.listeners.size).toBe(0);
  });
});
