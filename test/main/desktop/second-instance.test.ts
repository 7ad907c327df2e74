// A second launch of the desktop app (electron mocked): it does not take the single-instance
// lock, so it hands its files to the running app (Electron's second-instance event there), says
// so for `npm start`, and quits without opening a window or an engine.
import { describe, expect, it, vi } from 'vitest';
import { join, resolve } from 'node:path';
import { HANDED_OFF_LINE } from '../../../main/desktop/ready-line.ts';
import { tempDir } from '../../fixtures/trace-db.ts';
import { createFakeElectron } from './fake-electron.ts';

describe('second instance', () => {
  it('hands over and quits when another instance holds the lock', async () => {
    const fake = createFakeElectron({
      appPath: resolve(import.meta.dirname, '..', '..', '..'),
      userData: join(tempDir(), 'ud'),
    });
    fake.module.app.requestSingleInstanceLock = () => false;
    const quit = vi.spyOn(fake.module.app, 'quit');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.doMock('electron', () => fake.module);
    await import('../../../main/electron-main.ts');
    fake.ready();
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith(HANDED_OFF_LINE));
    expect(quit).toHaveBeenCalled();
    expect(fake.windows).toEqual([]);
    expect(fake.ipcMain.handlers.size).toBe(0);
    log.mockRestore();
  });
});
