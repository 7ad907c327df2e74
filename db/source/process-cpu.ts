// The CPU time another process has used, where the system says (Linux's /proc). The file check
// (probe-source.ts) budgets the child's CPU rather than the wall clock: on a machine whose cores
// are all busy (a build beside the app, a test run), a normal file's check waits for a core and
// used to be refused as "makes SQLite work without end" (seen at load average 25 on 2 cores).
import { readFileSync } from 'node:fs';

/** Linux's clock ticks per second (USER_HZ): 100 on every architecture Node supports. */
const TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds of process `pid`, or null where that cannot be read. */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields count from its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / TICKS_PER_SECOND : null;
}
