// The user's settings file (common/user-settings.ts), in the config folder beside webhooks: it
// belongs to the person, not to a trace file, so every database and window shares it.
import { join } from 'node:path';
import { DEFAULT_USER_SETTINGS, sanitizeUserSettings, type UserSettings } from '../../common/user-settings.ts';
import { readJsonFile, writeJsonFile } from './json-file.ts';

export class UserSettingsStore {
  private readonly path: string;
  private current: UserSettings | null = null;

  constructor(configDir: string) {
    this.path = join(configDir, 'user-settings.json');
  }

  get(): UserSettings {
    this.current ??= readJsonFile(this.path, sanitizeUserSettings, () => structuredClone(DEFAULT_USER_SETTINGS));
    return this.current;
  }

  /** Merges a validated patch and writes the file atomically; returns the whole settings. */
  save(patch: Partial<UserSettings>): UserSettings {
    const next = sanitizeUserSettings({ ...this.get(), ...patch });
    writeJsonFile(this.path, next);
    this.current = next;
    return next;
  }
}
