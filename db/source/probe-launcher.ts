// How a probe child (probe-child.ts) is started: injectable, because the packaged desktop app
// cannot start one the Node way. Its RunAsNode fuse is off (electron-builder.yml), so
// process.execPath with ELECTRON_RUN_AS_NODE (and child_process.fork, which relies on it) would
// start a second copy of the app; main/desktop/utility-probe-launcher.ts uses Electron's
// utilityProcess instead. This file holds the interface and the plain-Node launcher (serve, tests).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A started probe child, as probe-source.ts drives it. */
export interface ProbeProcess {
  /** Its process id, when it has one (the check reads its CPU time by it). */
  readonly pid?: number;
  readonly stdout: NodeJS.ReadableStream;
  readonly stderr: NodeJS.ReadableStream;
  /** Ends it now, whatever it is doing: a child stuck inside SQLite handles no gentler signal. */
  kill(): void;
  /** Settles once it has exited and its output is read to the end; with an Error when it could not start. */
  readonly ended: Promise<Error | null>;
}

/** Starts `script` (probe-child) with `args`, in a process of its own that runs it as Node. */
export type ProbeLauncher = (script: URL, args: readonly string[]) => ProbeProcess;

/**
 * Node runs the script itself. Under Electron process.execPath is the app, not a Node: it is
 * refused there rather than made to rely on ELECTRON_RUN_AS_NODE, which the shipped app ignores.
 */
export const nodeProbeLauncher: ProbeLauncher = (script, args) => {
  if (process.versions.electron) {
    throw new Error(
      'in Electron the file check runs in a utility process (see main/desktop/utility-probe-launcher.ts), not through process.execPath',
    );
  }
  const child = spawn(process.execPath, [fileURLToPath(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let startError: Error | null = null;
  const ended = new Promise<Error | null>((done) => {
    child.on('error', (err) => {
      startError ??= err;
      if (child.pid === undefined) done(err); // never started: no 'close' is owed
    });
    child.on('close', () => done(startError));
  });
  return { pid: child.pid, stdout: child.stdout, stderr: child.stderr, kill: () => void child.kill('SIGKILL'), ended };
};
