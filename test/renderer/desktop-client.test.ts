import { describe, expect, it } from 'vitest';
import type { InspectorBridge } from '../../db/api/inspector-api.ts';
import { createDesktopClient } from '../../renderer/api/desktop-client.ts';
import { connectApi } from '../../renderer/api/connect.ts';

function fakeBridge() {
  const log: string[] = [];
  const bridge = {
    traces: async (input: unknown) => (log.push(`traces ${JSON.stringify(input)}`), { ok: true, value: { rows: [] } }),
    on: (event: string, db: string) => (log.push(`on ${event} ${db}`), () => log.push(`stop ${event} ${db}`)),
  } as unknown as InspectorBridge;
  return { bridge, log };
}

describe('desktop client (the preload bridge as an InspectorApi)', () => {
  it('passes calls through and stops a subscription when its signal aborts', async () => {
    const { bridge, log } = fakeBridge();
    const api = createDesktopClient(bridge);
    expect(await api.traces({ db: 'db1', limit: 1 })).toEqual({ ok: true, value: { rows: [] } });
    const ctl = new AbortController();
    api.on('rows', 'db1', () => {}, { signal: ctl.signal });
    ctl.abort();
    const aborted = new AbortController();
    aborted.abort();
    api.on('stale', 'db1', () => {}, { signal: aborted.signal });
    expect(log).toEqual(['traces {"db":"db1","limit":1}', 'on rows db1', 'stop rows db1']);
  });

  it('is chosen when the preload exposed the bridge, the HTTP client otherwise', async () => {
    const { bridge, log } = fakeBridge();
    await connectApi({ inspector: bridge, location: { origin: 'http://127.0.0.1:1' } }).traces({ db: 'x' });
    expect(log).toEqual(['traces {"db":"x"}']);
    const http = connectApi({ location: { origin: 'http://127.0.0.1:1' } });
    expect(await http.databases({})).toMatchObject({ ok: false, error: { kind: 'closed' } });
  });
});
