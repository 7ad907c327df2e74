// Loads the user's settings from the engine and applies them where they act: the clock of
// format/time.ts, the live panels' refresh, the theme on <html>. Saving applies at once and
// writes through the API (the settings live in the engine's config folder, not the browser, so
// the desktop app and `serve` share them).
import { useCallback, useEffect, useState } from 'react';
import type { InspectorApi } from '../../db/api/inspector-api.ts';
import { DEFAULT_USER_SETTINGS, type UserSettings } from '../../common/user-settings.ts';
import { setTimeDisplay } from '../format/time.ts';
import { setLiveRefreshMs } from '../live/use-live-query.ts';

export function applySettings(s: UserSettings): void {
  setTimeDisplay({ zone: s.timeZone, clock: s.timeFormat });
  setLiveRefreshMs(s.refreshMs);
  const root = document.documentElement;
  if (s.theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = s.theme;
}

export interface UserSettingsState {
  settings: UserSettings;
  /** False until the engine answered (the defaults are shown meanwhile). */
  loaded: boolean;
  save: (patch: Partial<UserSettings>) => Promise<string | null>;
}

export function useUserSettings(api: InspectorApi): UserSettingsState {
  const [settings, setSettings] = useState<UserSettings>(DEFAULT_USER_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let gone = false;
    void api.userSettings({}).then((r) => {
      if (gone) return;
      if (r.ok) {
        applySettings(r.value);
        setSettings(r.value);
      }
      setLoaded(true);
    });
    return () => {
      gone = true;
    };
  }, [api]);
  const save = useCallback(
    async (patch: Partial<UserSettings>) => {
      const r = await api.saveUserSettings({ settings: patch });
      if (!r.ok) return r.error.message;
      applySettings(r.value);
      setSettings(r.value);
      return null;
    },
    [api],
  );
  return { settings, loaded, save };
}
