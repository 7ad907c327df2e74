// The shape views in real Chromium (serve mode, the demo database): a function's latency
// histogram lists exactly the calls of a bar, its flame graph lists a frame's calls, a trace opens
// as a flame graph, two traces compare, and the Errors tab groups failing calls and opens their
// traces. Expectations come from the engine's answers on the same file, not from the clock.
import { describe, expect, it } from 'vitest';
import { appInBrowser, openPage, screenshot } from './harness.ts';

const END = Math.floor(Date.now() / 60_000) * 60_000;
const RANGE = `${END - 12 * 3_600_000}-${END}`;

describe('shape views (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 40_000, endTs: END });

  it("lists a latency bar's calls and a flame frame's calls in the Code Inspector", async () => {
    const fn = 'orders.service.place_order';
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/code?fn=${fn}&range=${RANGE}`);
    const panel = page.getByTestId('function-shape');
    const hist = panel.locator('canvas.latency-canvas');
    await hist.waitFor();
    const dist = await env.app.engine.invoke('functionLatency', {
      db: env.app.db,
      process: fn,
      range: { from: END - 12 * 3_600_000, to: END },
    });
    const tallest = dist.counts.indexOf(Math.max(...dist.counts));
    const box = (await hist.boundingBox())!;
    await page.mouse.click(box.x + ((tallest + 0.5) / dist.counts.length) * box.width, box.y + box.height / 2);
    await expect
      .poll(() => page.getByTestId('shape-calls').locator('.muted').first().textContent())
      .toContain(`${dist.counts[tallest].toLocaleString('en-US')} calls`);
    await screenshot(page, 'code-latency');

    await panel.getByRole('button', { name: 'Flame graph' }).click();
    const flame = panel.locator('canvas.icicle-canvas');
    await flame.waitFor();
    const graph = await env.app.engine.invoke('flameGraph', {
      db: env.app.db,
      process: fn,
      range: { from: END - 12 * 3_600_000, to: END },
    });
    const fb = (await flame.boundingBox())!;
    await page.mouse.click(fb.x + 5, fb.y + 9); // the root frame, at depth 0
    await expect
      .poll(() => page.getByTestId('shape-calls').locator('.muted').first().textContent())
      .toContain(`${graph.frames[0].calls.toLocaleString('en-US')} calls`);
    await screenshot(page, 'code-flame');
    expect(errors).toEqual([]);
  });

  it('shows a trace as a flame graph and compares it with a typical call', async () => {
    const rows = await env.app.engine.invoke('traces', { db: env.app.db, limit: 50, search: 'create_order' });
    const traceId = rows.rows.find((r) => r.traceId)!.traceId!;
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?trace=${traceId}&range=all`);
    await page.getByRole('button', { name: 'Flame', exact: true }).click();
    await page.getByTestId('trace-flame').locator('canvas').waitFor();
    await page.getByRole('button', { name: 'Compare…' }).click();
    await page.getByRole('button', { name: /with a typical/ }).click();
    await page.waitForURL(/#\/compare\?.*a=.*&b=/);
    const table = page.locator('.compare-table tbody tr');
    await expect.poll(() => table.count()).toBeGreaterThan(1);
    expect(await table.first().locator('td').first().textContent()).toBe('orders.api.create_order');
    await screenshot(page, 'compare');
    expect(errors).toEqual([]);
  });

  it("groups failing calls by cause and opens a group's trace in the Explorer", async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/errors?range=all`);
    const groups = await env.app.engine.invoke('errorGroups', { db: env.app.db, range: { preset: 'all' } });
    const list = page.getByTestId('error-groups').locator('.err-group');
    await expect.poll(() => list.count()).toBe(Math.min(100, groups.groups.length));
    expect(await list.first().locator('.err-count').textContent()).toBe(groups.groups[0].count.toLocaleString('en-US'));
    await list.nth(1).click();
    const detail = page.getByTestId('error-group-detail');
    await expect.poll(() => detail.locator('h3').textContent()).toBe(groups.groups[1].type);
    await screenshot(page, 'errors');
    await detail.locator('.err-traces a').first().click();
    await page.waitForURL(/#\/explorer\?.*trace=/);
    expect(errors).toEqual([]);
  });
});
