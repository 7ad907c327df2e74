// Issue 13 in Chromium against serve mode: filters on every column kept in the URL, a contains
// search that streams with "rows searched", slowest first from the Duration header, a Code
// Inspector slow call opening its trace in the Explorer and back, a process opening the Code
// Inspector, and the go-to box (Ctrl+K). Every expectation comes from the engine's own answers.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appInBrowser, openPage, screenshot } from './harness.ts';

const ALL = { preset: 'all' } as const;

function drawnListIds(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.explorer-grid .ag-row[row-id^="r"]')]
      .map((el) => ({
        id: Number((el.getAttribute('row-id') ?? '').slice(1)),
        index: Number(el.getAttribute('row-index')),
      }))
      .sort((a, b) => a.index - b.index)
      .map((r) => r.id),
  );
}

async function firstRowsShown(page: Page): Promise<void> {
  await page.locator('.explorer-grid .ag-row[row-id^="r"]').first().waitFor({ timeout: 30_000 });
}

const countText = (page: Page) => page.locator('[data-testid="match-count"]').textContent();

describe('Explorer filters and links between tabs (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 20_000 });

  it("filters by variable, status and duration from the URL, with the engine's rows and exact count", async () => {
    const { db, engine } = env.app;
    const slow = await engine.invoke('traces', { db, range: ALL, order: 'slowest', limit: 400 });
    const dmin = Math.floor(slow.rows[slow.rows.length - 1].callDurationMs ?? 1);
    const data = slow.rows.find((r) => r.data && r.status === 'OK')!.data!;
    const filter = { data, status: 'OK' as const, minDurationMs: dmin };
    const want = await engine.invoke('traces', { db, range: ALL, ...filter, limit: 10 });
    const { count } = await engine.invoke('traceCount', { db, range: ALL, ...filter });
    expect(want.rows.length).toBeGreaterThan(0);
    const { page, errors } = await openPage(
      env.browser,
      `${env.app.url}#/explorer?range=all&data=${encodeURIComponent(data)}&status=ok&dmin=${dmin}`,
    );
    await firstRowsShown(page);
    await expect.poll(async () => (await drawnListIds(page)).slice(0, 10)).toEqual(want.rows.map((r) => r.id));
    await expect.poll(() => countText(page)).toContain(`${count.toLocaleString('en-US')} row`);
    expect(await page.getByLabel('Variable name').inputValue()).toBe(data);
    expect(await page.getByLabel('Duration at least (ms)').inputValue()).toBe(String(dmin));
    await screenshot(page, 'explorer-filters');
    // Changing a filter in the bar goes to the URL and re-queries.
    await page.getByLabel('Status').selectOption('ERROR');
    await expect.poll(() => page.url()).toContain('status=error');
    const errWant = await engine.invoke('traces', { db, range: ALL, ...filter, status: 'ERROR', limit: 5 });
    if (errWant.rows.length)
      await expect.poll(async () => (await drawnListIds(page)).slice(0, 5)).toEqual(errWant.rows.map((r) => r.id));
    else await page.getByTestId('empty-state').waitFor();
    expect(errors).toEqual([]);
  });

  it('searches values in the file, says how many rows it read, and lists what the engine finds', async () => {
    const { db, engine } = env.app;
    // The bar trims what is typed, so the needle has no space at either end ("bad " was one).
    const sample = (await engine.invoke('traces', { db, range: ALL, limit: 50 })).rows.find((r) =>
      /^\S..\S/.test(r.dataValue ?? ''),
    )!;
    const needle = sample.dataValue!.slice(0, 4);
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await firstRowsShown(page);
    await page.getByLabel('Value contains').fill(needle);
    await expect.poll(() => page.url()).toContain(`vq=${encodeURIComponent(needle).replace(/%20/g, '+')}`);
    await expect.poll(() => page.getByTestId('rows-searched').textContent()).toMatch(/[\d,]+ rows searched/);
    const want: number[] = [];
    let cursor: string | undefined;
    while (want.length < 10) {
      const p = await engine.invoke('traces', {
        db,
        range: ALL,
        valueContains: needle,
        limit: 10 - want.length,
        ...(cursor ? { cursor } : {}),
      });
      want.push(...p.rows.map((r) => r.id));
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    await expect.poll(async () => (await drawnListIds(page)).slice(0, want.length)).toEqual(want);
    expect(await countText(page)).toMatch(/row/);
    await screenshot(page, 'explorer-contains');
    expect(errors).toEqual([]);
  });

  it('sorts slowest first from the Duration header, over the whole filter', async () => {
    const { db, engine } = env.app;
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all&errors=1`);
    await firstRowsShown(page);
    await page.locator('.ag-header-cell[col-id="duration"]').click();
    await expect.poll(() => page.url()).toContain('sort=slowest');
    const want = await engine.invoke('traces', { db, range: ALL, errorsOnly: true, order: 'slowest', limit: 10 });
    await expect.poll(async () => (await drawnListIds(page)).slice(0, 10)).toEqual(want.rows.map((r) => r.id));
    expect(await page.getByLabel('Order', { exact: true }).inputValue()).toBe('slowest');
    await screenshot(page, 'explorer-slowest');
    await page.locator('.ag-header-cell[col-id="duration"]').click();
    await expect.poll(() => page.url()).not.toContain('sort=slowest');
    expect(errors).toEqual([]);
  });

  it('opens a slow call from the Code Inspector in the Explorer, expanded and selected, and comes back', async () => {
    const { db, engine } = env.app;
    const fn = (await engine.invoke('functions', { db }))[0].process;
    const calls = await engine.invoke('functionCalls', { db, process: fn, range: ALL, kind: 'slowest' });
    const first = calls.find((c) => c.traceId && c.rowId !== null)!;
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/code?fn=${encodeURIComponent(fn)}&range=all`);
    const panel = page.getByTestId('function-calls');
    await panel.locator('.ag-row').first().waitFor({ timeout: 30_000 });
    // ag-grid draws the rows over a few frames: the first row drawn is not yet all of them.
    await expect.poll(() => panel.locator('.ag-row').count()).toBe(calls.length);
    await panel.scrollIntoViewIfNeeded(); // below the Shape panel: the side column scrolls
    await screenshot(page, 'code-slowest-calls');
    await panel
      .locator('.ag-row')
      .nth(calls.indexOf(first))
      .getByRole('button', { name: /Open the call/ })
      .click();
    await expect.poll(() => page.url()).toContain('#/explorer');
    expect(page.url()).toContain(`trace=${first.traceId}`);
    await page.locator(`.ag-row.row-selected`).first().waitFor({ timeout: 30_000 });
    await page.locator('.ag-row.row-expanded').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.row-detail .pane-head').textContent()).toContain(`#${first.rowId}`);
    await page.goBack();
    await expect.poll(() => page.url()).toContain('#/code');
    await panel.locator('.ag-row').first().waitFor();
    expect(errors).toEqual([]);
  });

  it("opens the Code Inspector from a row's process, and a trace from the row detail", async () => {
    const { db, engine } = env.app;
    const top = (await engine.invoke('traces', { db, range: ALL, limit: 1 })).rows[0];
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await firstRowsShown(page);
    const row = page.locator(`.ag-row[row-id="r${top.id}"]`);
    await row.hover();
    await row.getByRole('button', { name: `Open ${top.process} in the Code Inspector` }).click();
    await expect.poll(() => page.url()).toContain(`#/code?`);
    expect(decodeURIComponent(page.url())).toContain(`fn=${top.process}`);
    await page.goBack();
    await firstRowsShown(page);
    await page.locator(`.ag-row[row-id="r${top.id}"] [col-id="data"]`).click();
    await page.locator('.row-detail').getByRole('button', { name: top.traceId! }).click();
    await expect.poll(() => page.url()).toContain(`tid=${top.traceId}`);
    const want = await engine.invoke('traces', { db, range: ALL, traceId: top.traceId!, limit: 50 });
    await expect
      .poll(async () => (await drawnListIds(page)).slice(0, want.rows.length))
      .toEqual(want.rows.map((r) => r.id));
    expect(errors).toEqual([]);
  });

  it('goes to a function, a variable and a trace with Ctrl+K from any tab', async () => {
    const { db, engine } = env.app;
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/overview?range=all`);
    await page.locator('.header-file .state-dot').waitFor(); // the database is open: the box has one to search
    await page.keyboard.press('Control+k');
    const box = page.getByRole('dialog', { name: 'Go to' });
    await box.waitFor();
    const fn = (await engine.invoke('functions', { db }))[0].process;
    const query = fn
      .split('.')
      .map((s) => s.slice(0, 3))
      .join('');
    const hits = await engine.invoke('goTo', { db, query });
    await page.getByRole('combobox', { name: 'Go to' }).fill(query);
    await expect.poll(() => box.getByRole('option').first().textContent()).toContain(hits[0].value);
    await screenshot(page, 'goto-box');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('#/code');
    expect(decodeURIComponent(page.url())).toContain(`fn=${hits[0].value}`);
    // From the Code Inspector (its editor takes many keys): a trace by the start of its id.
    const traceId = (await engine.invoke('traces', { db, range: ALL, limit: 1 })).rows[0].traceId!;
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Go to' }).fill(traceId.slice(0, 10));
    await expect.poll(() => box.getByRole('option').first().textContent()).toContain('Trace');
    await box.getByRole('option').filter({ hasText: traceId }).click();
    await expect.poll(() => page.url()).toContain(`tid=${traceId}`);
    await firstRowsShown(page);
    expect(errors).toEqual([]);
  }, 60_000);
});
