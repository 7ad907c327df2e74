// The Electron main process with the `electron` module faked (its binary cannot run here) and
// everything else real: the bundled engine workers from dist/main, SQLite files on disk, the
// app:// protocol handler, the IPC bridge and the preload's bridge object.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { operations } from '../../../db/api/operations.ts';
import { createBridge } from '../../../preload/bridge.ts';
import { appendRows, createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { until } from '../../db/engine/engine-harness.ts';
import { connectRenderer } from './fake-ipc.ts';
import { createFakeElectron } from './fake-electron.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const ENDLESS = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c WHERE x < 0';

describe('Electron main process (electron mocked)', () => {
  const dir = tempDir('ti-desktop-');
  const userData = join(dir, 'user-data');
  const first = createTraceDb({ name: 'first.db', rows: sampleRows(200) });
  const second = createTraceDb({ name: 'second.sqlite', rows: sampleRows(50) });
  const notSqlite = join(dir, 'notes.db');
  writeFileSync(notSqlite, 'these are my notes, not a database\n');
  const fake = createFakeElectron({ appPath: ROOT, userData });
  const argv = process.argv;

  const windowFor = (path: string) =>
    fake.windows.find((w) => w.options.title === `${path.split('/').pop()} — Trace Inspector` && !w.destroyed);
  const bridgeOf = (w: (typeof fake.windows)[number]) =>
    createBridge(connectRenderer(fake.ipcMain, w.webContents, { url: w.url, parent: null }));
  /** Its first build done: a test that reads rows must not race the indexer (it reads on a thread of its own). */
  const liveIn = async (w: (typeof fake.windows)[number], db: string) => {
    const bridge = bridgeOf(w);
    await until(
      () => bridge.info({ db }),
      (i) => i.ok && i.value.state === 'live',
      'the file to be live',
    );
  };
  const lastMenu = () =>
    fake.calls.menus.at(-1) as {
      label?: string;
      submenu?: { label?: string; click?: () => void; submenu?: { label?: string; sublabel?: string }[] }[];
    }[];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'main', 'query-worker.mjs')))
      throw new Error('dist/main is missing: run `npm run build` first (npm test does).');
    vi.doMock('electron', () => fake.module);
    process.argv = ['electron', ROOT, first, '--data-dir', join(dir, 'data')];
    await import('../../../main/electron-main.ts');
    fake.ready();
    await until(
      () => fake.windows.length,
      (n) => n === 1,
      'the first window',
    );
  });
  afterAll(async () => {
    process.argv = argv;
    fake.module.app.quit();
    await until(
      () => fake.calls.quit,
      (n) => n >= 2,
      'the engine to shut down and the app to quit',
    );
  });

  it('registers app:// as a privileged scheme and takes the single-instance lock before ready', () => {
    expect(fake.calls.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
  });

  it('opens the file from the command line in an isolated, sandboxed window loaded from app://', () => {
    const win = windowFor(first)!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: join(ROOT, 'dist', 'preload', 'preload.cjs'),
    });
    expect(win.url).toMatch(/^app:\/\/inspector\/index\.html\?db=db\d+$/);
    expect(win.shown).toBe(true);
  });

  it('vets the file in a utility process, never by making the app binary a Node (its RunAsNode fuse is off)', async () => {
    // The fake fork throws before ready, as Electron's does: the first file was vetted after it.
    const check = fake.calls.forks.find((f) => f.args[0] === first);
    expect(check).toMatchObject({
      modulePath: join(ROOT, 'dist', 'main', 'probe-child.mjs'),
      options: { stdio: 'pipe', serviceName: expect.any(String) },
    });
    expect(Number(check!.args[1])).toBeGreaterThan(1000); // the child's own time limit
    expect(check!.options.env).toBeUndefined();
    expect(process.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    await until(
      () => check!.child.pid,
      (pid) => pid === undefined,
      'the check to have ended',
    );
  });

  it('serves the renderer from its own files with a strict CSP', async () => {
    const handler = fake.calls.protocolHandlers.get('app')!;
    const res = await handler(new Request('app://inspector/index.html?db=db1'));
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(await res.text()).toContain('<div id="root">');
    // Traversal attempts resolve inside the app folder (here: the page itself), never to a file outside it.
    for (const sneaky of [
      'app://inspector/..%2f..%2fpackage.json',
      'app://inspector/%2e%2e/%2e%2e/package.json',
      'app://inspector/assets/..%5c..%5c..%5cpackage.json',
    ]) {
      const text = await (await handler(new Request(sneaky))).text();
      expect(text).not.toContain('"name": "trace-inspector"');
    }
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it('streams an export download from app://inspector/api/export (the renderer’s download link)', async () => {
    const handler = fake.calls.protocolHandlers.get('app')!;
    const db = new URL(windowFor(first)!.url).searchParams.get('db')!;
    await liveIn(windowFor(first)!, db);
    const res = await handler(new Request(`app://inspector/api/export?db=${db}&format=csv&range=all`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="first-traces-.*\.csv"/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(201); // a header and the 200 rows
    const bad = await handler(new Request(`app://inspector/api/export?db=${db}&format=xml`));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('wires every operation of the table to IPC, answered by the real engine through the bundled workers', async () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(
      Object.keys(operations)
        .map((n) => `inspector:op:${n}`)
        .sort(),
    );
    const win = windowFor(first)!;
    const db = new URL(win.url).searchParams.get('db')!;
    await liveIn(win, db);
    const page = await bridgeOf(win).traces({ db, range: { preset: 'all' }, limit: 5 });
    expect(page.ok && page.value.rows.length).toBe(5);
  });

  it('runs a SQL console statement in a utility process from the bundled sql-child', async () => {
    const win = windowFor(first)!;
    const db = new URL(win.url).searchParams.get('db')!;
    const answer = await bridgeOf(win).sql({ db, sql: 'SELECT count(*) FROM data_trace' });
    expect(answer.ok && answer.value.rows[0][0]).toBeGreaterThan(0);
    const run = fake.calls.forks.find((f) => f.modulePath.endsWith('sql-child.mjs'));
    expect(run).toMatchObject({ modulePath: join(ROOT, 'dist', 'main', 'sql-child.mjs'), options: { stdio: 'pipe' } });
    expect(run!.options.env).toBeUndefined();
  });

  it('seals webhook secrets with safeStorage, in the config folder', async () => {
    const win = windowFor(first)!;
    const saved = await bridgeOf(win).saveWebhook({
      webhook: {
        name: 'ops',
        url: 'https://hooks.slack.com/services/T1/B2/SLACKSECRET',
        headers: { Authorization: 'Bearer s3cr3t-token' },
      },
    });
    expect(saved.ok && saved.value.url).toBe('https://hooks.slack.com/services/••••••••');
    const file = readFileSync(join(dir, 'data', 'config', 'webhook-secrets.json'), 'utf8');
    expect(JSON.parse(file).sealed).toBe('os-keychain');
    expect(file).not.toMatch(/SLACKSECRET|s3cr3t/);
    expect(fake.calls.sealed).toBeGreaterThan(0);
  });

  it('refuses navigation away from the app and window.open', () => {
    const contents = windowFor(first)!.webContents;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(contents.navigate('will-navigate', 'app://inspector/index.html?db=db1')).toBe(false);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    warn.mockRestore();
  });

  it('grants no permission but writing to the clipboard', () => {
    const answers: Record<string, boolean> = {};
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'clipboard-sanitized-write',
    ])
      fake.calls.permissionHandler!({}, p, (ok) => (answers[p] = ok));
    expect(answers).toEqual({
      media: false,
      geolocation: false,
      notifications: false,
      openExternal: false,
      'clipboard-read': false,
      'clipboard-sanitized-write': true,
    });
  });

  it('opens a second file from a second instance in its own window, and focuses the existing one for the same file', async () => {
    fake.appEvents.emit('second-instance', {}, ['electron', ROOT, second], dir);
    await until(() => windowFor(second), Boolean, 'a window for the second file');
    const count = fake.windows.length;
    windowFor(second)!.focus();
    fake.appEvents.emit('second-instance', {}, ['electron', ROOT, first], dir);
    await until(
      () => fake.module.BrowserWindow.getFocusedWindow(),
      (w) => w === windowFor(first),
      'the first window focused',
    );
    expect(fake.windows.length).toBe(count);
  });

  it('shows the engine’s sentence in a window for a bad file, and stays usable', async () => {
    fake.appEvents.emit('second-instance', {}, ['electron', ROOT, notSqlite], dir);
    const win = await until(() => windowFor(notSqlite), Boolean, 'an error window');
    const q = new URL(win!.url).searchParams;
    expect(q.get('errorKind')).toBe('not-sqlite');
    expect(q.get('error')).toMatch(/not a SQLite database/i);
    expect(q.get('path')).toBe(notSqlite);
    const db = new URL(windowFor(first)!.url).searchParams.get('db')!;
    expect((await bridgeOf(windowFor(first)!).info({ db })).ok).toBe(true);
  });

  it('File › Open asks for .db/.sqlite/.sqlite3 (any file allowed) and opens the choice', async () => {
    fake.windows.forEach((w) => w.destroyed || w.close());
    await until(
      () => fake.windows.filter((w) => !w.destroyed).length,
      (n) => n === 0,
      'windows closed',
    );
    fake.calls.dialogAnswer = { canceled: false, filePaths: [second] };
    const file = lastMenu().find((m) => m.label === '&File')!;
    file.submenu!.find((i) => i.label === 'Open…')!.click!();
    await until(() => windowFor(second), Boolean, 'the chosen file to open');
    expect(fake.calls.dialogs.at(-1)).toMatchObject({
      properties: ['openFile'],
      filters: [{ extensions: ['db', 'sqlite', 'sqlite3'] }, { extensions: ['*'] }],
    });
  });

  it('keeps recent files in the menu and in user data, written atomically', () => {
    const recent = lastMenu()
      .find((m) => m.label === '&File')!
      .submenu!.find((i) => i.label === 'Open Recent')!.submenu!;
    expect(recent.map((r) => r.sublabel).filter(Boolean)).toEqual([second, first]);
    const saved = JSON.parse(readFileSync(join(userData, 'app-state.json'), 'utf8'));
    expect(saved.recentFiles).toEqual([second, first]);
    expect(saved.windowBounds[first]).toMatchObject({ width: 1440, height: 900 });
  });

  it('opens a file dropped on a window, replacing an empty window', async () => {
    fake.windows.forEach((w) => w.destroyed || w.close());
    fake.appEvents.emit('activate');
    const empty = fake.windows.at(-1)!;
    expect(empty.url).toBe('app://inspector/index.html');
    connectRenderer(fake.ipcMain, empty.webContents, { url: empty.url, parent: null }).send(
      'desktop:open-dropped',
      first,
    );
    await until(() => windowFor(first), Boolean, 'the dropped file to open');
    await until(() => empty.destroyed, Boolean, 'the empty window to give way');
  });

  it('vets a file replaced by a hostile one in a utility process too, and leaves the window usable', async () => {
    const path = createTraceDb({ name: 'rotated.db', rows: sampleRows(30) });
    fake.appEvents.emit('second-instance', {}, ['electron', ROOT, path], dir);
    const win = await until(() => windowFor(path), Boolean, 'a window for the file');
    const db = new URL(win!.url).searchParams.get('db')!;
    const bridge = bridgeOf(win!);
    await until(
      () => bridge.info({ db }),
      (i) => i.ok && i.value.state === 'live',
      'the file to be live',
    );
    const checks = () => fake.calls.forks.filter((f) => f.args[0] === path).length;
    expect(checks()).toBe(1);
    // Replaced (as a log rotation would) by a file whose data_trace is a view over an endless query.
    const hostile = join(tempDir('ti-desktop-hostile-'), 'hostile.db');
    const h = new Database(hostile);
    h.exec(
      `CREATE VIEW data_trace AS SELECT x AS process, x AS data, x AS data_type, x AS data_value, x AS timestamp, x AS status, x AS exception FROM (${ENDLESS})`,
    );
    h.close();
    renameSync(hostile, path);
    const info = await until(
      () => bridge.info({ db }),
      (i) => i.ok && i.value.state === 'error',
      'the replacement to be refused',
    );
    expect(info.ok && info.value.message).toMatch(/not a plain table/);
    expect(checks()).toBe(2);
    // Queries say why by kind, in the same words, and the window keeps answering.
    const count = await bridge.traceCount({ db });
    expect(count).toMatchObject({
      ok: false,
      error: { kind: 'unsafe-schema', message: info.ok && info.value.message },
    });
    expect((await bridge.databases({})).ok).toBe(true);
  });

  it('shows a firing alert as an Electron notification once turned on, and a click shows the alert', async () => {
    const win = windowFor(first)!;
    const db = new URL(win.url).searchParams.get('db')!;
    const bridge = bridgeOf(win);
    const saved = await bridge.saveUserSettings({
      settings: { notify: { info: false, warning: false, critical: true } },
    });
    expect(saved.ok).toBe(true);
    const rule = await bridge.saveAlertRule({
      db,
      rule: {
        name: 'Desk value stuck',
        severity: 'critical',
        condition: { kind: 'staleness', process: 'desk.stuck', data: 'value', threshold: 3 },
      },
    });
    expect(rule.ok).toBe(true);
    const at = Date.now();
    appendRows(
      first,
      Array.from({ length: 6 }, (_, i) => ({
        process: 'desk.stuck',
        data: 'value',
        data_type: 'str',
        data_value: 'same',
        timestamp: new Date(at + i).toISOString(),
      })),
    );
    const shown = await until(
      () => fake.calls.notifications.filter((n) => n.options.title === 'Critical: Desk value stuck'),
      (list) => list.length === 1,
      'the notification',
      30_000,
    );
    expect(shown[0].options.body).toContain('desk.stuck');
    expect(shown[0].options.body).toContain(first.split('/').pop());
    shown[0].click();
    expect(fake.module.BrowserWindow.getFocusedWindow()).toBe(win);
    expect(win.url).toMatch(/#\/alerts\?alert=/);
  });

  it('releases a database when its window closes', async () => {
    const win = windowFor(first)!;
    const db = new URL(win.url).searchParams.get('db')!;
    win.close();
    fake.appEvents.emit('second-instance', {}, ['electron', ROOT, second], dir);
    const other = await until(() => windowFor(second), Boolean, 'another window');
    await until(
      async () => {
        const dbs = await bridgeOf(other!).databases({});
        return dbs.ok ? dbs.value.map((d) => d.db) : [];
      },
      (list) => !list.includes(db),
      'the closed database to be released',
    );
  });
});
