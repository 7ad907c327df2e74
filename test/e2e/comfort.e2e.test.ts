// Everyday comfort in real Chromium against `serve` mode (issue 16): a tab that fails to draw
// shows a message and a way back, `/` and `?` keys, and the settings dialog (the UTC switch).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appInBrowser, openPage, screenshot } from './harness.ts';
import { createTraceDb, sampleRows } from '../fixtures/trace-db.ts';
import { waitUntilLive } from '../fixtures/engine.ts';

const REQUIRED_ONLY = ['process', 'data', 'data_type', 'data_value', 'timestamp', 'status', 'exception'];

describe('everyday comfort (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 5_000 });

  it('shows a message and a way back when a tab fails to draw, not a blank window', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/overview`);
    // An answer the Overview cannot draw (a broken engine or a bug): its render throws.
    await page.route('**/api/overview', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: {} }) }),
    );
    await page.reload();
    const fault = page.getByTestId('tab-fault');
    await fault.waitFor();
    expect(await fault.textContent()).toContain('The Overview tab ran into a problem');
    await page.getByRole('button', { name: 'Reload window' }).waitFor();
    // The shell survived: the header still switches tabs.
    await page.getByRole('tab', { name: 'Errors' }).click();
    await expect.poll(() => page.url()).toContain('#/errors');
    await page.unroute('**/api/overview');
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByTestId('tab-fault').waitFor({ state: 'detached' });
    await page.locator('.overview').first().waitFor();
    await page.getByRole('tab', { name: 'Overview' }).click();
    // React reports the caught error on the console; nothing else may fail.
    expect(errors.filter((e) => !/Cannot read|undefined|The above error|tab failed/.test(e))).toEqual([]);
    expect(errors.some((e) => e.startsWith('pageerror'))).toBe(false);
  });

  it('focuses the search with / and lists every shortcut with ?, but not while typing', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer`);
    const search = page.locator('input[type="search"]').first();
    await search.waitFor();
    await page.locator('body').click({ position: { x: 5, y: 890 } });
    await page.keyboard.press('/');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await search.inputValue()).toBe(''); // the `/` itself was not typed
    await page.keyboard.type('?1');
    expect(await search.inputValue()).toBe('?1'); // typed, not shortcuts
    expect(await page.getByTestId('shortcuts-dialog').count()).toBe(0);
    await search.fill('');
    await page.locator('body').click({ position: { x: 5, y: 890 } });
    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts-dialog');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    for (const what of [
      'Overview',
      'Errors',
      'Next error',
      'Previous error',
      'search box',
      'Run the statement',
      'Settings',
    ])
      expect(text).toContain(what);
    await screenshot(page, 'shortcuts-dialog');
    // A key under the dialog does nothing; Escape closes it.
    await page.keyboard.press('3');
    expect(page.url()).toContain('#/explorer');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The Code Inspector's function search answers `/` too.
    await page.keyboard.press('3');
    await expect.poll(() => page.url()).toContain('#/code');
    await page.locator('body').click({ position: { x: 5, y: 890 } });
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Function');
    expect(errors).toEqual([]);
  });

  it('switches every shown time to UTC from the settings, and keeps it', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/overview?range=all`, {
      timezoneId: 'America/New_York',
    });
    const times = page.locator('td.col-time');
    await expect.poll(() => times.count()).toBeGreaterThan(3);
    const before = await times.allTextContents();
    expect(before.every((t) => !t.includes('UTC'))).toBe(true);
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByTestId('settings-dialog');
    // Saved through the API, then shown checked.
    await dialog.getByRole('radio', { name: 'UTC' }).click();
    await expect.poll(() => dialog.getByRole('radio', { name: 'UTC' }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => dialog.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await screenshot(page, 'settings-dialog');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await times.allTextContents()).every((t) => t.endsWith(' UTC'))).toBe(true);
    const after = await times.allTextContents();
    expect(after).not.toEqual(before.map((t) => `${t} UTC`)); // the clock moved, not just a label
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    // The Errors tab's first/last seen follow too.
    await page.keyboard.press('6');
    await expect
      .poll(() => page.locator('.errors-tab, main').first().textContent())
      .toMatch(/\d\d:\d\d:\d\d(\.\d+)? UTC/);
    // Per user, not per page: a new window opens in UTC.
    const second = await openPage(env.browser, `${env.app.url}#/overview?range=all`, {
      timezoneId: 'America/New_York',
    });
    await expect
      .poll(
        async () =>
          (await second.page.locator('td.col-time').allTextContents()).filter((t) => t.endsWith(' UTC')).length,
      )
      .toBeGreaterThan(3);
    await screenshot(second.page, 'overview-utc-dark');
    // Back to the defaults for the other tests of this file.
    await env.app.engine.invoke('saveUserSettings', { settings: { timeZone: 'local', theme: 'system' } });
    expect([...errors, ...second.errors]).toEqual([]);
  });

  it('shows file health from the file name: a rollback journal with its fix, missing columns, bad timestamps', async () => {
    const rows = sampleRows(40).map((r, i) => (i === 7 ? { ...r, timestamp: 'not a time' } : r));
    const path = createTraceDb({ wal: false, columns: REQUIRED_ONLY, rows, name: 'legacy.db' });
    const { db } = await env.app.engine.invoke('open', { path });
    await waitUntilLive(env.app.engine, db);
    const { page, errors } = await openPage(env.browser, `${env.app.url}&db=${db}#/overview`);
    const badge = page.getByTestId('health-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toContain('11'); // journal, 8 columns, no heartbeat table, timestamps
    await page.getByRole('button', { name: /File health of legacy\.db/ }).click();
    const panel = page.getByTestId('file-health');
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Journal mode: delete');
    expect(text).toMatch(/writer has to wait/);
    expect(await page.getByTestId('wal-fix').textContent()).toBe('PRAGMA journal_mode=WAL;');
    const missing = await page.getByTestId('missing-columns').locator('tr').allTextContents();
    expect(missing).toHaveLength(8);
    expect(missing.find((r) => r.startsWith('duration_ms'))).toMatch(/latency/);
    expect(text).toContain('1 row with an unreadable timestamp');
    expect(text).toContain('No writer_status table');
    await screenshot(page, 'file-health');
    await page.keyboard.press('Escape');
    await page.getByTestId('file-health-dialog').waitFor({ state: 'detached' });
    // The generated demo file is WAL with every column: those checks pass.
    await page.goto(`${env.app.url}#/overview`);
    await page.getByRole('button', { name: /File health of traces\.db/ }).click();
    await page.getByTestId('file-health').waitFor();
    expect(await page.getByTestId('file-health').textContent()).toContain('Journal mode: WAL');
    // Its heartbeats include trouble: the table lists what the engine found, newest first.
    const health = await env.app.engine.invoke('fileHealth', { db: env.app.db });
    expect(await page.getByTestId('writer-episodes').locator('tbody tr').count()).toBe(health.episodes.length);
    await screenshot(page, 'file-health-wal');
    expect(await page.getByTestId('missing-columns').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows a firing alert as a browser notification once turned on, and its click shows the alert', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/overview`, {
      permissions: ['notifications'],
    });
    // Records what the page shows, through the real Notification (permission granted above).
    await page.evaluate(() => {
      const Real = window.Notification;
      const shown: { title: string; body: string; n: Notification }[] = [];
      (window as unknown as { __shown: typeof shown }).__shown = shown;
      window.Notification = class extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push({ title, body: options?.body ?? '', n: this });
        }
      };
    });
    const shownTitles = () =>
      page.evaluate(() => (window as unknown as { __shown: { title: string }[] }).__shown.map((x) => x.title));
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByRole('checkbox', { name: 'critical' }).click();
    await expect.poll(() => dialog.getByRole('checkbox', { name: 'critical' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: 'warning' }).isChecked()).toBe(false);
    await page.keyboard.press('Escape');
    for (const [name, severity, proc] of [
      ['E2E stuck (critical)', 'critical', 'e2e.notify.critical'],
      ['E2E stuck (warning)', 'warning', 'e2e.notify.warning'],
    ] as const) {
      await env.app.engine.invoke('saveAlertRule', {
        db: env.app.db,
        rule: { name, severity, condition: { kind: 'staleness', process: proc, data: 'value', threshold: 3 } },
      });
    }
    const w = new Database(env.app.dbPath);
    const ins = w.prepare(
      `INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status) VALUES (?, 'value', 'str', 'same', ?, 'OK')`,
    );
    for (let i = 0; i < 6; i++)
      for (const p of ['e2e.notify.critical', 'e2e.notify.warning']) ins.run(p, new Date().toISOString());
    w.close();
    await expect.poll(shownTitles, { timeout: 30_000 }).toEqual(['Critical: E2E stuck (critical)']);
    // The warning one fired too, but warnings are off: still one notification.
    await expect
      .poll(async () => (await env.app.engine.invoke('alerts', { db: env.app.db })).map((a) => a.ruleName).sort())
      .toEqual(expect.arrayContaining(['E2E stuck (critical)', 'E2E stuck (warning)']));
    expect(await shownTitles()).toHaveLength(1);
    await page.evaluate(() => {
      const n = (window as unknown as { __shown: { n: Notification }[] }).__shown[0].n;
      n.onclick?.(new Event('click'));
    });
    await expect.poll(() => page.url()).toMatch(/#\/alerts\?.*alert=/);
    await page.locator('.ag-row.alert-row.focused').waitFor();
    expect(await page.locator('.ag-row.alert-row.focused [data-subject]').getAttribute('data-subject')).toContain(
      'e2e.notify.critical',
    );
    await env.app.engine.invoke('saveUserSettings', {
      settings: { notify: { info: false, warning: false, critical: false } },
    });
    expect(errors).toEqual([]);
  });

  it('picks a database in serve mode: the ones open, files opened lately, or a path typed', async () => {
    const other = createTraceDb({ rows: sampleRows(25), name: 'other.db' });
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await page.getByRole('button', { name: 'Databases' }).click();
    const picker = page.getByTestId('db-picker');
    await picker.waitFor();
    // A path that is not a database: the engine's sentence, nothing opened.
    await picker.getByLabel('Database path').fill('/etc/hostname');
    await picker.getByRole('button', { name: 'Open' }).click();
    await picker.getByRole('alert').waitFor();
    await picker.getByLabel('Database path').fill(other);
    await picker.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.locator('.header-file-name').textContent(), { timeout: 20_000 }).toBe('other.db');
    expect(page.url()).toContain('#/explorer?range=all'); // the view stays
    // Back to the first through the list of open databases.
    await page.getByRole('button', { name: 'Databases' }).click();
    await screenshot(page, 'database-picker');
    await page
      .getByTestId('db-picker')
      .getByRole('button', { name: /traces\.db/ })
      .click();
    await expect.poll(() => page.locator('.header-file-name').textContent(), { timeout: 20_000 }).toBe('traces.db');
    // Opened lately, once closed: listed apart, and opened again from there.
    const otherDb = (await env.app.engine.invoke('databases', {})).find((d) => d.path === other)!.db;
    await env.app.engine.invoke('close', { db: otherDb });
    await page.getByRole('button', { name: 'Databases' }).click();
    const lately = page.getByTestId('db-picker').getByRole('button', { name: /other\.db/ });
    await lately.click();
    await expect.poll(() => page.locator('.header-file-name').textContent(), { timeout: 20_000 }).toBe('other.db');
    // The refused /etc/hostname answered 422: the one console line the browser writes for it.
    expect(errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
  });
});
