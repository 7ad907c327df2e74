// The user's settings: validated on the way in, kept across restarts in the config folder, and a
// damaged file costs only the damaged fields.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_SETTINGS } from '../../../common/user-settings.ts';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { newEngine, openLive } from './engine-harness.ts';

describe('user settings', () => {
  it('start at the defaults and survive a restart', async () => {
    const configDir = tempDir('ti-config-');
    const first = newEngine({ configDir });
    expect(await first.invoke('userSettings', {})).toEqual(DEFAULT_USER_SETTINGS);
    const saved = await first.invoke('saveUserSettings', {
      settings: { timeZone: 'utc', theme: 'dark', notify: { info: false, warning: true, critical: true } },
    });
    expect(saved).toMatchObject({ timeZone: 'utc', theme: 'dark', timeFormat: '24h' });
    const second = newEngine({ configDir });
    expect(await second.invoke('userSettings', {})).toEqual(saved);
    expect(JSON.parse(readFileSync(join(configDir, 'user-settings.json'), 'utf8')).timeZone).toBe('utc');
  });

  it('refuse values outside the choices, unknown fields and a smuggled prototype, changing nothing', async () => {
    const engine = newEngine({ configDir: tempDir('ti-config-') });
    const attempts: unknown[] = [
      { settings: { theme: '<img src=x onerror=alert(1)>' } },
      { settings: { refreshMs: 1e9 } },
      { settings: { refreshMs: 10 } },
      { settings: { timeZone: 'Europe/Paris' } },
      { settings: { notify: { critical: 'yes' } } },
      { settings: JSON.parse('{"__proto__": {"polluted": true}}') },
      { settings: { path: '/etc/passwd' } },
    ];
    for (const input of attempts) {
      const r = await engine.call('saveUserSettings', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.error.kind).toBe('invalid-input');
    }
    expect(await engine.invoke('userSettings', {})).toEqual(DEFAULT_USER_SETTINGS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keep the good fields of a hand-edited file and default the bad ones', async () => {
    const configDir = tempDir('ti-config-');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      join(configDir, 'user-settings.json'),
      JSON.stringify({ timeZone: 'utc', theme: 'neon', refreshMs: -5, extra: 1 }),
    );
    const engine = newEngine({ configDir });
    expect(await engine.invoke('userSettings', {})).toEqual({ ...DEFAULT_USER_SETTINGS, timeZone: 'utc' });
  });

  it('set a corrupt file aside and start from the defaults', async () => {
    const configDir = tempDir('ti-config-');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'user-settings.json'), '{ not json');
    const engine = newEngine({ configDir });
    expect(await engine.invoke('userSettings', {})).toEqual(DEFAULT_USER_SETTINGS);
  });

  it('remember the files opened lately, newest first, saying which are gone', async () => {
    const configDir = tempDir('ti-config-');
    const a = createTraceDb({ rows: sampleRows(3), name: 'a.db' });
    const b = createTraceDb({ rows: sampleRows(3), name: 'b.db' });
    const engine = newEngine({ configDir });
    await openLive(engine, a);
    await openLive(engine, b);
    expect(await engine.invoke('recentFiles', {})).toEqual([
      { path: b, exists: true },
      { path: a, exists: true },
    ]);
    // A file that failed to open is not remembered.
    expect((await engine.call('open', { path: join(configDir, 'nothing.db') })).ok).toBe(false);
    await engine.shutdown();
    rmSync(a);
    const later = newEngine({ configDir });
    expect(await later.invoke('recentFiles', {})).toEqual([
      { path: b, exists: true },
      { path: a, exists: false },
    ]);
  });
});
