// Desktop notifications for firing alerts in the app (issue 16): Electron's Notification from the
// main process, so one notification per alert whatever the number of windows. Off per severity
// until the user turns it on (settings); a click brings up the database's window on its alert.
import { basename } from 'node:path';
import { notificationText, shouldNotify, type NotifiableAlert } from '../../common/alert-notification.ts';
import type { ApiResult } from '../../db/api/errors.ts';
import type { UserSettings } from '../../common/user-settings.ts';

/** The part of Electron's Notification this uses (tests pass a fake). */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

export interface AlertNotifierDeps {
  engine: {
    subscribe(db: null, listener: (event: string, payload: unknown) => void): () => void;
    call(name: string, input: unknown): Promise<ApiResult<unknown>>;
  };
  /** Notification.isSupported(): false on a Linux desktop without a notification daemon. */
  isSupported: () => boolean;
  createNotification: (options: { title: string; body: string }) => NotificationLike;
  /** The path of an open database, for the text (null once closed). */
  pathOf: (db: string) => string | null;
  /** Shows the database's window on the alert. */
  focusAlert: (db: string, alertId: string) => void;
  warn?: (msg: string) => void;
}

export function startAlertNotifier(deps: AlertNotifierDeps): () => void {
  const seen = new Set<string>();
  const warn = deps.warn ?? console.warn;
  const onAlert = async (db: string, alert: NotifiableAlert) => {
    // Read each time: the settings dialog of any window may have changed them.
    const settings = await deps.engine.call('userSettings', {});
    if (!settings.ok) return;
    if (!shouldNotify(alert, (settings.value as UserSettings).notify, seen)) return;
    if (!deps.isSupported()) return;
    const { title, body } = notificationText(alert, basename(deps.pathOf(db) ?? db));
    const n = deps.createNotification({ title, body });
    n.on('click', () => deps.focusAlert(db, alert.id));
    n.show();
  };
  return deps.engine.subscribe(null, (event, payload) => {
    if (event !== 'alert') return;
    const { db, alert } = payload as { db: string; alert: NotifiableAlert };
    // A notification that cannot be shown must never take the app down with it.
    onAlert(db, alert).catch((err: unknown) => warn(`Could not show a notification: ${(err as Error).message}`));
  });
}
