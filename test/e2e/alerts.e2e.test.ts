// The Alerts tab in real Chromium against `serve` mode: a webhook (signed) and a staleness rule made
// in the UI, an alert raised by rows appended to the trace file, acknowledged with a comment in the
// UI and resolved by a new value; the loopback receiver checks each Standard Webhooks signature,
// and the history and the delivery log show what happened. No console errors, no outside requests.
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, screenshot, startApp, type AppUnderTest } from './harness.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

async function receiver(): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Standard Webhooks, checked from the spec (not with the engine's signing code). */
function signatureValid(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = `v1,${createHmac('sha256', key)
    .update(`${String(r.headers['webhook-id'])}.${String(r.headers['webhook-timestamp'])}.${r.body}`)
    .digest('base64')}`;
  return String(r.headers['webhook-signature']).split(' ').includes(expected);
}

const PROCESS = 'e2e.stuck';
const SUBJECT = `${PROCESS} · value`;

/** Appends rows to the trace file the way the traced app's tracer does. */
function appendValues(path: string, values: string[]): void {
  const db = new Database(path);
  try {
    const ins = db.prepare(
      `INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, process_group, duration_ms) VALUES (?, 'value', 'str', ?, ?, 'OK', 'e2e', 1.5)`,
    );
    db.transaction(() => {
      for (const v of values) ins.run(PROCESS, v, new Date().toISOString());
    })();
  } finally {
    db.close();
  }
}

const types = (got: Received[]) => got.map((g) => JSON.parse(g.body).type as string);

async function tabShown(page: Page): Promise<void> {
  await page.getByTestId('rules').locator('li[data-rule]').first().waitFor({ timeout: 20_000 });
}

describe('Alerts tab (Chromium, serve mode)', () => {
  let app: AppUnderTest;
  let browser: Browser;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    hook = await receiver();
    app = await startApp({ rows: 6000 });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await hook?.close();
  });

  it('says what is wrong in a form before sending it', async () => {
    const { page, errors } = await openPage(browser, `${app.url}#/alerts`);
    await tabShown(page);
    await page.getByTestId('new-webhook').click();
    const wh = page.getByTestId('webhook-editor');
    await wh.locator('input[name=url]').fill('ftp://example.com/hook');
    await wh.getByRole('button', { name: 'Create webhook' }).click();
    await expect
      .poll(() => wh.locator('.al-field-error').allTextContents())
      .toEqual(['Give the webhook a name.', 'The URL must start with http:// or https:// (not ftp://).']);
    await page.keyboard.press('Escape');
    await page.getByTestId('new-rule').click();
    const re = page.getByTestId('rule-editor');
    await re.locator('input[name=name]').fill('Bad');
    await re.locator('input[name=threshold]').fill('0');
    await re.getByRole('button', { name: 'Create rule' }).click();
    await expect
      .poll(() => re.locator('.al-field-error').allTextContents())
      .toEqual(['Threshold must be from 1 to 1,000,000, or ignore.']);
    await re.getByRole('radio', { name: 'Error rate' }).click();
    await re.locator('input[name=percent]').fill('150');
    await re.getByRole('button', { name: 'Create rule' }).click();
    await expect
      .poll(() => re.locator('.al-field-error').allTextContents())
      .toEqual(['Percent must be from 0 to 100.']);
    await page.keyboard.press('Escape');
    expect(await app.engine.invoke('webhooks', {})).toEqual([]);
    expect((await app.engine.invoke('alertRules', { db: app.db })).map((r) => r.name)).toEqual(['Stale variable']);
    expect(errors).toEqual([]);
  });

  it('creates a signed webhook and a rule, and follows an alert from firing to resolved', async () => {
    const { page, errors } = await openPage(browser, `${app.url}#/alerts`);
    await tabShown(page);

    // A webhook pointing at the receiver, with a generated secret and an extra header.
    await page.getByTestId('new-webhook').click();
    const wh = page.getByTestId('webhook-editor');
    await wh.locator('input[name=name]').fill('Receiver');
    await wh.locator('input[name=url]').fill(hook.url);
    await wh.getByRole('button', { name: 'Generate' }).click();
    const secret = await wh.locator('input[name=secret]').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    await wh.getByRole('button', { name: '+ Add header' }).click();
    await wh.getByLabel('Header name').fill('X-Team');
    await wh.getByLabel('Header value').fill('e2e');
    await wh.getByRole('button', { name: 'Create webhook' }).click();
    await wh.waitFor({ state: 'detached' });
    const hookRow = page.getByTestId('webhooks').locator('li[data-name="Receiver"]');
    await expect.poll(() => hookRow.textContent()).toContain('signed');
    const [saved] = await app.engine.invoke('webhooks', {});
    expect(saved).toMatchObject({
      name: 'Receiver',
      url: hook.url,
      format: 'json',
      headers: { 'X-Team': 'e2e' },
      hasSecret: true,
      enabled: true,
    });

    // The secret is write-only: editing shows that one is set, never its value.
    await hookRow.getByRole('button', { name: 'Edit' }).click();
    await expect.poll(() => page.getByTestId('secret-set').count()).toBe(1);
    expect(await page.getByTestId('webhook-editor').innerHTML()).not.toContain(secret.slice(6));
    await page.keyboard.press('Escape');

    // A staleness rule notifying it.
    await page.getByTestId('new-rule').click();
    const re = page.getByTestId('rule-editor');
    await re.locator('input[name=name]').fill('e2e value stuck');
    await re.locator('input[name=process]').fill(PROCESS);
    await re.locator('input[name=data]').fill('value');
    await re.locator('input[name=threshold]').fill('3');
    await re.getByRole('radio', { name: 'critical' }).click();
    await re.getByLabel('Receiver').check();
    expect(await page.getByTestId('rule-preview').textContent()).toBe(
      `Fires when value in ${PROCESS} repeats > 3 times`,
    );
    await re.getByRole('button', { name: 'Create rule' }).click();
    await re.waitFor({ state: 'detached' });
    const ruleRow = page.getByTestId('rules').locator('li[data-name="e2e value stuck"]');
    await expect.poll(() => ruleRow.locator('.al-summary').textContent()).toBe(`value in ${PROCESS} repeats > 3 times`);
    expect(await ruleRow.textContent()).toContain('→ Receiver');
    const rule = (await app.engine.invoke('alertRules', { db: app.db })).find((r) => r.name === 'e2e value stuck')!;
    expect(rule).toMatchObject({
      severity: 'critical',
      enabled: true,
      condition: { kind: 'staleness', process: PROCESS, data: 'value', threshold: 3 },
      webhooks: [saved.id],
    });

    // Rows repeating one value make it fire: in the table, and at the receiver, signed.
    appendValues(app.dbPath, Array(5).fill('stuck'));
    // The lists are grids (AgGridReact): a row is an .ag-row, its cells carry the data attributes.
    // The default rule fires for it too: the rule's 3 is the variable's stale threshold (one model).
    const active = page.getByTestId('active-alerts');
    const row = active
      .locator('.ag-row', { has: page.locator(`[data-subject="${SUBJECT}"]`) })
      .filter({ hasText: 'e2e value stuck' });
    const state = (r: typeof row) => r.locator('[data-state]').getAttribute('data-state');
    // The grid draws the rows in view (and a few more): an acknowledged alert sorts after every
    // firing one (here 14, the default rule's), so the grid is scrolled to it before it is read.
    // Found, scrolled and read in one step in the page: read in separate steps, a row counted as
    // drawn could leave the drawn range before its state was read (a reload moving it down), and
    // that read then waited for a row nobody would draw again.
    const stateOf = (id: string) =>
      active.evaluate(async (box, id) => {
        const find = () => box.querySelector(`.ag-row[row-id="${CSS.escape(id)}"]`);
        if (!find()) {
          for (const el of box.querySelectorAll<HTMLElement>('*'))
            if (el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== 'visible')
              el.scrollTop = el.scrollHeight;
          // The grid draws the rows a scroll brings into view on its next frames.
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        }
        const row = find();
        return row ? (row.querySelector('[data-state]')?.getAttribute('data-state') ?? 'no state') : 'not drawn';
      }, id);
    await expect.poll(() => state(row), { timeout: 10_000 }).toBe('firing');
    expect(await row.textContent()).toContain('e2e value stuck');
    // A grid with its columns' headers, as the history and the delivery log below.
    const headers = (testId: string) =>
      page.getByTestId(testId).locator('[role=grid] .ag-header-cell-text').allTextContents();
    expect(await headers('active-alerts')).toEqual(['Severity', 'Subject · rule', 'Fired', 'State', '']);
    await expect.poll(() => types(hook.got), { timeout: 10_000 }).toEqual(['alert.firing']);
    expect(signatureValid(secret, hook.got[0])).toBe(true);
    expect(hook.got[0].headers['x-team']).toBe('e2e');
    const alertId = (await row.locator('[data-alert]').getAttribute('data-alert'))!;
    expect(await row.getAttribute('row-id')).toBe(alertId);
    expect(JSON.parse(hook.got[0].body).data.alert).toMatchObject({
      id: alertId,
      subject: SUBJECT,
      severity: 'critical',
      state: 'firing',
    });

    // Acknowledged in the UI, with a comment.
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByLabel('Comment').fill('Restarting the e2e poller');
    await page.locator('.ack-form').getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => stateOf(alertId)).toBe('acknowledged');
    expect(await active.locator(`.ag-row[row-id="${alertId}"]`).textContent()).toContain('Restarting the e2e poller');
    await expect.poll(() => types(hook.got), { timeout: 10_000 }).toEqual(['alert.firing', 'alert.acknowledged']);

    // A new value resolves it: it leaves the open list, and shows with the resolved ones.
    appendValues(app.dbPath, ['moving again']);
    await expect.poll(() => stateOf(alertId), { timeout: 10_000 }).toBe('not drawn');
    await page.getByTestId('show-resolved').check();
    await expect.poll(() => stateOf(alertId)).toBe('resolved');
    await expect
      .poll(() => types(hook.got), { timeout: 10_000 })
      .toEqual(['alert.firing', 'alert.acknowledged', 'alert.resolved']);
    expect(hook.got.every((g) => signatureValid(secret, g))).toBe(true);
    expect(new Set(hook.got.map((g) => g.headers['webhook-id'])).size).toBe(3);

    // The history shows the three transitions, newest first.
    const steps = page
      .getByTestId('alert-history')
      .locator('.ag-row', { has: page.locator(`[data-alert="${alertId}"]`) });
    await expect
      .poll(() => steps.locator('[data-to]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-to'))))
      .toEqual(['resolved', 'acknowledged', 'firing']);
    expect(await steps.nth(1).textContent()).toContain('Restarting the e2e poller');
    expect(await headers('alert-history')).toEqual(['When', 'Subject', 'Transition', 'By', 'Note']);

    // The delivery log shows each notification delivered, with its HTTP status.
    const log = page.getByTestId('deliveries');
    const delivered = () =>
      log
        .locator('.ag-row', { has: page.locator('[data-status="delivered"]') })
        .locator('[data-event]')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-event')));
    await expect.poll(delivered, { timeout: 10_000 }).toEqual(['alert.resolved', 'alert.acknowledged', 'alert.firing']);
    const firingRow = log.locator('.ag-row', { has: page.locator('[data-event="alert.firing"]') });
    expect(await firingRow.locator('.al-attempt').first().textContent()).toContain('HTTP 204');
    expect(await firingRow.getAttribute('row-id')).toBe(hook.got[0].headers['webhook-id']);
    expect(await headers('deliveries')).toEqual(['Created', 'Webhook', 'Event', 'Status', 'webhook-id', 'Attempts']);

    // Send test reaches the receiver through the same path.
    await hookRow.getByRole('button', { name: 'Send test' }).click();
    await expect
      .poll(() => types(hook.got), { timeout: 10_000 })
      .toEqual(['alert.firing', 'alert.acknowledged', 'alert.resolved', 'test']);
    expect(signatureValid(secret, hook.got[3])).toBe(true);
    await expect
      .poll(delivered, { timeout: 10_000 })
      .toEqual(['test', 'alert.resolved', 'alert.acknowledged', 'alert.firing']);
    expect(errors).toEqual([]);
  }, 90_000);

  it('opens the Trace Explorer on a stale process, and shows a firing alert with its rules and webhooks (the docs screenshot)', async () => {
    // More of what a real setup holds: an error-rate and a slow-function rule, a Slack webhook kept disabled.
    const [receiverHook] = await app.engine.invoke('webhooks', {});
    await app.engine.invoke('saveWebhook', {
      webhook: {
        name: 'Slack #oncall',
        url: 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXX',
        format: 'slack',
        enabled: false,
      },
    });
    await app.engine.invoke('saveAlertRule', {
      db: app.db,
      rule: {
        name: 'Payments failing',
        severity: 'critical',
        condition: { kind: 'errorRate', scope: 'group', match: 'payments', percent: 5, windowSec: 300, minRows: 20 },
        webhooks: [receiverHook.id],
      },
    });
    await app.engine.invoke('saveAlertRule', {
      db: app.db,
      rule: {
        name: 'Checkout slow',
        severity: 'info',
        condition: { kind: 'slowFunction', process: 'orders.service.*', p95Ms: 800, windowSec: 600, minCalls: 5 },
        webhooks: [],
      },
    });
    const snoozed = await app.engine.invoke('saveAlertRule', {
      db: app.db,
      rule: {
        name: 'Writer silent',
        severity: 'warning',
        condition: { kind: 'silence', source: 'heartbeat', seconds: 120 },
        webhooks: [receiverHook.id],
      },
    });
    await app.engine.invoke('snoozeAlertRule', { db: app.db, id: snoozed.id, minutes: 60 });

    const { page, errors } = await openPage(browser, `${app.url}#/alerts`);
    await tabShown(page);
    appendValues(app.dbPath, Array(5).fill('stuck again'));
    const row = page
      .getByTestId('active-alerts')
      .locator('.ag-row.row-firing', { has: page.locator(`[data-subject="${SUBJECT}"]`) })
      .filter({ hasText: 'e2e value stuck' });
    await row.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => page.getByTestId('deliveries').locator('.ag-row [data-status="pending"]').count(), {
        timeout: 10_000,
      })
      .toBe(0);
    await expect.poll(() => page.getByTestId('snoozed').count()).toBe(1);
    await page.getByTestId('webhooks').locator('li[data-name="Receiver"] .al-item-main').click();
    await screenshot(page, 'alerts', 400);

    await row.getByRole('button', { name: SUBJECT }).click();
    await expect.poll(() => page.url()).toContain('#/explorer?');
    expect(new URLSearchParams(page.url().split('?')[1]).get('q')).toBe(PROCESS);
    expect(errors).toEqual([]);
  }, 60_000);

  it('exports the rules to a file and imports them back, snoozes, resumes, disables and deletes from the list', async () => {
    const { page, errors } = await openPage(browser, `${app.url}#/alerts`);
    await tabShown(page);
    const rulesPanel = page.getByTestId('rules');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rulesPanel.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('alert-rules-traces.json');
    const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(doc).toEqual(await app.engine.invoke('exportAlertRules', { db: app.db }));

    // One rule of the export, merged back in: it is there twice.
    doc.rules = doc.rules.filter((r: { name: string }) => r.name === 'Checkout slow');
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'checkout.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    const dialog = page.getByTestId('import-dialog');
    expect(await dialog.textContent()).toContain('p95 of orders.service.* > 800 ms over 10 min');
    await dialog.getByRole('button', { name: 'Add rules' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => rulesPanel.locator('li[data-name="Checkout slow"]').count()).toBe(2);
    // A file that is not an export is refused in words, and nothing is sent.
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect
      .poll(() => rulesPanel.locator('.al-notice').textContent())
      .toBe('This file is not JSON: choose a file written by Export.');

    const row = rulesPanel.locator('li[data-name="Payments failing"]');
    const payments = async () =>
      (await app.engine.invoke('alertRules', { db: app.db })).find((r) => r.name === 'Payments failing')!;
    await row.getByLabel('Snooze Payments failing').selectOption({ label: '15 min' });
    await expect.poll(() => row.getByTestId('snoozed').textContent()).toBe('snoozed · ends in 15 min');
    expect(Math.abs((await payments()).snoozedUntil! - (Date.now() + 15 * 60_000))).toBeLessThan(10_000);
    await row.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => row.getByTestId('snoozed').count()).toBe(0);
    expect((await payments()).snoozedUntil).toBeNull();

    // The switch follows the engine's answer, so it flips once the save is back.
    await row.getByRole('switch').click();
    await expect.poll(async () => (await payments()).enabled).toBe(false);
    await expect.poll(() => row.getAttribute('class')).toContain('disabled');

    const copy = rulesPanel.locator('li[data-name="Checkout slow"]').last();
    await copy.getByRole('button', { name: 'Delete' }).click();
    await copy.getByRole('button', { name: 'Delete?' }).click();
    await expect.poll(() => rulesPanel.locator('li[data-name="Checkout slow"]').count()).toBe(1);
    expect(
      (await app.engine.invoke('alertRules', { db: app.db })).filter((r) => r.name === 'Checkout slow'),
    ).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
