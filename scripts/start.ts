// `npm start -- [path/to/traces.db] [--port N] [--data-dir DIR] [--serve] [--help]`: builds what is out of
// date, then opens the desktop app on the file (no file: the live demo database). Where Electron
// cannot start (its binary is absent and cannot be downloaded, or there is no display) it says so
// in one sentence and runs `serve` mode instead, printing the URL to open in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoSentence, startDemo, type RunningDemo } from '../main/demo/demo-launch.ts';
import { HANDED_OFF_LINE, READY_LINE } from '../main/desktop/ready-line.ts';
import { SERVE_FLAGS, serve } from '../main/serve/serve-cli.ts';
import { needsBuild } from '../main/build-freshness.ts';
import { parseCommandLine } from '../main/cli-args.ts';

const ROOT = resolve(import.meta.dirname, '..');

type Desktop = { ok: true; binary: string } | { ok: false; why: string };

/** Where a window cannot open, in words: null when Electron can be tried. */
export function desktopUnavailable(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display to open a window on';
  return null;
}

/**
 * The electron package resolves its binary on require and downloads it on first use (Electron 42+
 * has no install script). Asked in a child process so a failed download prints nothing of ours.
 */
export function resolveElectron(root: string): Desktop {
  const first =
    !existsSync(join(root, 'node_modules', 'electron', 'path.txt')) && !process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (first) console.log("Fetching Electron's binary (first run only)…");
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 600_000,
  });
  const binary = r.status === 0 ? r.stdout.trim() : '';
  if (!binary || !existsSync(binary))
    return { ok: false, why: "Electron's binary is not installed and could not be downloaded" };
  return { ok: true, binary };
}

/** Runs the desktop app; resolves with its exit code, or with a reason if it never came up. */
function runElectron(
  binary: string,
  args: string[],
): Promise<{ started: true; code: number } | { started: false; why: string }> {
  return new Promise((done) => {
    const child = spawn(binary, [ROOT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let ready = false;
    let early = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (!ready && (text.includes(READY_LINE) || text.includes(HANDED_OFF_LINE))) {
        ready = true;
        if (text.includes(HANDED_OFF_LINE))
          console.log('Trace Inspector is already running: the file was opened there.');
        text = text.replace(`${READY_LINE}\n`, '').replace(`${HANDED_OFF_LINE}\n`, '');
        process.stdout.write(early);
      }
      if (ready) process.stdout.write(text);
      else early += text;
    });
    child.stderr
      .setEncoding('utf8')
      .on('data', (text: string) => (ready ? process.stderr.write(text) : (early += text)));
    child.on('error', (err) => done({ started: false, why: `Electron could not be run (${err.message})` }));
    child.on('exit', (code, signal) => {
      if (ready) done({ started: true, code: code ?? (signal ? 1 : 0) });
      else
        done({
          started: false,
          why: `Electron exited before its window opened (${signal ?? `exit code ${code}`}${early.trim() ? `: ${early.trim().split('\n').pop()}` : ''})`,
        });
    });
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => child.kill(sig));
  });
}

const USAGE = `usage: npm start -- [path/to/traces.db ...] [--serve] [--port N] [--data-dir DIR] [--otlp-port N] [--otlp-db PATH] [--token-file FILE]
  Opens the desktop app on the files (no file: the live demo database); where no window can open,
  or with --serve, runs serve mode for a browser instead (--port, --otlp-*, --token-file: see
  \`npm run serve -- --help\`).`;

export async function start(argv: string[]): Promise<number> {
  // Every flag serve mode takes is known here too (start hands them on), so a typo is an error
  // (exit 2 with the usage) instead of silently starting the app without it.
  const args = parseCommandLine(argv, { serve: { type: 'boolean' }, ...SERVE_FLAGS }, USAGE);
  if (typeof args === 'number') return args;
  const serveArgs = argv.filter((a) => a !== '--serve');
  if (needsBuild(ROOT)) {
    console.log('Building the app…');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (b.status !== 0) {
      console.error('The build failed (see above).');
      return 1;
    }
  }
  if (args.values.serve) return serve(serveArgs);

  const noWindow = desktopUnavailable(process.env, process.platform);
  const desktop: Desktop = noWindow ? { ok: false, why: noWindow } : resolveElectron(ROOT);
  if (!desktop.ok) {
    console.log(
      `The desktop window cannot start here (${desktop.why}), so Trace Inspector runs in serve mode for your browser instead.`,
    );
    return serve(serveArgs);
  }
  let demo: RunningDemo | null = null;
  const files = args.positionals;
  if (files.length === 0) {
    demo = await startDemo();
    console.log(demoSentence(demo));
  }
  const dataDir = typeof args.values['data-dir'] === 'string' ? ['--data-dir', resolve(args.values['data-dir'])] : [];
  const result = await runElectron(desktop.binary, [
    ...(demo ? [demo.path] : files.map((f) => resolve(f))),
    ...dataDir,
  ]);
  if (result.started) {
    demo?.stop();
    return result.code;
  }
  console.log(
    `The desktop window cannot start here (${result.why}), so Trace Inspector runs in serve mode for your browser instead.`,
  );
  try {
    return await serve(demo ? [...serveArgs, demo.path] : serveArgs);
  } finally {
    demo?.stop();
  }
}
