// The shell in real Chromium against `serve` mode: it finds the database, switches tabs with
// keys 1–4, keeps the view in the URL hash, and loads nothing from outside the env.app.
import { describe, expect, it } from 'vitest';
import { appInBrowser, openPage } from './harness.ts';

describe('app shell (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 5_000 });

  it('shows the open file, switches tabs with keys 1-4 and keeps the view in the hash', async () => {
    const { page, errors } = await openPage(env.browser, env.app.url);
    await page.getByRole('tab', { name: 'Overview' }).waitFor();
    await expect.poll(() => page.locator('.header-file').textContent()).toContain('traces.db');
    await page.keyboard.press('2');
    await expect.poll(() => page.url()).toContain('#/explorer');
    expect(await page.getByRole('tab', { name: 'Trace Explorer' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: '24h' }).click();
    await expect.poll(() => page.url()).toContain('range=24h');
    await page.reload();
    expect(await page.getByRole('tab', { name: 'Trace Explorer' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('button', { name: '24h' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('4');
    await expect.poll(() => page.url()).toContain('#/alerts?range=24h');
    expect(errors).toEqual([]);
  });

  it('shows the engine error in the page when launched on a file that failed to open', async () => {
    const { page, errors } = await openPage(
      env.browser,
      `${env.app.url}&error=${encodeURIComponent('This file is not a SQLite database.')}&errorKind=not-sqlite&path=/tmp/notes.txt`,
    );
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This file is not a SQLite database.');
    expect(await page.getByRole('alert').textContent()).toContain('/tmp/notes.txt');
    expect(errors).toEqual([]);
  });
});
