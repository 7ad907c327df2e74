// End-to-end harness: a generated trace database, the real engine and `serve` mode's HTTP server
// in this process, and Debian's Chromium driven by playwright-core (never a downloaded browser).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { Engine } from '../../db/engine/engine.ts';
import { startHttpServer, type RunningServer } from '../../main/serve/http-server.ts';
import { generateTraceDb } from '../../main/demo/generate.ts';
import { spawn } from 'node:child_process';
import { tempDir } from '../fixtures/trace-db.ts';
import { waitUntilLive } from '../fixtures/engine.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots');

export interface AppUnderTest {
  /**
   * The address `npm run serve` prints: http://127.0.0.1:<port>/?token=…. Append a hash route
   * (`${url}#/explorer?…`) or more query (`${url}&db=…`): the server trades the token for a cookie
   * and redirects to the same address without it, and the browser keeps the hash.
   */
  url: string;
  /** http://127.0.0.1:<port>/, without the token: what a bookmark holds. */
  base: string;
  dbPath: string;
  sourceDir: string;
  db: string;
  engine: Engine;
  server: RunningServer;
  /** Starts the demo writer in its own process, as the user's app would be (stopped by close()). */
  startWriter(opts?: { tracesPerSec?: number }): void;
  close(): Promise<void>;
}

/** A generated database (deterministic: seed, end time) served exactly as `npm run serve` does. */
export async function startApp(opts: { rows?: number; seed?: number; endTs?: number } = {}): Promise<AppUnderTest> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error('dist/renderer is missing: run `npm run build` first (npm test does).');
  const dir = tempDir('ti-e2e-');
  const dbPath = join(dir, 'traces.db');
  const sourceDir = join(dir, 'src');
  generateTraceDb({ path: dbPath, rows: opts.rows ?? 20_000, seed: opts.seed, endTs: opts.endTs, sourceDir });
  const engine = new Engine({ dataDir: join(dir, 'data') });
  const info = await engine.invoke('open', { path: dbPath });
  await waitUntilLive(engine, info.db, 60_000);
  const server = await startHttpServer(engine, { port: 0, staticDir: RENDERER_DIR });
  let stopWriter: (() => Promise<void> | void) | null = null;
  return {
    url: server.appUrl,
    base: server.url,
    dbPath,
    sourceDir,
    db: info.db,
    engine,
    server,
    startWriter({ tracesPerSec = 20 } = {}) {
      const w = spawn(
        process.execPath,
        [
          join(ROOT, 'main', 'demo', 'live-writer.ts'),
          '--db',
          dbPath,
          '--source-dir',
          sourceDir,
          '--rate',
          String(tracesPerSec),
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      stopWriter = () =>
        new Promise<void>((done) => (w.exitCode !== null ? done() : (w.once('exit', () => done()), w.kill('SIGTERM'))));
    },
    async close() {
      await stopWriter?.();
      await server.close();
      await engine.shutdown();
    },
  };
}

/**
 * The usual setup of a describe block: a served database and a browser for all its tests
 * (started in beforeAll, closed in afterAll). Read them as `env.app` and `env.browser`.
 */
export function appInBrowser(
  opts: Parameters<typeof startApp>[0] = {},
  setupTimeoutMs = 120_000,
): { readonly app: AppUnderTest; readonly browser: Browser } {
  const env = {} as { app: AppUnderTest; browser: Browser };
  beforeAll(async () => {
    env.app = await startApp(opts);
    env.browser = await launchChromium();
  }, setupTimeoutMs);
  afterAll(async () => {
    await env.browser?.close();
    await env.app?.close();
  });
  return env;
}

export async function launchChromium(): Promise<Browser> {
  // Under libfaketime Chromium keeps the real clock (faked, its threads spin): openPage hands the
  // page this process's time instead.
  const { LD_PRELOAD, FAKETIME, ...env } = process.env;
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ...(FAKETIME !== undefined || LD_PRELOAD !== undefined ? { env } : {}),
  });
}

/** Runs in the page: Date (now and new Date()) moved by offsetMs, everything else untouched. */
function shiftPageClock(offsetMs: number): void {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: [] | ConstructorParameters<DateConstructor>) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...args);
    }
    static now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}

/** A 1440×900 page that fails the test on any uncaught error or console error. */
export async function openPage(
  browser: Browser,
  url: string,
  opts: { colorScheme?: 'light' | 'dark'; timezoneId?: string; permissions?: string[] } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
  });
  if (opts.permissions) await context.grantPermissions(opts.permissions, { origin: new URL(url).origin });
  // Under libfaketime (the suite is run at several times of day, FAKETIME="+/-seconds":
  // CONTRIBUTING.md) Chromium runs on the real clock (launchChromium) and the page's Date is
  // shifted by the same offset, so the page and the engine agree on "now" as on a real machine.
  const fakeOffset = /^[+-]?\d+$/.test(process.env.FAKETIME ?? '') ? Number(process.env.FAKETIME) * 1000 : 0;
  if (fakeOffset) await context.addInitScript(shiftPageClock, fakeOffset);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  // Offline by construction: any request that leaves the app's own origin is a bug.
  const origin = new URL(url).origin;
  await page.route('**/*', (route) =>
    route.request().url().startsWith(origin) ||
    route.request().url().startsWith('data:') ||
    route.request().url().startsWith('blob:')
      ? route.continue()
      : (errors.push(`external request: ${route.request().url()}`), route.abort()),
  );
  await page.goto(url);
  return { page, errors };
}

/**
 * Saves a screenshot: into docs/screenshots/ when UPDATE_SCREENSHOTS=1 (`npm run screenshots`),
 * otherwise into a temp folder, so a plain test run never rewrites tracked files. `settleMs` lets
 * fades and scrollbars finish for the docs' pictures only: a test run never sleeps for looks.
 */
export async function screenshot(page: Page, name: string, settleMs = 0): Promise<string> {
  const updating = process.env.UPDATE_SCREENSHOTS === '1';
  if (updating && settleMs > 0) await page.waitForTimeout(settleMs);
  const dir = updating ? SCREENSHOT_DIR : tempDir('ti-shots-');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
