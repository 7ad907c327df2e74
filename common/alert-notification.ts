// Which firing alerts raise a desktop notification, and what it says: shared by the Electron main
// process, with Electron's Notification, and the `serve` page, with the browser's: both say the same.
// Notifications are off for every severity until the user turns them on in the settings.

export interface NotifiableAlert {
  id: string;
  ruleName: string;
  severity: 'info' | 'warning' | 'critical';
  subject: string;
  state: string;
  message: string;
}

export type NotifySettings = Record<NotifiableAlert['severity'], boolean>;

/** Notification text is shown as plain text by both platforms; long texts are cut, not wrapped. */
const MAX_TITLE = 120;
const MAX_BODY = 300;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** True once per alert id: the engine sends an `alert` event on every change (fired, acknowledged, resolved). */
export function shouldNotify(alert: NotifiableAlert, notify: NotifySettings, seen: Set<string>): boolean {
  if (alert.state !== 'firing' || seen.has(alert.id)) return false;
  seen.add(alert.id);
  // Kept small: a long-running app sees many alerts, and an id seen an hour ago will not fire again.
  if (seen.size > 5000) seen.delete(seen.values().next().value as string);
  return notify[alert.severity] === true;
}

export function notificationText(alert: NotifiableAlert, fileName: string): { title: string; body: string } {
  const level = alert.severity === 'critical' ? 'Critical' : alert.severity === 'warning' ? 'Warning' : 'Info';
  return {
    title: cut(`${level}: ${alert.ruleName}`, MAX_TITLE),
    body: cut(`${alert.subject} — ${alert.message} (${fileName})`, MAX_BODY),
  };
}
