// The user's own settings (not a database's): how times read, how often live panels reload, the
// range a new window starts on, the theme, and which alert severities raise a desktop
// notification. One schema validates what the API receives and what is read back from disk.
import { boolean, literal, number, object, optional, type Infer } from './validate.ts';

export const REFRESH_CHOICES_MS = [1000, 1500, 3000, 5000, 10_000, 30_000] as const;

const shape = {
  /** Times shown in the machine's zone or in UTC. */
  timeZone: literal('local', 'utc'),
  /** 24-hour clock ("14:03:07") or 12-hour ("2:03:07 PM"). */
  timeFormat: literal('24h', '12h'),
  /** At most one reload of a live panel per this many ms. */
  refreshMs: number({ int: true, min: 500, max: 60_000 }),
  /** The time range a window opens on when its address names none. */
  defaultRange: literal('5m', '1h', '6h', '24h', 'all'),
  theme: literal('system', 'light', 'dark'),
  /** Desktop notifications for firing alerts, per rule severity (all off by default). */
  notify: object({ info: boolean(), warning: boolean(), critical: boolean() }),
};

export const userSettingsSchema = object(shape);
export type UserSettings = Infer<typeof userSettingsSchema>;

/** What saveUserSettings takes: any subset of the fields (notify whole). */
export const userSettingsPatch = object({
  timeZone: optional(shape.timeZone),
  timeFormat: optional(shape.timeFormat),
  refreshMs: optional(shape.refreshMs),
  defaultRange: optional(shape.defaultRange),
  theme: optional(shape.theme),
  notify: optional(shape.notify),
});

export const DEFAULT_USER_SETTINGS: UserSettings = {
  timeZone: 'local',
  timeFormat: '24h',
  refreshMs: 1500,
  defaultRange: '1h',
  theme: 'system',
  notify: { info: false, warning: false, critical: false },
};

/** Stored settings, field by field: a bad or missing field gets its default, the others are kept. */
export function sanitizeUserSettings(raw: unknown): UserSettings {
  const src = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...DEFAULT_USER_SETTINGS };
  for (const [k, s] of Object.entries(shape)) {
    try {
      if (src[k] !== undefined) out[k] = s.parse(src[k], k);
    } catch {
      // keep the default for this field
    }
  }
  return out as UserSettings;
}
