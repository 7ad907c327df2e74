// Starts the engine's file check (db/source/probe-child.ts) as an Electron utility process. The
// packaged app's RunAsNode fuse is off (electron-builder.yml): ELECTRON_RUN_AS_NODE is ignored, so
// spawning process.execPath (or child_process.fork) would start a second copy of the app. A
// utility process is a Node child that Chromium starts and the fuse does not touch.
import type { ForkOptions } from 'electron';
import { fileURLToPath } from 'node:url';
import type { ProbeLauncher } from '../../db/source/probe-launcher.ts';

/** What this file uses of Electron's UtilityProcess (a fake one in tests). */
export interface UtilityChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  kill: () => boolean;
  once: (event: 'exit', listener: (code: number) => void) => unknown;
}
export type UtilityFork = (modulePath: string, args: string[], options: ForkOptions) => UtilityChild;

export const PROBE_SERVICE_NAME = 'Trace Inspector file check';
/** After the exit, how long the output may take to reach its end before the answer goes without it. */
const OUTPUT_DRAIN_MS = 1000;

/** `fork` is Electron's utilityProcess.fork, which works only once the app is ready (the engine opens files after). */
export function utilityProbeLauncher(fork: UtilityFork): ProbeLauncher {
  return (script, args) => {
    const child = fork(fileURLToPath(script), [...args], { stdio: 'pipe', serviceName: PROBE_SERVICE_NAME });
    const { stdout, stderr } = child;
    if (!stdout || !stderr) throw new Error('the checking process was started without its output pipes');
    const ended = new Promise<Error | null>((done) => {
      let open = 2;
      let exited = false;
      const check = () => exited && open === 0 && done(null);
      for (const s of [stdout, stderr]) s.once('end', () => (open--, check()));
      child.once('exit', () => {
        exited = true;
        check();
        setTimeout(() => done(null), OUTPUT_DRAIN_MS).unref();
      });
    });
    const kill = () => {
      // kill() is SIGTERM on POSIX; a child spinning inside SQLite may never get to it, SIGKILL always ends it.
      const pid = child.pid;
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
          return;
        } catch {
          // gone already, or not ours to signal: Electron's own kill below
        }
      }
      child.kill();
    };
    return {
      get pid() {
        return child.pid;
      },
      stdout,
      stderr,
      kill,
      ended,
    };
  };
}
