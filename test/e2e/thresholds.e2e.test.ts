// Stale thresholds edited where they are shown (Chromium, serve mode): "Ignore" on a stale
// variable of the Overview takes it off the list, for the engine too (the Explorer's marks read
// the same verdicts); "Default" brings it back.
import { describe, expect, it } from 'vitest';
import { appInBrowser, openPage } from './harness.ts';

const END = Math.floor(Date.now() / 60_000) * 60_000;

describe('stale thresholds (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 30_000, endTs: END });

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
    await env.app.engine.invoke('setStaleThreshold', {
      db: env.app.db,
      process: v.process,
      data: v.data,
      threshold: null,
    });
    await expect
      .poll(async () => (await env.app.engine.invoke('staleness', { db: env.app.db })).variables.map(key))
      .toContain(key(v));
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
});
