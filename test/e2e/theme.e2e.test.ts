// The theme setting forces light or dark everywhere, against the system's choice: the CSS, and
// what cannot read CSS by itself: Monaco (the Code Inspector's source, the SQL console) and the
// canvases (uPlot charts, the latency histogram and heatmap, the flame graph). Chromium, serve mode,
// the browser told the system prefers the other theme.
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appInBrowser, openPage, screenshot } from './harness.ts';

const END = Math.floor(Date.now() / 60_000) * 60_000;

/** Relative luminance (0 black … 1 white) of a CSS colour: rgb(), rgba() or #rrggbb[aa] (as the build minifies). */
const luminance = (css: string) => {
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(css);
  const [r, g, b] = hex
    ? [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16) / 255)
    : (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((c) => Number(c) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** The background a canvas is seen on: its nearest ancestor's that is not transparent. */
function backdrop(page: Page, selector: string): Promise<string> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
      }
      return 'rgb(255, 255, 255)';
    });
}

/** Mean luminance of what a canvas drew (pixels at least half opaque): its lines, labels and marks. */
function ink(page: Page, selector: string): Promise<{ pixels: number; luminance: number }> {
  return page
    .locator(selector)
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] > 128) {
          n++;
          sum += (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]) / 255;
        }
      return { pixels: n, luminance: n ? sum / n : 0 };
    });
}

describe('forced theme (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 20_000, endTs: END });
  afterAll(async () => {
    await env.app?.engine.invoke('saveUserSettings', { settings: { theme: 'system' } });
  });

  async function look(theme: 'light' | 'dark') {
    await env.app.engine.invoke('saveUserSettings', { settings: { theme } });
    const fns = await env.app.engine.invoke('functions', { db: env.app.db });
    const fn = fns.find((f) => f.process === 'orders.service.place_order') ?? fns.find((f) => f.sourceFile)!;
    // The system says the other theme: only the setting can make the page what it is.
    const { page, errors } = await openPage(
      env.browser,
      `${env.app.url}#/code?fn=${encodeURIComponent(fn.process)}&range=all`,
      { colorScheme: theme === 'dark' ? 'light' : 'dark' },
    );
    await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
    await page.locator('.heatmap-canvas').waitFor();
    await expect
      .poll(() => ink(page, '[data-testid=function-history] canvas').then((i) => i.pixels))
      .toBeGreaterThan(100);
    await expect.poll(() => ink(page, '.latency-canvas').then((i) => i.pixels)).toBeGreaterThan(100);
    const seen = {
      dataTheme: await page.evaluate(() => document.documentElement.dataset.theme),
      chartGrid: await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--chart-grid').trim(),
      ),
      monacoClass: (await page.locator('.monaco-editor').first().getAttribute('class')) ?? '',
      monacoBg: luminance(await backdrop(page, '.monaco-editor .monaco-editor-background')),
      monacoText: luminance(
        await page
          .locator('.monaco-editor .view-line span span')
          .first()
          .evaluate((s) => getComputedStyle(s).color),
      ),
      historyInk: (await ink(page, '[data-testid=function-history] canvas')).luminance,
      historyBackdrop: luminance(await backdrop(page, '[data-testid=function-history] canvas')),
      histogramInk: (await ink(page, '.latency-canvas')).luminance,
      heatmapBackdrop: luminance(await backdrop(page, '.heatmap-canvas')),
      flameBackdrop: 0,
      sqlClass: '',
    };
    await screenshot(page, `theme-${theme}-code`);
    await page.getByRole('button', { name: 'Flame graph' }).click();
    await page.locator('.icicle-canvas').waitFor();
    seen.flameBackdrop = luminance(await backdrop(page, '.icicle-canvas'));
    await page.goto(`${env.app.url}#/sql`);
    await page.locator('.monaco-editor').first().waitFor({ timeout: 30_000 });
    seen.sqlClass = (await page.locator('.monaco-editor').first().getAttribute('class')) ?? '';
    await screenshot(page, `theme-${theme}-sql`);
    expect(errors).toEqual([]);
    await page.context().close();
    return seen;
  }

  it('draws Monaco and every canvas dark when the setting forces dark on a light system, and back', async () => {
    const dark = await look('dark');
    const light = await look('light');
    expect(dark.dataTheme).toBe('dark');
    // The chart grid (and the soft fills beside it in theme.css) follow the setting, not the system.
    expect(luminance(dark.chartGrid)).toBeGreaterThan(0.8);
    expect(luminance(light.chartGrid)).toBeLessThan(0.2);
    // Monaco: its dark base (token colours) and the app's dark panel behind it.
    expect(dark.monacoClass).toContain('vs-dark');
    expect(dark.sqlClass).toContain('vs-dark');
    expect(light.monacoClass).not.toContain('vs-dark');
    expect(light.sqlClass).not.toContain('vs-dark');
    expect(dark.monacoBg).toBeLessThan(0.2);
    expect(light.monacoBg).toBeGreaterThan(0.8);
    expect(dark.monacoText).toBeGreaterThan(light.monacoText);
    // Canvases: on a dark backdrop, drawn in the dark theme's lighter ink.
    for (const k of ['historyBackdrop', 'heatmapBackdrop', 'flameBackdrop'] as const) {
      expect([k, dark[k] < 0.2]).toEqual([k, true]);
      expect([k, light[k] > 0.8]).toEqual([k, true]);
    }
    expect(dark.historyInk).toBeGreaterThan(light.historyInk + 0.1);
    expect(dark.histogramInk).toBeGreaterThan(light.histogramInk + 0.1);
  });
});
