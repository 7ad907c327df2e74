// A row's variable over time in real Chromium: from the Explorer's row detail to #/timeline,
// which draws as many values as the engine holds for that variable in the range.
import { describe, expect, it } from 'vitest';
import { appInBrowser, openPage, screenshot } from './harness.ts';

const END = Math.floor(Date.now() / 60_000) * 60_000;

describe('variable timeline (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 30_000, endTs: END });

  it("opens a row's variable over time from the row detail", async () => {
    const page1 = await env.app.engine.invoke('traces', { db: env.app.db, limit: 200, range: { preset: 'all' } });
    const row = page1.rows.find((r) => r.data && r.dataType === 'int') ?? page1.rows.find((r) => r.data)!;
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all&row=${row.id}`);
    await page.getByRole('button', { name: 'Timeline' }).click();
    await page.waitForURL(/#\/timeline\?/);
    const panel = page.getByTestId('variable-timeline');
    await panel.locator('canvas.timeline-canvas').waitFor();
    const tl = await env.app.engine.invoke('variableTimeline', {
      db: env.app.db,
      process: row.process,
      data: row.data!,
      range: { preset: 'all' },
    });
    expect(tl.points.length).toBeGreaterThan(0);
    await expect.poll(() => panel.locator('canvas').getAttribute('aria-label')).toContain(`${tl.points.length} values`);
    await screenshot(page, 'timeline');
    expect(errors).toEqual([]);
  });
});
