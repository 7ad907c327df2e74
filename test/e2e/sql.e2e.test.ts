// The SQL console in real Chromium, serve mode: typing a statement in monaco and Ctrl+Enter shows
// the rows SQLite gives on the file, "Load more" pages on, the plan shows the index, a link
// reopens and runs the statement, a refused one says why, and Cancel stops an endless one.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appInBrowser, openPage, screenshot } from './harness.ts';

async function typeStatement(page: Page, sql: string): Promise<void> {
  await page.locator('[data-testid="sql-editor"] .view-lines').click({ timeout: 30_000 });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Key by key, monaco's auto-closing and suggestions rewrite the text: insert it as a paste would.
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Escape');
}

const count = (page: Page) => page.getByTestId('sql-count').textContent();

describe('SQL console (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 20_000 });

  it('runs a typed statement with Ctrl+Enter and pages its rows with Load more', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/sql`);
    const sql = 'SELECT process, count(*) AS n FROM calls GROUP BY process ORDER BY n DESC, process';
    await typeStatement(page, sql);
    await page.keyboard.press('ControlOrMeta+Enter');
    const file = new Database(env.app.dbPath, { readonly: true });
    const want = file
      .prepare(
        'SELECT process, count(*) AS n FROM (SELECT DISTINCT process, trace_id, span_id FROM data_trace) GROUP BY process ORDER BY n DESC, process',
      )
      .raw(true)
      .all() as [string, number][];
    const all = file.prepare('SELECT count(*) FROM data_trace').pluck().get() as number;
    file.close();
    await expect
      .poll(() => count(page), { timeout: 30_000 })
      .toBe(`${want.length} ${want.length === 1 ? 'row' : 'rows'}`);
    const firstRow = page.locator('[data-testid="sql-grid"] .ag-row[row-index="0"] .ag-cell');
    await expect.poll(() => firstRow.allTextContents()).toEqual(['1', want[0][0], String(want[0][1])]);
    expect(new URL(page.url()).hash).toContain(encodeURIComponent('GROUP BY process').replace(/%20/g, '+'));

    await typeStatement(page, 'SELECT id, process, time FROM rows ORDER BY id');
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect.poll(() => count(page), { timeout: 30_000 }).toBe('500+ rows');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => count(page), { timeout: 30_000 }).toBe('1,000+ rows');
    expect(all).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
  });

  it('shows the query plan using the index, and a link reopens and runs the statement', async () => {
    const sql = [
      '-- Slowest calls of place_order in the last 24 h',
      'SELECT start_time, duration_ms, error, trace_id',
      'FROM calls',
      "WHERE process = 'orders.service.place_order'",
      '  AND start_ms > now_ms() - 24 * 3600 * 1000',
      'ORDER BY duration_ms DESC',
      'LIMIT 20',
    ].join('\n');
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/sql?q=${encodeURIComponent(sql)}`);
    await expect.poll(() => count(page), { timeout: 30_000 }).toMatch(/^\d+ rows?$/);
    await page.getByRole('button', { name: 'Query plan' }).click();
    expect(await page.getByTestId('sql-plan').textContent()).toMatch(/SEARCH c USING (COVERING )?INDEX calls_s_ts/);
    await screenshot(page, 'sql', 1500);

    // Completion knows the views' columns, through an alias too.
    await page.locator('[data-testid="sql-editor"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\nSELECT * FROM calls c WHERE c.');
    await page.keyboard.type('d');
    const rows = page.locator('.suggest-widget .monaco-list-row');
    await expect.poll(() => rows.allTextContents(), { timeout: 10_000 }).toContain('duration_mscalls');
    expect(errors).toEqual([]);
  });

  it('keeps every key typed while the page is busy, and a statement picked from history replaces the text', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/sql`);
    await typeStatement(page, 'SELECT 42 AS answer');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => count(page), { timeout: 30_000 }).toBe('1 row');

    // A busy main thread makes React's renders lag the keys, as a loaded laptop does.
    await page.evaluate(() => {
      setInterval(() => {
        const until = performance.now() + 8;
        while (performance.now() < until);
      }, 4);
    });
    const typed = 'SELECT process AS abcdefghijkl FROM calls';
    await typeStatement(page, '');
    await page.keyboard.type(typed);
    await page.keyboard.press('Escape');
    const text = () => page.locator('[data-testid="sql-editor"] .view-lines').innerText();
    await expect.poll(async () => (await text()).replace(/\u00a0/g, ' '), { timeout: 30_000 }).toBe(typed);

    await page.getByRole('button', { name: /SELECT 42 AS answer/ }).click();
    await expect
      .poll(async () => (await text()).replace(/\u00a0/g, ' '), { timeout: 30_000 })
      .toBe('SELECT 42 AS answer');
    expect(errors).toEqual([]);
  });

  it('says why a write is refused, points at a syntax error, and Cancel stops an endless statement', async () => {
    const { page } = await openPage(env.browser, `${env.app.url}#/sql`);
    // Digits typed in the editor are text, not the tab keys 1-5.
    await typeStatement(page, 'SELECT ');
    await page.keyboard.type('12345');
    expect(new URL(page.url()).hash).toMatch(/^#\/sql/);
    await typeStatement(page, 'DELETE FROM data_trace');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect
      .poll(() => page.getByTestId('sql-error').textContent(), { timeout: 30_000 })
      .toMatch(/^Refused: DELETE statements are refused/);

    await typeStatement(page, 'SELECT * FORM calls');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect
      .poll(() => page.getByTestId('sql-error').textContent(), { timeout: 30_000 })
      .toBe('Error: near "FORM": syntax error (line 1, column 10)');

    await page.locator('select').selectOption('60');
    await typeStatement(page, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c');
    await page.keyboard.press('ControlOrMeta+Enter');
    const cancel = page.getByRole('button', { name: 'Cancel' });
    await expect.poll(() => cancel.isEnabled(), { timeout: 30_000 }).toBe(true);
    await cancel.click();
    await expect.poll(() => page.getByTestId('sql-error').textContent(), { timeout: 15_000 }).toMatch(/^Cancelled: /);
  });
});
