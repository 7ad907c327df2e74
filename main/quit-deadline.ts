// Quitting ends within QUIT_LIMIT_MS whatever a thread is doing: a thread inside a SQLite step
// ignores terminate() and would hold the process's exit (process.exit() hangs on it too). The
// thread that arms this is never inside one, so its timer fires. Shared by serve and the desktop.
import { killProbes } from '../db/source/probe-source.ts';

/** Under the 2 s a user or a service manager waits (Engine.shutdown itself gives up after 1.8 s). */
export const QUIT_LIMIT_MS = 2000;

/** Kills this process QUIT_LIMIT_MS from now unless the returned function is called first. */
export function armQuitDeadline(): () => void {
  const timer = setTimeout(() => {
    killProbes();
    console.error(`Trace Inspector did not stop within ${QUIT_LIMIT_MS / 1000} s; ending it.`);
    process.kill(process.pid, 'SIGKILL');
  }, QUIT_LIMIT_MS);
  timer.unref(); // a clean exit never waits for it
  return () => clearTimeout(timer);
}
