// Which files a command line asks to open. Electron's argv is [electron, app-folder, ...args]
// when run from source and [app, ...args] when packaged, and Chromium adds its own --switches;
// a second instance hands its argv to the first with its own working directory.
import { isAbsolute, resolve } from 'node:path';

export interface CommandLine {
  paths: string[];
  dataDir: string | null;
}

export function parseCommandLine(argv: readonly string[], opts: { packaged: boolean; cwd: string }): CommandLine {
  const args = argv.slice(opts.packaged ? 1 : 2);
  const paths: string[] = [];
  let dataDir: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--data-dir' && i + 1 < args.length) dataDir = resolve(opts.cwd, args[++i]);
    else if (a.startsWith('--data-dir=')) dataDir = resolve(opts.cwd, a.slice('--data-dir='.length));
    else if (a === '--' || a.startsWith('-')) continue;
    else paths.push(isAbsolute(a) ? a : resolve(opts.cwd, a));
  }
  return { paths, dataDir };
}
