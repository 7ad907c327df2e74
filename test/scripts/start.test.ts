// `npm start` for real, as a process: where Electron cannot start it says so in one sentence and
// serves the app for a browser instead; where it can, it hands Electron the file and waits.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTraceDb, sampleRows, tempDir } from '../fixtures/trace-db.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const START = join(ROOT, 'scripts', 'start-main.ts');
const FALLBACK =
  /The desktop window cannot start here \((.+)\), so Trace Inspector runs in serve mode for your browser instead\./;

interface Run {
  code: number | null;
  out: string;
  url: string | null;
  /** What the served API answered for `databases` before the process was stopped. */
  served: { path: string }[] | null;
  /** The process's environment as the kernel has it, read before it was stopped. */
  environ: string[];
}

/** Runs `node scripts/start-main.ts` (what `npm start` runs) until `stopAt` shows, then SIGTERM. */
function start(args: string[], env: Record<string, string | undefined>, stopAt: RegExp): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [START, ...args], {
      cwd: ROOT,
      env: { ...process.env, MALLOC_ARENA_MAX: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let served: Run['served'] = null;
    let environ: string[] = [];
    let stopping = false;
    const onData = async (d: Buffer) => {
      out += d.toString();
      if (stopping || !stopAt.test(out)) return;
      stopping = true;
      const printed = /Open (http:\/\/127\.0\.0\.1:\d+\/\S*) in a browser/.exec(out)?.[1];
      if (printed) {
        // What one click on the printed address gives a browser: a cookie, then the API answers it.
        const link = await fetch(printed, { redirect: 'manual' });
        const cookie = (link.headers.get('set-cookie') ?? '').split(';')[0];
        const res = await fetch(new URL('/api/databases', printed), {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: '{}',
        });
        served = ((await res.json()) as { value: { path: string }[] }).value;
      }
      environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      child.kill('SIGTERM');
    };
    child.stdout.on('data', (d: Buffer) => void onData(d));
    child.stderr.on('data', (d: Buffer) => void onData(d));
    child.on('exit', (code) =>
      done({ code, out, url: /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] ?? null, served, environ }),
    );
  });
}

function fakeElectron(script: string): string {
  const dir = tempDir('ti-fake-electron-');
  const bin = join(dir, 'electron');
  writeFileSync(bin, `#!/bin/sh\n${script}\n`);
  chmodSync(bin, 0o755);
  return dir;
}

describe('npm start', () => {
  const dir = tempDir('ti-start-');
  const db = createTraceDb({ dir, rows: sampleRows(20) });
  const common = [db, '--port', '0', '--data-dir', join(dir, 'data')];
  const env = { DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: undefined };
  const binaryInstalled = existsSync(join(ROOT, 'node_modules', 'electron', 'path.txt'));

  it.skipIf(binaryInstalled)(
    "falls back to serve mode when Electron's binary is absent (and cannot be downloaded)",
    async () => {
      const run = await start(common, env, /Ctrl-C stops/);
      expect(run.out).toMatch(FALLBACK);
      expect(FALLBACK.exec(run.out)![1]).toBe("Electron's binary is not installed and could not be downloaded");
      expect(run.out.match(FALLBACK)).toHaveLength(2); // one sentence: the whole match and its group, once
      expect(run.url).not.toBeNull();
      expect(run.served?.map((d) => d.path)).toEqual([db]);
      expect(run.code).toBe(0);
    },
  );

  it('falls back to serve mode when there is no display', async () => {
    const run = await start(common, { DISPLAY: undefined, WAYLAND_DISPLAY: undefined }, /Ctrl-C stops/);
    expect(FALLBACK.exec(run.out)?.[1]).toBe('there is no display to open a window on');
    expect(run.served?.map((d) => d.path)).toEqual([db]);
    // Serve mode runs in this process, restarted under two malloc arenas (main/serve/malloc-arenas.ts).
    if (process.platform === 'linux') expect(run.environ).toContain('MALLOC_ARENA_MAX=2');
  });

  it('falls back to serve mode when Electron dies before its window opens, saying why', async () => {
    const fake = fakeElectron('echo "error while loading shared libraries: libnss3.so" >&2; exit 127');
    const run = await start(common, { DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: fake }, /Ctrl-C stops/);
    expect(FALLBACK.exec(run.out)?.[1]).toBe(
      'Electron exited before its window opened (exit code 127: error while loading shared libraries: libnss3.so)',
    );
    expect(run.served?.map((d) => d.path)).toEqual([db]);
  });

  it('hands Electron the app folder, the file and the data folder, and waits for it', async () => {
    const fake = fakeElectron(
      `printf '%s\\n' "$@" > "$(dirname "$0")/argv"\nprintf '%s' "$MALLOC_ARENA_MAX" > "$(dirname "$0")/arenas"\necho "trace-inspector: desktop ready"\necho "window open"\ntrap 'exit 0' TERM\nwhile true; do sleep 0.05; done`,
    );
    const run = await start(common, { DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: fake }, /window open/);
    expect(run.out).not.toMatch(FALLBACK);
    expect(run.out).not.toContain('trace-inspector: desktop ready');
    expect(readFileSync(join(fake, 'argv'), 'utf8').trim().split('\n')).toEqual([
      ROOT,
      db,
      '--data-dir',
      join(dir, 'data'),
    ]);
    if (process.platform === 'linux') expect(readFileSync(join(fake, 'arenas'), 'utf8')).toBe('2');
    expect(run.code).toBe(0);
  });

  it('hands a second file to the running app instead of falling back', async () => {
    const fake = fakeElectron('echo "trace-inspector: handed to the running app"; exit 0');
    const run = await start(common, { DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: fake }, /$^/);
    expect(run.out).toContain('Trace Inspector is already running: the file was opened there.');
    expect(run.out).not.toMatch(FALLBACK);
    expect(run.code).toBe(0);
  });
});
