// The Trace Explorer in real Chromium against `serve` mode on generated databases: the grid's
// rows against the engine's own answers (traces, traceCount, traceTree), filters in the hash,
// landing on a trace from a link, error jumps, live rows and the main thread under a fast writer.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appInBrowser, openPage, screenshot } from './harness.ts';

const ALL = { preset: 'all' } as const;
const COLUMNS = ['Process', 'Data', 'Data Type', 'Data Value', 'Timestamp', 'Status', 'Duration', 'Exception'];

/** Ids of the grid rows drawn now, top to bottom (ag-grid's row-id: `r<id>` list rows, `c<opened>-<id>` tree rows). */
function drawnRows(page: Page): Promise<{ key: string; index: number; classes: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.explorer-grid .ag-row[row-id]')]
      .map((el) => ({
        key: el.getAttribute('row-id') ?? '',
        index: Number(el.getAttribute('row-index')),
        classes: el.className,
      }))
      .filter((r) => r.key !== '')
      .sort((a, b) => a.index - b.index),
  );
}

async function shownCount(page: Page): Promise<number | null> {
  const t = await page
    .locator('[data-testid="match-count"] strong')
    .textContent({ timeout: 100 })
    .catch(() => null);
  return t === null ? null : Number(t.replace(/,/g, ''));
}

const listIds = async (page: Page) =>
  (await drawnRows(page)).filter((r) => r.key.startsWith('r')).map((r) => Number(r.key.slice(1)));

async function firstRowsShown(page: Page): Promise<void> {
  await page.locator('.explorer-grid .ag-row[row-id^="r"]').first().waitFor({ timeout: 20_000 });
}

describe('Trace Explorer (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 20_000 });

  it("shows the 7 columns with the engine's rows, newest first, and how many match", async () => {
    const t0 = Date.now();
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await firstRowsShown(page);
    const firstRowsMs = Date.now() - t0;
    console.log(`time to first rows: ${firstRowsMs} ms`);
    const headers = await page.locator('.explorer-grid .ag-header-cell-text').allTextContents();
    expect(headers).toEqual(COLUMNS);
    const expected = await env.app.engine.invoke('traces', { db: env.app.db, range: ALL, limit: 10 });
    await expect.poll(async () => (await listIds(page)).slice(0, 10)).toEqual(expected.rows.map((r) => r.id));
    const first = page.locator(`.ag-row[row-id="r${expected.rows[0].id}"]`);
    expect(await first.locator('[col-id="process"]').textContent()).toContain(expected.rows[0].process);
    expect(await first.locator('[col-id="data"]').textContent()).toBe(expected.rows[0].data ?? '');
    const { count } = await env.app.engine.invoke('traceCount', { db: env.app.db, range: ALL });
    await expect.poll(() => shownCount(page)).toBe(count);
    expect(await page.locator('[data-testid="match-count"]').textContent()).toMatch(/loaded/);
    expect(errors).toEqual([]);
  });

  it('filters by errors only, process group and a debounced search, each kept in the hash and counted as traceCount counts', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await firstRowsShown(page);

    await page.getByRole('button', { name: 'Errors only' }).click();
    await expect.poll(() => page.url()).toContain('errors=1');
    const errCount = (await env.app.engine.invoke('traceCount', { db: env.app.db, range: ALL, errorsOnly: true }))
      .count;
    await expect.poll(() => shownCount(page)).toBe(errCount);
    const errFirst = await env.app.engine.invoke('traces', { db: env.app.db, range: ALL, errorsOnly: true, limit: 5 });
    await expect.poll(async () => (await listIds(page)).slice(0, 5)).toEqual(errFirst.rows.map((r) => r.id));
    expect(await page.locator('.ag-row[row-id^="r"] [col-id="status"]').first().textContent()).toBe('ERROR');
    await page.getByRole('button', { name: 'Errors only' }).click();
    await expect.poll(() => page.url()).not.toContain('errors=1');

    const groups = (await env.app.engine.invoke('overview', { db: env.app.db, range: ALL })).groups;
    const group = groups.find((g) => g.group !== null && g.rows > 0)!.group!;
    await page.getByLabel('Process group').selectOption(group);
    await expect.poll(() => page.url()).toContain(`group=${encodeURIComponent(group)}`);
    const groupCount = (await env.app.engine.invoke('traceCount', { db: env.app.db, range: ALL, groups: [group] }))
      .count;
    await expect.poll(() => shownCount(page)).toBe(groupCount);
    const groupFirst = await env.app.engine.invoke('traces', { db: env.app.db, range: ALL, groups: [group], limit: 5 });
    await expect.poll(async () => (await listIds(page)).slice(0, 5)).toEqual(groupFirst.rows.map((r) => r.id));
    await page.getByLabel('Process group').selectOption('');

    const search = groupFirst.rows[0].process.split('.').slice(-1)[0];
    await page.getByLabel('Search process names').fill(search);
    expect(page.url()).not.toContain('q='); // debounced: not on every key
    await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent(search)}`);
    const searchCount = (await env.app.engine.invoke('traceCount', { db: env.app.db, range: ALL, search })).count;
    await expect.poll(() => shownCount(page)).toBe(searchCount);
    for (const p of await page.locator('.ag-row[row-id^="r"] .process-name').allTextContents())
      expect(p.toLowerCase()).toContain(search.toLowerCase());

    // A reload shows the same view.
    await page.reload();
    await expect.poll(() => shownCount(page)).toBe(searchCount);
    expect(await page.getByLabel('Search process names').inputValue()).toBe(search);

    // Nothing matches: say so, and offer the way out.
    await page.getByLabel('Search process names').fill('no such function anywhere');
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('empty-state').textContent()).toContain('No rows match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect
      .poll(() => shownCount(page))
      .toBe((await env.app.engine.invoke('traceCount', { db: env.app.db, range: ALL })).count);
    expect(errors).toEqual([]);
  });

  it("lands on #/explorer?group=… (the Overview's group links), the NULL group included", async () => {
    const groups = (await env.app.engine.invoke('overview', { db: env.app.db, range: ALL })).groups;
    for (const g of [
      groups.find((x) => x.group !== null)!.group,
      ...(groups.some((x) => x.group === null) ? [null] : []),
    ]) {
      const { page, errors } = await openPage(
        env.browser,
        `${env.app.url}#/explorer?range=all&group=${encodeURIComponent(g ?? '(none)')}`,
      );
      const { count } = await env.app.engine.invoke('traceCount', { db: env.app.db, range: ALL, groups: [g] });
      await expect.poll(() => shownCount(page)).toBe(count);
      expect(await page.getByLabel('Process group').inputValue()).toBe(g ?? '(none)');
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("expands a row in place to its trace's call tree, in traceTree order and indented by depth", async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await firstRowsShown(page);
    const top = await env.app.engine.invoke('traces', { db: env.app.db, range: ALL, limit: 1 });
    const opened = top.rows[0];
    const tree = await env.app.engine.invoke('traceTree', { db: env.app.db, traceId: opened.traceId! });
    const expected = tree.nodes
      .flatMap((n) => n.rows.map((r) => ({ id: r.id, depth: n.depth + 1 })))
      .filter((r) => r.id !== opened.id);
    await page.locator(`.ag-row[row-id="r${opened.id}"] .chevron`).click();
    await expect
      .poll(async () => (await drawnRows(page)).filter((r) => r.key.startsWith(`c${opened.id}-`)).length)
      .toBeGreaterThan(0);
    const drawn = (await drawnRows(page)).filter((r) => r.key.startsWith(`c${opened.id}-`));
    expect(drawn.map((r) => Number(r.key.split('-')[1]))).toEqual(expected.slice(0, drawn.length).map((r) => r.id));
    expect(drawn[0].index).toBe(1); // right under the opened row
    // Indentation follows the call depth.
    const pads = await page.evaluate(
      (id) =>
        [...document.querySelectorAll(`.ag-row[row-id^="c${id}-"] .cell-process`)].map((el) =>
          parseFloat((el as HTMLElement).style.paddingLeft),
        ),
      opened.id,
    );
    expect(new Set(pads).size).toBeGreaterThan(tree.nodes.some((n) => n.depth > 0) ? 1 : 0);
    expect(await page.locator(`.ag-row[row-id="r${opened.id}"] .chevron`).getAttribute('aria-expanded')).toBe('true');
    // The count of the list does not change: the tree is shown, not matched.
    const shown = await shownCount(page);
    await page.locator(`.ag-row[row-id="r${opened.id}"] .chevron`).click();
    await expect.poll(async () => (await drawnRows(page)).filter((r) => r.key.startsWith('c')).length).toBe(0);
    expect(await shownCount(page)).toBe(shown);
    expect(errors).toEqual([]);
  });

  it('lands on #/explorer?trace=…&row=… with that row selected, its trace expanded and scrolled into view', async () => {
    const errs = await env.app.engine.invoke('traces', { db: env.app.db, range: ALL, errorsOnly: true, limit: 300 });
    const target = errs.rows[errs.rows.length - 1]; // deep in the list: hundreds of rows down
    const { page, errors } = await openPage(
      env.browser,
      `${env.app.url}#/explorer?range=all&trace=${encodeURIComponent(target.traceId!)}&row=${target.id}`,
    );
    const row = page.locator(`.ag-row[row-id="r${target.id}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.getAttribute('class')).toContain('row-selected');
    await expect.poll(() => row.locator('.chevron').getAttribute('aria-expanded')).toBe('true');
    expect(await row.isVisible()).toBe(true);
    const box = await row.boundingBox();
    const grid = await page.locator('.explorer-grid').boundingBox();
    expect(box!.y).toBeGreaterThan(grid!.y);
    expect(box!.y + box!.height).toBeLessThan(grid!.y + grid!.height);
    await expect.poll(() => page.locator('.waterfall .trace-id').textContent()).toBe(target.traceId);
    await expect.poll(() => page.locator('.row-detail .pane-head').textContent()).toContain(`#${target.id}`);
    const tree = await env.app.engine.invoke('traceTree', { db: env.app.db, traceId: target.traceId! });
    expect(await page.locator('.waterfall .wf-list').getAttribute('data-bars')).toBe(
      String(Math.min(tree.nodes.length, 1500)),
    );
    await screenshot(page, 'explorer');
    // Search inside the trace.
    const needle = tree.nodes[tree.nodes.length - 1].process;
    await page.getByLabel('Search in this trace').fill(needle);
    await expect
      .poll(() => page.locator('.waterfall .wf-row.match').count())
      .toBe(
        tree.nodes.filter(
          (n) =>
            n.process.toLowerCase().includes(needle.toLowerCase()) ||
            n.rows.some((r) => `${r.data} ${r.dataValue} ${r.exception}`.toLowerCase().includes(needle.toLowerCase())),
        ).length,
      );
    expect(errors).toEqual([]);
  });

  it('jumps to the next and previous error with e and E', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await firstRowsShown(page);
    const errs = await env.app.engine.invoke('traces', { db: env.app.db, range: ALL, errorsOnly: true, limit: 3 });
    await page.locator('.explorer-grid').click({ position: { x: 5, y: 5 } }); // focus away from inputs
    await page.keyboard.press('e');
    await expect.poll(() => page.url()).toContain(`row=${errs.rows[0].id}`);
    await page.keyboard.press('e');
    await expect.poll(() => page.url()).toContain(`row=${errs.rows[1].id}`);
    await page.keyboard.press('e');
    await expect.poll(() => page.url()).toContain(`row=${errs.rows[2].id}`);
    const row = page.locator(`.ag-row[row-id="r${errs.rows[2].id}"]`);
    await row.waitFor();
    await expect.poll(() => row.getAttribute('class')).toContain('row-selected');
    expect(await row.locator('[col-id="status"]').textContent()).toBe('ERROR');
    await page.keyboard.press('Shift+E');
    await expect.poll(() => page.url()).toContain(`row=${errs.rows[1].id}`);
    // Not while typing.
    await page.getByLabel('Search process names').focus();
    await page.keyboard.press('e');
    // Key handlers run during the key's dispatch: one frame later the URL would already have moved.
    await page.evaluate(() => new Promise(requestAnimationFrame));
    expect(page.url()).toContain(`row=${errs.rows[1].id}`);
    expect(errors).toEqual([]);
  });

  it("shows a row's whole value and exception in the detail pane, copyable", async () => {
    // A 6,000-character value: the list carries 2,000 of it, the detail all of it.
    const file = new Database(env.app.dbPath);
    const long = `{"payload": "${'x'.repeat(5980)}"}`;
    const id = Number(
      file
        .prepare(
          `INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, exception, process_group, trace_id, span_id)
      SELECT process, 'payload', 'dict', ?, timestamp, 'ERROR', ?, process_group, trace_id, span_id FROM data_trace ORDER BY id DESC LIMIT 1`,
        )
        .run(
          long,
          `Traceback (most recent call last):\n${'  File "x.py", line 1, in f\n'.repeat(200)}ValueError: too long`,
        ).lastInsertRowid,
    );
    file.close();
    await expect
      .poll(async () => (await env.app.engine.call('row', { db: env.app.db, id })).ok, { timeout: 10_000 })
      .toBe(true);
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all&row=${id}`);
    const value = page.getByTestId('detail-value');
    await expect.poll(() => value.textContent(), { timeout: 20_000 }).toBe(long);
    expect((await page.getByTestId('detail-exception').textContent())!.endsWith('ValueError: too long')).toBe(true);
    expect(await value.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono|Menlo|Consolas/i);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.app.base });
    await page.getByRole('button', { name: 'Copy value' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Copy value' }).textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(long);
    // The list marks the error and says the value was cut.
    const row = page.locator(`.ag-row[row-id="r${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('row-error');
    expect(await row.locator('[col-id="exception"]').textContent()).toBe('ValueError: too long');
    expect(errors).toEqual([]);
  });

  it('marks stale values in the grid', async () => {
    const { variables } = await env.app.engine.invoke('staleness', { db: env.app.db });
    const v = variables.find((x) => x.stale && x.staleSinceTs !== null);
    expect(v).toBeDefined(); // the generated data always has stale runs (a poller's last_sync, a cached rate)
    if (!v) return;
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all&row=${v.lastId}`);
    const row = page.locator(`.ag-row[row-id="r${v.lastId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.locator('.stale-tag').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  // New marks redraw the cells whose mark changed, not every visible cell: a stale variable that
  // keeps repeating reloads the marks every 2 s, and whole-grid redraws were long tasks.
  it('redraws only the value cells whose stale mark changed when the marks reload', async () => {
    const { variables } = await env.app.engine.invoke('staleness', { db: env.app.db });
    const v = variables.find((x) => x.stale && x.staleSinceTs !== null)!;
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all&row=${v.lastId}`);
    const row = page.locator(`.ag-row[row-id="r${v.lastId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.locator('.stale-tag').count()).toBe(1);
    await page.waitForTimeout(500);
    // Tag what each drawn value cell holds now: a redrawn cell gets new children.
    const tagged = await page.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLElement>(
          '.explorer-grid .ag-row[row-id^="r"] [col-id="dataValue"] .cell-value',
        ),
      ].map((cell) => {
        const first: (Element & { probe?: boolean }) | null = cell.firstElementChild;
        if (first) first.probe = true;
        return { id: cell.closest('.ag-row')!.getAttribute('row-id')!, marked: !!cell.querySelector('.stale-tag') };
      }),
    );
    expect(tagged.filter((c) => !c.marked).length).toBeGreaterThan(5);
    // The variable is no longer stale: its marks go, through a `stale` event and a reload.
    await env.app.engine.invoke('setStaleThreshold', {
      db: env.app.db,
      process: v.process,
      data: v.data ?? '',
      threshold: v.runLength + 1000,
    });
    await expect.poll(() => row.locator('.stale-tag').count(), { timeout: 10_000 }).toBe(0);
    await page.waitForTimeout(300);
    const kept = await page.evaluate(
      (ids) => {
        const probeOf = (id: string) => {
          const cell = document.querySelector(`.ag-row[row-id="${id}"] [col-id="dataValue"] .cell-value`);
          return (cell?.firstElementChild as (Element & { probe?: boolean }) | null)?.probe === true;
        };
        return ids.map(probeOf);
      },
      tagged.filter((c) => !c.marked).map((c) => c.id),
    );
    expect(kept.every(Boolean)).toBe(true);
    await env.app.engine.invoke('setStaleThreshold', {
      db: env.app.db,
      process: v.process,
      data: v.data ?? '',
      threshold: null,
    });
    expect(errors).toEqual([]);
  });
});

/** The grid's vertical scroller (found by what it does, not by ag-grid's internal class names). */
async function scrollGrid(page: Page, to: 'middle' | 'top' | number): Promise<void> {
  await page.evaluate((where) => {
    const el = [...document.querySelectorAll<HTMLElement>('.explorer-grid *')].find(
      (e) => e.scrollHeight > e.clientHeight + 50 && /auto|scroll/.test(getComputedStyle(e).overflowY),
    );
    if (!el) throw new Error('no vertical scroller in the grid');
    el.scrollTop = where === 'middle' ? (el.scrollHeight - el.clientHeight) / 2 : where === 'top' ? 0 : where;
    el.dispatchEvent(new Event('scroll'));
  }, to);
}

describe('Trace Explorer live (Chromium, serve mode, a writer appending)', () => {
  const env = appInBrowser({ rows: 20_000 });

  // The main thread's long tasks and the heap during this tail are wall-clock figures measured by
  // `npm run bench` (scripts/bench-ui.ts); here, what the user sees while a writer appends.
  it('puts new rows on top while tailing, and counts them in a badge while scrolled away', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await firstRowsShown(page);
    const before = (await listIds(page))[0];
    const count0 = (await env.app.engine.invoke('traceCount', { db: env.app.db, range: ALL })).count;
    env.app.startWriter({ tracesPerSec: 100 });

    // Tailing at the top: new rows arrive on top.
    await expect.poll(async () => (await listIds(page))[0], { timeout: 15_000 }).toBeGreaterThan(before);

    // Scrolled away: the rows stay where they are and the badge counts what arrives.
    await scrollGrid(page, 24 * 60);
    await expect.poll(() => page.getByTestId('live-badge').isVisible(), { timeout: 10_000 }).toBe(true);
    const reading = await drawnRows(page);
    const badgeCount = async () => Number((await page.getByTestId('live-badge').textContent())!.replace(/[^\d]/g, ''));
    const badge0 = await badgeCount();
    await expect.poll(badgeCount, { timeout: 15_000 }).toBeGreaterThan(badge0 + 500);
    expect((await drawnRows(page)).slice(0, 10)).toEqual(reading.slice(0, 10));
    // The badge counts the rows that arrived since the user scrolled away, no more.
    const badge1 = await badgeCount();
    const count1 = (await env.app.engine.invoke('traceCount', { db: env.app.db, range: ALL })).count;
    expect(badge1).toBeLessThanOrEqual(count1 - count0);

    // The badge takes the user to the top, with the new rows shown.
    const topBefore = (await listIds(page))[0];
    await page.getByTestId('live-badge').click();
    await expect.poll(async () => (await drawnRows(page))[0]?.index).toBe(0);
    await expect.poll(async () => (await listIds(page))[0]).toBeGreaterThan(topBefore);
    expect(errors).toEqual([]);
  }, 90_000);
});

describe('Trace Explorer on a big database (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 250_000 }, 180_000);

  it('shows the rows of the middle of 250k rows when the scrollbar is dragged there, without walking to them', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await firstRowsShown(page);
    const { count } = await env.app.engine.invoke('traceCount', { db: env.app.db, range: ALL });
    expect(count).toBeGreaterThan(200_000);
    const t0 = Date.now();
    await scrollGrid(page, 'middle');
    await expect
      .poll(
        async () =>
          (await drawnRows(page)).filter((r) => Math.abs(r.index - count / 2) < 200 && r.key.startsWith('r')).length,
        { timeout: 15_000, interval: 20 },
      )
      .toBeGreaterThan(5);
    console.log(`scroll to the middle of ${count} rows: rows shown after ${Date.now() - t0} ms`);
    // Each drawn row is the one the engine has at that position.
    const drawn = (await drawnRows(page)).filter((r) => r.key.startsWith('r'));
    const first = drawn[0];
    const page1 = await env.app.engine.invoke('traces', {
      db: env.app.db,
      range: ALL,
      offset: first.index,
      limit: drawn.length,
    });
    expect(drawn.map((r) => Number(r.key.slice(1)))).toEqual(page1.rows.slice(0, drawn.length).map((r) => r.id));
    expect(errors).toEqual([]);
  }, 60_000);
});
