// Firing alerts as the browser's notifications in `serve` mode, for the severities the user turned
// on (settings; all off by default) and only once the browser granted permission. The desktop app
// shows Electron's notifications from its main process instead (main/desktop/alert-notifier.ts),
// so a desktop window stays quiet here: one notification per alert, not one per window.
import { useEffect, useRef } from 'react';
import type { InspectorApi } from '../../db/api/inspector-api.ts';
import { notificationText, shouldNotify, type NotifySettings } from '../../common/alert-notification.ts';
import type { TabName } from './route.ts';

export function browserNotifications(): typeof Notification | null {
  if ('inspector' in window) return null; // the desktop app's main process notifies
  return typeof Notification === 'function' ? Notification : null;
}

export function useAlertNotifications(p: {
  api: InspectorApi;
  db: string | null;
  path: string | null;
  notify: NotifySettings;
  navigate: (tab: TabName, params?: Record<string, string>) => void;
}): void {
  const { api, db, path, notify, navigate } = p;
  const seen = useRef(new Set<string>());
  const latest = useRef({ notify, navigate, path });
  latest.current = { notify, navigate, path };
  const anyOn = notify.info || notify.warning || notify.critical;
  useEffect(() => {
    const N = browserNotifications();
    if (!db || !N || !anyOn) return;
    const ctl = new AbortController();
    api.on(
      'alert',
      db,
      ({ alert }) => {
        if (N.permission !== 'granted') return;
        if (!shouldNotify(alert, latest.current.notify, seen.current)) return;
        const { title, body } = notificationText(alert, (latest.current.path ?? '').split(/[\\/]/).pop() ?? '');
        const n = new N(title, { body, tag: alert.id });
        n.onclick = () => {
          window.focus();
          latest.current.navigate('alerts', { alert: alert.id });
          n.close();
        };
      },
      { signal: ctl.signal },
    );
    return () => ctl.abort();
  }, [api, db, anyOn]);
}
