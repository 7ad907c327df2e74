// A big trace's flame graph in real Chromium (serve mode): it loads the calls past the first page
// with its own button, repaints when zoomed, and hovering a call shows its duration and self time.
// Speed (60 fps while zooming a 10,000-call trace, long tasks) is measured by scripts/bench-ui.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Engine } from '../../db/engine/engine.ts';
import { startHttpServer, type RunningServer } from '../../main/serve/http-server.ts';
import { formatMs } from '../../renderer/format/figures.ts';
import { generateFlameDb } from '../../scripts/bench-flame-db.ts';
import { tempDir } from '../fixtures/trace-db.ts';
import { launchChromium, openPage, RENDERER_DIR } from './harness.ts';

describe('a big trace as a flame graph (Chromium, serve mode)', () => {
  let engine: Engine;
  let server: RunningServer;
  let browser: Browser;
  let db: string;
  let traceId: string;
  beforeAll(async () => {
    const dir = tempDir('ti-flame-');
    traceId = generateFlameDb(join(dir, 'big-trace.db'), 6_000);
    engine = new Engine({ dataDir: join(dir, 'data') });
    db = (await engine.invoke('open', { path: join(dir, 'big-trace.db') })).db;
    while ((await engine.invoke('info', { db })).state !== 'live') await new Promise((r) => setTimeout(r, 50));
    server = await startHttpServer(engine, { port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.shutdown();
  });

  it('loads the rest of the trace from the flame, repaints on zoom and shows a call on hover', async () => {
    const first = await engine.invoke('traceTree', { db, traceId });
    expect(first.moreCalls).toBeGreaterThan(0);
    const { page, errors } = await openPage(browser, `${server.appUrl}#/explorer?trace=${traceId}&range=all&live=0`);
    await page.locator('.waterfall .trace-id').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Flame', exact: true }).click();
    const canvas = page.getByTestId('trace-flame').locator('canvas');
    await expect.poll(() => canvas.getAttribute('aria-label')).toContain(`: ${first.nodes.length} calls`);
    const more = page.locator('.trace-flame-more');
    expect(await more.textContent()).toContain(`${first.moreCalls.toLocaleString('en-US')} more calls not loaded`);

    await more.getByRole('button', { name: 'Load more calls' }).click();
    await expect.poll(() => canvas.getAttribute('aria-label')).toContain(`: ${first.callCount} calls`);
    await more.waitFor({ state: 'detached' });

    // Zooming in with the keys draws a different picture on the same canvas.
    const pixels = () => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const before = await pixels();
    await canvas.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('+');
    await expect.poll(pixels).not.toBe(before);
    await page.keyboard.press('0');
    await expect.poll(pixels).toBe(before);

    // The root call spans the whole width at depth 0: hovering it shows its name and figures. (The
    // canvas is taller than its pane: scrolled so that its top row shows.)
    await canvas.evaluate((c) => c.scrollIntoView({ block: 'start' }));
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 9);
    const card = page.getByRole('tooltip');
    await expect.poll(() => card.locator('strong').textContent()).toBe(first.nodes[0].process);
    expect(await card.textContent()).toContain(`duration ${formatMs(first.nodes[0].durationMs)} · self `);
    expect(errors).toEqual([]);
  }, 90_000);

  // 1,500 bars in the DOM made opening such a trace a 264 ms task: the rows in view are drawn, and
  // scrolling (or the search's Enter) draws the others where they are.
  it("draws the waterfall's rows in view only, and each where it belongs when scrolled to", async () => {
    const first = await engine.invoke('traceTree', { db, traceId });
    const { page, errors } = await openPage(browser, `${server.appUrl}#/explorer?trace=${traceId}&range=all&live=0`);
    const list = page.locator('.waterfall .wf-list');
    // A page of bars at a time (1,500), as before.
    const bars = Math.min(first.nodes.length, 1500);
    await expect.poll(() => list.getAttribute('data-bars'), { timeout: 30_000 }).toBe(String(bars));
    const rendered = () => page.locator('.waterfall .wf-row').count();
    expect(first.nodes.length).toBeGreaterThan(1000);
    expect(await rendered()).toBeLessThan(100);
    expect(await rendered()).toBeGreaterThan(5);
    // The list is as tall as every bar: scrolled to the end, the last call shows, in its place.
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const lastName = first.nodes[bars - 1].process;
    const lastRow = page.locator(`.waterfall .wf-row[data-bar="${bars - 1}"]`);
    await expect.poll(() => lastRow.locator('.wf-name').textContent()).toBe(lastName);
    expect(await rendered()).toBeLessThan(100);
    const [rowBox, listBox] = [(await lastRow.boundingBox())!, (await list.boundingBox())!];
    expect(rowBox.y + rowBox.height).toBeLessThanOrEqual(listBox.y + listBox.height + 1);
    expect(rowBox.y).toBeGreaterThan(listBox.y);
    // The search's Enter scrolls its first match (the root, at the top) into view from the bottom,
    // drawn though it was not in the DOM.
    await page.getByLabel('Search in this trace').fill(first.nodes[0].process);
    await page.getByLabel('Search in this trace').press('Enter');
    await expect.poll(() => page.locator('.waterfall .wf-row.current').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);
});
