// The preload with `electron` faked: it exposes one object, `inspector`, holding the table's
// operations and `on`, and turns a dropped file into an open request. Nothing else leaks.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { operations } from '../../../db/api/operations.ts';

describe('preload', () => {
  const exposed: [string, Record<string, unknown>][] = [];
  const sent: unknown[][] = [];
  const invoked: unknown[][] = [];
  const windowListeners = new Map<string, (e: unknown) => void>();

  beforeAll(async () => {
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.push([name, api]) },
      ipcRenderer: {
        sendSync: (channel: string) => (channel === 'inspector:operations' ? Object.keys(operations) : undefined),
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: 'answered' }),
        send: (...args: unknown[]) => sent.push(args),
        on: () => {},
      },
      webUtils: { getPathForFile: (f: { fakePath: string }) => f.fakePath },
    }));
    (globalThis as Record<string, unknown>).window = {
      addEventListener: (type: string, fn: (e: unknown) => void) => windowListeners.set(type, fn),
    };
    await import('../../../preload/preload.ts');
  });

  it('exposes exactly one global, `inspector`, with the operations of the table and `on`', () => {
    expect(exposed.map(([name]) => name)).toEqual(['inspector']);
    const api = exposed[0][1];
    expect(Object.keys(api).sort()).toEqual([...Object.keys(operations), 'on'].sort());
    for (const forbidden of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'require', 'process'])
      expect(api).not.toHaveProperty(forbidden);
  });

  it('sends each call on its own operation channel', async () => {
    const api = exposed[0][1] as { traces(i: unknown): Promise<unknown> };
    expect(await api.traces({ db: 'db1', limit: 3 })).toEqual({ ok: true, value: 'answered' });
    expect(invoked.at(-1)).toEqual(['inspector:op:traces', { db: 'db1', limit: 3 }]);
  });

  it('subscribes to a database once and unsubscribes when the last listener stops', () => {
    const api = exposed[0][1] as { on(e: string, db: string, l: () => void): () => void };
    const a = api.on('rows', 'db1', () => {});
    const b = api.on('stale', 'db1', () => {});
    expect(sent.filter((m) => m[0] === 'inspector:subscribe')).toEqual([['inspector:subscribe', 'db1']]);
    a();
    a();
    expect(sent.filter((m) => m[0] === 'inspector:unsubscribe')).toEqual([]);
    b();
    expect(sent.filter((m) => m[0] === 'inspector:unsubscribe')).toEqual([['inspector:unsubscribe', 'db1']]);
    expect(() => api.on('rows', 'db1', 'not a function' as never)).toThrow(TypeError);
  });

  it('opens a file dropped on the window (and prevents the default navigation)', () => {
    let prevented = 0;
    windowListeners.get('dragover')!({ preventDefault: () => prevented++ });
    windowListeners.get('drop')!({
      preventDefault: () => prevented++,
      dataTransfer: { files: [{ fakePath: '/home/me/traces.db' }] },
    });
    windowListeners.get('drop')!({ preventDefault: () => prevented++, dataTransfer: { files: [] } });
    expect(prevented).toBe(3);
    expect(sent.filter((m) => m[0] === 'desktop:open-dropped')).toEqual([
      ['desktop:open-dropped', '/home/me/traces.db'],
    ]);
  });
});
