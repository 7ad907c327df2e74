// The Code Inspector in real Chromium under the app's CSP: monaco (bundled, its worker too) shows
// the function's source at its line, the percentiles equal a reference computed in SQL on the
// file itself, the selector is keyboard-driven, and a missing source can be mapped from the page.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatMs } from '../../renderer/format/figures.ts';
import { tempDir } from '../fixtures/trace-db.ts';
import { appInBrowser, openPage, screenshot } from './harness.ts';

const END = Math.floor(Date.now() / 60_000) * 60_000;
const RANGE = { from: END - 6 * 3_600_000, to: END };

/** ISO text as the demo stores it (UTC, no zone): compares as text the way the engine compares ms (floored). */
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 23);

/** Nearest-rank p50/p95/p99 over the function's calls in [from, to), straight from data_trace. */
function referencePercentiles(dbPath: string, process: string, from: number, to: number) {
  const file = new Database(dbPath, { readonly: true });
  try {
    const calls = `WITH calls AS (SELECT min(timestamp) AS ts, max(duration_ms) AS dur FROM data_trace WHERE process = ? GROUP BY trace_id, span_id)`;
    const n = file
      .prepare(`${calls} SELECT count(*) FROM calls WHERE ts >= ? AND ts < ? AND dur IS NOT NULL`)
      .pluck()
      .get(process, iso(from), iso(to)) as number;
    const nth = file
      .prepare(
        `${calls} SELECT dur FROM calls WHERE ts >= ? AND ts < ? AND dur IS NOT NULL ORDER BY dur LIMIT 1 OFFSET ?`,
      )
      .pluck();
    const pct = (p: number) => nth.get(process, iso(from), iso(to), Math.floor((p * n + 99) / 100) - 1) as number;
    return { n, p50: pct(50), p95: pct(95), p99: pct(99) };
  } finally {
    file.close();
  }
}

async function editorShown(page: Page, line: number): Promise<void> {
  await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
  await page.locator('.source-line-highlight').first().waitFor();
  await expect.poll(() => page.locator('.monaco-editor .active-line-number').first().textContent()).toBe(String(line));
}

describe('Code Inspector tab (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 60_000, endTs: END });

  it("shows the function's source in monaco at its line, and p50/p95/p99 equal to SQL on the file", async () => {
    const fns = await env.app.engine.invoke('functions', { db: env.app.db });
    const fn = fns.find((f) => f.process === 'orders.service.place_order') ?? fns.find((f) => f.sourceFile)!;
    expect(fn.sourceLine).toBeGreaterThan(1);
    const { page, errors } = await openPage(
      env.browser,
      `${env.app.url}#/code?fn=${encodeURIComponent(fn.process)}&range=${RANGE.from}-${RANGE.to}`,
    );
    await editorShown(page, fn.sourceLine!);
    const shortName = fn.process.slice(fn.process.lastIndexOf('.') + 1);
    const highlighted = await page.evaluate(() => {
      // The highlighted line's text: the view line at the same height as the decoration.
      const deco = document.querySelector('.source-line-highlight')!.getBoundingClientRect();
      const line = [...document.querySelectorAll('.view-lines .view-line')].find(
        (l) => Math.abs(l.getBoundingClientRect().top - deco.top) < 2,
      );
      return line?.textContent?.replace(/\u00a0/g, ' ') ?? '';
    });
    expect(highlighted).toContain(`def ${shortName}(`);
    expect(await page.getByTestId('source-panel').locator('.panel-aside').textContent()).toBe('python');

    const ref = referencePercentiles(env.app.dbPath, fn.process, RANGE.from, RANGE.to);
    expect(ref.n).toBeGreaterThan(50);
    const stat = (k: string) => page.getByTestId('function-stats').locator(`.stat-${k}`);
    await stat('p50').waitFor();
    for (const [k, v] of [
      ['p50', ref.p50],
      ['p95', ref.p95],
      ['p99', ref.p99],
    ] as const) {
      expect([k, Number(await stat(k).getAttribute('data-value'))]).toEqual([k, v]);
      expect(await stat(k).textContent()).toBe(formatMs(v));
    }
    // The 24 h chart is drawn.
    expect(
      await page
        .getByTestId('function-history')
        .locator('canvas')
        .evaluate((c: HTMLCanvasElement) => c.width * c.height),
    ).toBeGreaterThan(10_000);
    // Monaco fades its scrollbars out a moment after revealing the line.
    await screenshot(page, 'code', 2000);
    expect(errors).toEqual([]);
  });

  it('picks a function from the keyboard with fuzzy matching and keeps it in the hash', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/code`);
    await expect.poll(() => page.url()).toContain('fn=');
    const input = page.getByRole('combobox', { name: 'Function' });
    await input.click();
    await input.fill('verifytok');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('auth.session.verify_token');
    await page.keyboard.press('Enter');
    await expect.poll(() => decodeURIComponent(page.url())).toContain('fn=auth.session.verify_token');
    expect(await input.inputValue()).toBe('auth.session.verify_token');
    const fns = await env.app.engine.invoke('functions', { db: env.app.db });
    await editorShown(page, fns.find((f) => f.process === 'auth.session.verify_token')!.sourceLine!);

    // Arrows move through the list; Escape closes it and restores the selection.
    await input.focus();
    await input.fill('stock');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('option', { selected: true }).count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('listbox').count()).toBe(0);
    expect(await input.inputValue()).toBe('auth.session.verify_token');
    expect(errors).toEqual([]);
  });

  it('says where a missing source was recorded and maps it to a local folder from the page', async () => {
    const empty = tempDir('ti-e2e-empty-');
    mkdirSync(join(empty, 'nothing-here'));
    // The recorded folder now points at an empty one: the source is "not on this machine".
    await env.app.engine.invoke('setSourceRoot', { db: env.app.db, from: env.app.sourceDir, to: empty });
    const fn = 'payments.gateway.charge';
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/code?fn=${fn}`);
    const missing = page.locator('.source-missing');
    await missing.waitFor();
    expect(await missing.getAttribute('data-kind')).toBe('not-found');
    const recorded = (await env.app.engine.invoke('functions', { db: env.app.db })).find(
      (f) => f.process === fn,
    )!.sourceFile!;
    expect(await missing.locator('.recorded-path').textContent()).toBe(recorded);
    await page.getByRole('button', { name: 'Set source root…' }).click();
    await page.getByLabel('Recorded prefix').fill(env.app.sourceDir);
    await page.getByLabel('Local folder').fill(env.app.sourceDir);
    await page.getByRole('button', { name: 'Map' }).click();
    await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
    expect(await page.locator('.source-missing').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
