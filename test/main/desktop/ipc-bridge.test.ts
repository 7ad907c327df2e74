// The Electron transport end to end, with Electron's IPC faked in-process and everything else
// real: the engine, its workers, a SQLite file on disk, the preload's bridge.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { operations } from '../../../db/api/operations.ts';
import type { Engine } from '../../../db/engine/engine.ts';
import { registerIpcBridge } from '../../../main/desktop/ipc-bridge.ts';
import { isTrustedSender } from '../../../main/desktop/window-security.ts';
import { createBridge } from '../../../preload/bridge.ts';
import { appendRows, createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, until } from '../../db/engine/engine-harness.ts';
import { connectRenderer, FakeIpcMain, FakeWebContents } from './fake-ipc.ts';

describe('IPC bridge over the API table', () => {
  let engine: Engine;
  let path: string;
  let db: string;
  let main: FakeIpcMain;
  let dispose: () => void;
  const windowDb = new Map<FakeWebContents, string>();

  beforeAll(async () => {
    engine = newEngine({}, { lifetime: 'file' });
    path = createTraceDb({ rows: sampleRows(300) });
    db = await openLive(engine, path);
  });

  function wire(opts: { dropped?: string[] } = {}) {
    main = new FakeIpcMain();
    dispose = registerIpcBridge({
      ipcMain: main.asIpcMain,
      engine,
      isTrusted: isTrustedSender,
      databaseOf: (c) => windowDb.get(c as unknown as FakeWebContents) ?? null,
      openDropped: (p) => opts.dropped?.push(p),
    });
  }
  /** Another window showing `db`, counting the rows its live events report. */
  function witnessOf(db: string): { rows: number } {
    const seen = { rows: 0 };
    const contents = new FakeWebContents();
    windowDb.set(contents, db);
    createBridge(connectRenderer(main, contents)).on('rows', db, (p) => (seen.rows += p.count));
    return seen;
  }

  afterEach(() => {
    dispose?.();
    windowDb.clear();
  });

  it('registers one handler per operation of the table, and nothing else', () => {
    wire();
    expect([...main.handlers.keys()].sort()).toEqual(
      Object.keys(operations)
        .map((n) => `inspector:op:${n}`)
        .sort(),
    );
  });

  it('exposes exactly the operations of the table plus `on` to the renderer', () => {
    wire();
    const contents = new FakeWebContents();
    const bridge = createBridge(connectRenderer(main, contents));
    // The operation names themselves are snapshotted in test/db/engine/engine.test.ts.
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(operations), 'on'].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('answers every operation exactly as the engine does (examples from the table)', async () => {
    wire();
    const contents = new FakeWebContents();
    windowDb.set(contents, db);
    const bridge = createBridge(connectRenderer(main, contents)) as unknown as Record<
      string,
      (input: unknown) => Promise<{ ok: boolean; error?: { kind: string }; value?: unknown }>
    >;
    const names = Object.keys(operations).filter((n) => n !== 'close');
    for (const name of [...names, 'close']) {
      const example = structuredClone(
        (operations as Record<string, { example: Record<string, unknown> }>)[name].example,
      );
      if ('db' in example) example.db = db;
      if ('path' in example) example.path = path;
      const viaIpc = await bridge[name](example);
      const direct = await engine.call(name, example);
      expect({ name, ok: viaIpc.ok, kind: viaIpc.error?.kind }).toEqual({
        name,
        ok: direct.ok,
        kind: direct.ok ? undefined : direct.error.kind,
      });
      if (name === 'traces' || name === 'functions' || name === 'overview') expect(viaIpc.ok).toBe(true);
    }
    db = await openLive(engine, path); // reopened for the tests below
  });

  it('returns typed errors as values: bad input, unknown database', async () => {
    wire();
    const bridge = createBridge(connectRenderer(main, new FakeWebContents()));
    expect(await bridge.traces({ db, limit: -5 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    expect(await bridge.traces({ db, sql: 'DROP TABLE data_trace' } as never)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    expect(await bridge.info({ db: 'nope' })).toMatchObject({ ok: false, error: { kind: 'unknown-database' } });
    expect(await bridge.open({ path: join(tempDir(), 'missing.db') })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
  });

  it('refuses every operation from a foreign page, an iframe or a destroyed frame', async () => {
    wire();
    const frames = [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///home/me/page.html', parent: null },
      { url: 'app://inspector/index.html', parent: { url: 'app://inspector/index.html' } },
      { url: 'app://inspect0r/index.html', parent: null },
      null,
    ];
    for (const frame of frames) {
      const ipc = connectRenderer(main, new FakeWebContents(), frame);
      expect(ipc.sendSync('inspector:operations')).toEqual([]);
      for (const name of Object.keys(operations)) {
        expect(await ipc.invoke(`inspector:op:${name}`, { db })).toMatchObject({
          ok: false,
          error: { kind: 'permission-denied' },
        });
      }
    }
    expect((await engine.call('info', { db })).ok).toBe(true); // nothing was closed by those calls
  });

  it("forwards a database's live events only to the window that shows it, until unsubscribed", async () => {
    wire();
    const mine = new FakeWebContents();
    const other = new FakeWebContents();
    windowDb.set(mine, db);
    windowDb.set(other, 'db-of-another-window');
    const myBridge = createBridge(connectRenderer(main, mine));
    const otherBridge = createBridge(connectRenderer(main, other));
    const got: number[] = [];
    const stolen: number[] = [];
    const stop = myBridge.on('rows', db, (p) => got.push(p.count));
    otherBridge.on('rows', db, (p) => stolen.push(p.count)); // not its database: main ignores it
    appendRows(path, sampleRows(7, Date.now()));
    await until(
      () => got.reduce((a, b) => a + b, 0),
      (n) => n >= 7,
      'the rows event over IPC',
    );
    expect(stolen).toEqual([]);
    expect(other.sent).toEqual([]);

    stop();
    const before = mine.sent.length;
    // A witness window on the same database: once it has the event, any other subscriber would have too.
    const witness = witnessOf(db);
    appendRows(path, sampleRows(3, Date.now()));
    await until(
      () => witness.rows,
      (n) => n >= 3,
      'the witness to get the rows event',
    );
    expect(mine.sent.length).toBe(before);
  });

  it('stops forwarding when the window is destroyed', async () => {
    wire();
    const contents = new FakeWebContents();
    windowDb.set(contents, db);
    let rows = 0;
    createBridge(connectRenderer(main, contents)).on('rows', db, (p) => (rows += p.count));
    appendRows(path, sampleRows(2, Date.now()));
    await until(
      () => rows,
      (n) => n >= 2,
      'a first rows event',
    );
    contents.destroy();
    const sent = contents.sent.length;
    const witness = witnessOf(db);
    appendRows(path, sampleRows(2, Date.now()));
    await until(
      () => witness.rows,
      (n) => n >= 2,
      'the witness to get the rows event',
    );
    expect(contents.sent.length).toBe(sent);
  });

  it('passes a dropped file path to the shell only from a trusted frame', () => {
    const dropped: string[] = [];
    wire({ dropped });
    connectRenderer(main, new FakeWebContents()).send('desktop:open-dropped', '/data/traces.db');
    connectRenderer(main, new FakeWebContents(), { url: 'https://evil.example/', parent: null }).send(
      'desktop:open-dropped',
      '/etc/passwd',
    );
    connectRenderer(main, new FakeWebContents()).send('desktop:open-dropped', { path: '/x' });
    expect(dropped).toEqual(['/data/traces.db']);
  });
});
