// Quitting the desktop app (electron mocked) ends within 2 s even when the engine cannot shut down:
// a worker thread inside a SQLite step ignores terminate() and would hold the exit for ever.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join, resolve } from 'node:path';
import { Engine } from '../../../db/engine/engine.ts';
import { tempDir } from '../../fixtures/trace-db.ts';
import { createFakeElectron } from './fake-electron.ts';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('quitting the desktop app', () => {
  it('kills its own process 2 s after will-quit when the engine never finishes shutting down', async () => {
    const fake = createFakeElectron({
      appPath: resolve(import.meta.dirname, '..', '..', '..'),
      userData: join(tempDir(), 'ud'),
    });
    vi.doMock('electron', () => fake.module);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called back with .call(this)
    const realShutdown = Engine.prototype.shutdown;
    const stuck: Engine[] = [];
    vi.spyOn(Engine.prototype, 'shutdown').mockImplementation(function (this: Engine) {
      stuck.push(this);
      return new Promise<boolean>(() => {}); // a thread that never answers
    });
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const { QUIT_LIMIT_MS } = await import('../../../main/quit-deadline.ts');
    await import('../../../main/electron-main.ts'); // starts the app
    expect(QUIT_LIMIT_MS).toBeLessThanOrEqual(2000);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      fake.module.app.quit();
      expect(stuck).toHaveLength(1);
      vi.advanceTimersByTime(QUIT_LIMIT_MS - 1);
      expect(kill).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
    } finally {
      vi.useRealTimers();
      await realShutdown.call(stuck[0]);
    }
  });
});
