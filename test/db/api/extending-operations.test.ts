// Adding an operation is the API table plus its handler, for every kind (engine host, query
// worker, alerts thread): an engine given a table extended with throwaway operations answers them
// through its own call, the Electron IPC bridge and the HTTP server, with no other code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadId } from 'node:worker_threads';
import { operations as productTable } from '../../../db/api/operations.ts';
import type { Engine } from '../../../db/engine/engine.ts';
import { registerIpcBridge } from '../../../main/desktop/ipc-bridge.ts';
import { isTrustedSender } from '../../../main/desktop/window-security.ts';
import { startHttpServer, type RunningServer } from '../../../main/serve/http-server.ts';
import { createBridge } from '../../../preload/bridge.ts';
import { createTraceDb, sampleRows } from '../../fixtures/trace-db.ts';
import { operations as extended, TEST_OPERATIONS } from '../../fixtures/extended-operations.ts';
import { newEngine, openLive } from '../engine/engine-harness.ts';
import { connectRenderer, FakeIpcMain, FakeWebContents } from '../../main/desktop/fake-ipc.ts';

type Answer = { ok: boolean; value?: { thread: number } & Record<string, unknown>; error?: { kind: string } };

describe('an operations table extended with one operation of each kind', () => {
  let engine: Engine;
  let db: string;
  let server: RunningServer;

  beforeAll(async () => {
    engine = newEngine(
      { operations: { table: extended, module: new URL('../../fixtures/extended-operations.ts', import.meta.url) } },
      { lifetime: 'file' },
    );
    db = await openLive(engine, createTraceDb({ rows: sampleRows(120) }));
    server = await startHttpServer(engine, { port: 0 });
  });
  afterAll(() => server?.close());

  it('is not the product table (the fixture adds nothing to it)', () => {
    for (const name of TEST_OPERATIONS) expect(Object.keys(productTable)).not.toContain(name);
  });

  it('answers each operation through the engine, each on the thread its `where` names', async () => {
    const echo = (await engine.call('testEcho', { text: 'hi' })) as Answer;
    const count = (await engine.call('testRowCount', { db })) as Answer;
    const rules = (await engine.call('testRuleCount', { db })) as Answer;
    const realRules = await engine.invoke('alertRules', { db });
    expect(echo).toEqual({ ok: true, value: { echo: 'hi', databases: 1, thread: threadId } });
    expect(count).toMatchObject({ ok: true, value: { rows: 120 } });
    expect(rules).toMatchObject({ ok: true, value: { rules: realRules.length } });
    expect(realRules.length).toBeGreaterThan(0);
    // Three different threads: the host's, a query worker's, the alerts thread's.
    expect(new Set([echo.value!.thread, count.value!.thread, rules.value!.thread]).size).toBe(3);
  });

  it('validates their input from the table like any other operation', async () => {
    expect(await engine.call('testEcho', { text: 5 })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await engine.call('testRowCount', {})).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await engine.call('testRuleCount', { db: 'nope', extra: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
  });

  it('registers them as IPC channels and exposes them on the preload bridge', async () => {
    const main = new FakeIpcMain();
    const dispose = registerIpcBridge({
      ipcMain: main.asIpcMain,
      engine,
      isTrusted: isTrustedSender,
      databaseOf: () => db,
      openDropped: () => {},
    });
    try {
      const bridge = createBridge(connectRenderer(main, new FakeWebContents())) as unknown as Record<
        string,
        (input: unknown) => Promise<Answer>
      >;
      expect(Object.keys(bridge).sort()).toEqual([...Object.keys(extended), 'on'].sort());
      expect(await bridge.testEcho({ text: 'ipc' })).toMatchObject({ ok: true, value: { echo: 'ipc' } });
      expect(await bridge.testRowCount({ db })).toMatchObject({ ok: true, value: { rows: 120 } });
      expect(await bridge.testRuleCount({ db })).toMatchObject({ ok: true });
    } finally {
      dispose();
    }
  });

  it('serves them over HTTP and lists them in GET /api/operations', async () => {
    const post = async (name: string, input: unknown) =>
      (
        await fetch(`${server.url}api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
          body: JSON.stringify(input),
        })
      ).json() as Promise<Answer>;
    expect(await post('testEcho', { text: 'http' })).toMatchObject({ ok: true, value: { echo: 'http' } });
    expect(await post('testRowCount', { db })).toMatchObject({ ok: true, value: { rows: 120 } });
    expect(await post('testRuleCount', { db })).toMatchObject({ ok: true });
    const listed = (await (
      await fetch(`${server.url}api/operations`, { headers: { authorization: `Bearer ${server.token}` } })
    ).json()) as { value: { name: string }[] };
    expect(listed.value.map((o) => o.name)).toEqual(expect.arrayContaining([...TEST_OPERATIONS]));
  });
});
