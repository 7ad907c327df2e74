// The printed address in real Chromium (issue 11): one navigation opens the app, the token leaves
// the address bar, the hash route survives the redirect, and a bookmark without the token shows
// how to get in instead of a blank app.
import { describe, expect, it } from 'vitest';
import { appInBrowser, openPage } from './harness.ts';

describe('serve mode sign-in (Chromium)', () => {
  const env = appInBrowser({ rows: 2_000 });

  it('opens the app from the printed address in one navigation, keeping the hash route', async () => {
    const { page, errors } = await openPage(env.browser, `${env.app.url}#/explorer?range=all`);
    await page.getByRole('tab', { name: 'Trace Explorer' }).waitFor();
    expect(page.url()).toBe(`${env.app.base}#/explorer?range=all`);
    expect(await page.getByRole('tab', { name: 'Trace Explorer' }).getAttribute('aria-selected')).toBe('true');
    // The cookie is HttpOnly: the page's scripts cannot read the token.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const [cookie] = await page.context().cookies(env.app.base);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // Live data arrives over the cookie: the API and the event stream both answer.
    await expect.poll(() => page.locator('.header-file').textContent()).toContain('traces.db');
    expect(errors).toEqual([]);
  });

  it('shows how to get in, not a blank app, on a bookmark without the token', async () => {
    const context = await env.browser.newContext();
    try {
      const page = await context.newPage();
      const res = await page.goto(`${env.app.base}#/overview`);
      expect(res?.status()).toBe(401);
      await expect.poll(() => page.locator('body').textContent()).toContain('printed in the terminal');
      expect(await page.locator('body').textContent()).toContain('--token-file');
      expect(await page.getByRole('tab').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
