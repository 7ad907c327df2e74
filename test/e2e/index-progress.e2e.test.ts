// A first index build in real Chromium: a bar with rows/s and time left in the header and on the
// Overview, moving with the `progress` events, gone when the index is built (issue 16).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Engine } from '../../db/engine/engine.ts';
import { startHttpServer, type RunningServer } from '../../main/serve/http-server.ts';
import { generateTraceDb } from '../../main/demo/generate.ts';
import { tempDir } from '../fixtures/trace-db.ts';
import { launchChromium, openPage, RENDERER_DIR, screenshot } from './harness.ts';

describe('index build progress (Chromium, serve mode)', () => {
  let engine: Engine;
  let server: RunningServer;
  let browser: Browser;
  let dbPath: string;

  beforeAll(async () => {
    const dir = tempDir('ti-e2e-progress-');
    dbPath = join(dir, 'big.db');
    generateTraceDb({ path: dbPath, rows: 300_000, sourceDir: join(dir, 'src') });
    // Small batches: the same build in more, smaller steps, so the page sees it move.
    engine = new Engine({ dataDir: join(dir, 'data'), batchRows: 500 });
    server = await startHttpServer(engine, { port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.shutdown();
  });

  it('shows the build moving with rows/s and time left, then goes away', async () => {
    // The page opens first; the build starts when the file is opened, as with `serve <file>`.
    const { page, errors } = await openPage(browser, `${server.appUrl}#/overview?range=all`);
    await page.getByRole('heading', { name: 'No database is open' }).waitFor();
    const info = await engine.invoke('open', { path: dbPath });
    await page.goto(`${server.appUrl}&db=${info.db}#/overview?range=all`);
    const bar = page.getByTestId('overview-index-progress').getByRole('progressbar');
    const headerBar = page.getByTestId('header-index-progress').getByRole('progressbar');
    await bar.waitFor();
    await headerBar.waitFor();
    // Watch it move: at least two different values short of 100 %, and a rate once measured.
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const v = await bar.getAttribute('aria-valuenow').catch(() => null);
          if (v !== null && Number(v) < 100) seen.add(v);
          return seen.size;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => bar.getAttribute('aria-valuetext').catch(() => ''), { timeout: 30_000, interval: 100 })
      .toMatch(/rows\/s · (about \d+ (s|min)|a few seconds) /);
    expect(await headerBar.getAttribute('aria-valuenow')).not.toBeNull();
    await screenshot(page, 'index-progress');
    // Done: both bars leave, the Overview counts every row.
    await page.getByTestId('overview-index-progress').waitFor({ state: 'detached', timeout: 120_000 });
    await page.getByTestId('header-index-progress').waitFor({ state: 'detached' });
    const built = await engine.invoke('info', { db: info.db });
    expect(built.index).toMatchObject({ building: false, indexedRows: built.index.totalRows });
    await expect
      .poll(() => page.getByTestId('overview').getAttribute('data-total-rows'), { timeout: 30_000 })
      .toBe(String(built.index.totalRows));
    expect(errors).toEqual([]);
  }, 240_000);
});
