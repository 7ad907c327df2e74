// Stale thresholds edited where they are shown (Chromium, serve mode): "Ignore" on a stale
// variable of the Overview takes it off the list, for the engine too (the Explorer's marks read
// the same verdicts); "Default" brings it back. And they are one model with the staleness alert
// rules: a threshold set in the rule form moves the mark, one set on the mark shows in the rule,
// and rows appended to the live file fire the alert exactly when the mark appears.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StaleVariable } from '../../db/api/types.ts';
import { appInBrowser, openPage, screenshot } from './harness.ts';

const END = Math.floor(Date.now() / 60_000) * 60_000;

describe('stale thresholds (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 30_000, endTs: END });

  /** Appends `n` rows of a variable's current value to the trace file, as its tracer would. */
  function repeatValue(
    v: { process: string; data: string; value: string | null; valueType: string | null },
    n: number,
  ) {
    const db = new Database(env.app.dbPath);
    try {
      const ins = db.prepare(
        "INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, duration_ms) VALUES (?, ?, ?, ?, ?, 'OK', 1)",
      );
      db.transaction(() => {
        for (let i = 0; i < n; i++) ins.run(v.process, v.data, v.valueType, v.value, new Date().toISOString());
      })();
    } finally {
      db.close();
    }
  }

  const staleRow = (page: Page, v: StaleVariable) =>
    page.getByTestId('stale').locator('tbody tr').filter({ hasText: v.process }).filter({ hasText: v.data }).first();

  it('ignores a stale variable from the Overview, and takes the default back', async () => {
    const before = await env.app.engine.invoke('staleness', { db: env.app.db });
    expect(before.variables.length).toBeGreaterThan(0);
    const v = before.variables[0];
    const key = (x: { process: string; data: string }) => `${x.process}:${x.data}`;
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/overview?range=all`);
    const row = page
      .getByTestId('stale')
      .locator('tbody tr')
      .filter({ hasText: v.process })
      .filter({ hasText: v.data })
      .first();
    await row.getByRole('button', { name: `> ${v.threshold}` }).click();
    await row.getByRole('button', { name: 'Ignore' }).click();
    await expect
      .poll(async () => (await env.app.engine.invoke('staleness', { db: env.app.db })).variables.map(key))
      .not.toContain(key(v));
    await expect.poll(() => page.getByTestId('stale').locator('tbody tr').count()).toBe(before.variables.length - 1);
    // Listed as ignored under the table, with the way back.
    const ignored = page
      .getByTestId('stale-ignored')
      .locator('.stale-ignored-item')
      .filter({ hasText: key(v).replace(':', ' · ') });
    await screenshot(page, 'stale-ignored');
    await ignored.getByRole('button', { name: 'Watch again' }).click();
    await expect
      .poll(async () => (await env.app.engine.invoke('staleness', { db: env.app.db })).variables.map(key))
      .toContain(key(v));
    await expect.poll(() => page.getByTestId('stale').locator('tbody tr').count()).toBe(before.variables.length);
    await expect.poll(() => page.getByTestId('stale-ignored').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("ignores a stale variable from the Explorer's row detail", async () => {
    const before = await env.app.engine.invoke('staleness', { db: env.app.db });
    const v = before.variables[before.variables.length - 1];
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all&row=${v.lastId}`);
    const detail = page.getByRole('region', { name: 'Row detail' });
    await detail.getByText(`stale ×${v.runLength}`).waitFor();
    await detail.getByRole('button', { name: `> ${v.threshold}` }).click();
    await detail.getByRole('button', { name: 'Ignore' }).click();
    await expect.poll(() => detail.getByText(/stale ×/).count()).toBe(0);
    const after = await env.app.engine.invoke('staleness', { db: env.app.db });
    expect(after.variables.some((x) => x.process === v.process && x.data === v.data)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('is one threshold for the mark and the alert rule, and the live file fires the alert as the mark appears', async () => {
    const { db, engine } = env.app;
    const before = await engine.invoke('staleness', { db });
    // Not the first or the last stale variable (the tests above change those), one whose value is whole.
    const v = before.variables
      .slice(1, -1)
      .find((x) => x.value !== null && x.value.length < 200 && typeof x.threshold === 'number')!;
    expect(v).toBeDefined();
    const subject = `${v.process} · ${v.data}`;
    const watching = async () =>
      (await engine.invoke('alerts', { db })).filter((a) => a.ruleName === 'Watch it' && a.subject === subject);
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/alerts`);

    // 1. A rule made in the form with threshold 3: its alert fires, and the mark says > 3.
    await page.getByTestId('new-rule').click();
    const form = page.getByTestId('rule-editor');
    await form.locator('input[name=name]').fill('Watch it');
    await form.locator('input[name=process]').fill(v.process);
    await form.locator('input[name=data]').fill(v.data);
    await form.locator('input[name=threshold]').fill('3');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await form.waitFor({ state: 'detached' });
    const ruleRow = page.getByTestId('rules').locator('li[data-name="Watch it"]');
    await expect
      .poll(() => ruleRow.locator('.al-summary').textContent())
      .toBe(`${v.data} in ${v.process} repeats > 3 times`);
    await expect.poll(async () => (await watching()).map((a) => a.state)).toEqual(['firing']);
    await page.goto(`${env.app.url}#/overview?range=all`);
    await staleRow(page, v).getByRole('button', { name: '> 3' }).waitFor();

    // 2. Set on the mark above the run: the mark goes, the alert resolves, the rule shows the new N.
    const n = v.runLength + 20;
    await staleRow(page, v).getByRole('button', { name: '> 3' }).click();
    await staleRow(page, v).getByLabel('Repeats before stale').fill(String(n));
    await staleRow(page, v).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => staleRow(page, v).count()).toBe(0);
    await expect.poll(async () => (await watching()).length).toBe(0);
    await page.goto(`${env.app.url}#/alerts`);
    await expect
      .poll(() => ruleRow.locator('.al-summary').textContent())
      .toBe(`${v.data} in ${v.process} repeats > ${n} times`);
    await ruleRow.getByRole('button', { name: 'Watch it' }).click();
    expect(await page.getByTestId('rule-editor').locator('input[name=threshold]').inputValue()).toBe(String(n));
    await screenshot(page, 'threshold-shared-rule');
    await page.keyboard.press('Escape');

    // 3. The live file: n repeats in all are not stale (no alert; a witness proves the pass ran),
    // one more is, for the mark and the rule at once.
    repeatValue(v, n - v.runLength);
    const witness = { process: 'e2e.witness', data: 'w', value: 'same', valueType: 'str' };
    repeatValue(witness, 6);
    await expect
      .poll(async () => (await engine.invoke('alerts', { db })).some((a) => a.subject === 'e2e.witness · w'))
      .toBe(true);
    expect(await watching()).toEqual([]);
    expect(
      (await engine.invoke('staleness', { db })).variables.some((x) => x.process === v.process && x.data === v.data),
    ).toBe(false);
    repeatValue(v, 1);
    await expect.poll(async () => (await watching()).map((a) => [a.state, a.value])).toEqual([['firing', n + 1]]);
    await page.goto(`${env.app.url}#/overview?range=all`);
    await staleRow(page, v)
      .getByRole('button', { name: `> ${n}` })
      .waitFor();
    expect(errors).toEqual([]);
  });
});
