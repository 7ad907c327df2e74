// The renderer over the desktop transport, in real Chromium: a stand-in for the preload's
// `window.inspector` (same shape: one function per operation of the table, `on` returning its stop
// function) is installed before the page loads, backed here by serve mode's HTTP API. The app must
// pick the bridge over HTTP, open the database named in `?db=`, and receive live events through
// `on`, exactly as under Electron.
import { describe, expect, it } from 'vitest';
import { operations } from '../../db/api/operations.ts';
import { appInBrowser, openPage } from './harness.ts';

/** Runs in the page before the app: what preload/bridge.ts exposes, over fetch and EventSource. */
function installBridge(names: string[]) {
  const calls: string[] = [];
  const subscriptions: string[] = [];
  const bridge: Record<string, unknown> = {};
  for (const name of names) {
    bridge[name] = async (input: unknown) => {
      calls.push(name);
      const res = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-via-bridge': '1' },
        body: JSON.stringify(input ?? {}),
      });
      return res.json();
    };
  }
  bridge.on = (event: string, db: string, listener: (p: unknown) => void) => {
    subscriptions.push(`${event}:${db}`);
    const source = new EventSource(`/api/events?db=${encodeURIComponent(db)}`);
    source.addEventListener(event, (e) => listener(JSON.parse(e.data)));
    return () => source.close();
  };
  (window as unknown as Record<string, unknown>).inspector = Object.freeze(bridge);
  (window as unknown as Record<string, unknown>).__bridgeLog = { calls, subscriptions };
}

describe('renderer over the desktop bridge (Chromium)', () => {
  const env = appInBrowser({ rows: 5_000 });

  it('uses window.inspector for every call and subscription, and shows live data', async () => {
    const { page, errors } = await openPage(env.browser, env.app.url);
    const direct: string[] = [];
    // Requests of the page opened with ?db= (the first load, before the bridge, used HTTP on purpose).
    page.on(
      'request',
      (r) =>
        r.method() === 'POST' &&
        r.url().includes('/api/') &&
        r.frame().url().includes('?db=') &&
        !r.headers()['x-via-bridge'] &&
        direct.push(r.url()),
    );
    await page.addInitScript(installBridge, Object.keys(operations));
    await page.goto(`${env.app.url}&db=${env.app.db}#/overview?range=all`);
    await page
      .locator('[data-testid="overview"][data-total-rows]:not([data-total-rows=""])')
      .waitFor({ timeout: 20_000 });
    env.app.startWriter({ tracesPerSec: 20 });
    await expect
      .poll(
        () =>
          page.evaluate(
            () => (window as unknown as { __bridgeLog: { subscriptions: string[] } }).__bridgeLog.subscriptions,
          ),
        { timeout: 10_000 },
      )
      .toContain(`rows:${env.app.db}`);
    const log = await page.evaluate(() => (window as unknown as { __bridgeLog: { calls: string[] } }).__bridgeLog);
    expect(log.calls).toEqual(expect.arrayContaining(['databases', 'info', 'overview']));
    // The header shows the file the desktop shell named, and nothing went through the HTTP client.
    await expect.poll(() => page.locator('.header-file').textContent()).toContain('traces.db');
    expect(direct).toEqual([]);
    expect(errors).toEqual([]);
  });
});
