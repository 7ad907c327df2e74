// Runs probe-child.ts on a trace file before any thread of the engine opens it, and kills it when
// SQLite does not finish in time: a view over an endless recursive CTE, a module that spins, a
// schema too big to parse. Only a file that passed is opened in-process.
import { resolve } from 'node:path';
import { InspectorError, type ApiError } from '../api/errors.ts';
import type { ColumnMap } from '../api/types.ts';
import { processCpuMs } from './process-cpu.ts';
import { nodeProbeLauncher, type ProbeLauncher, type ProbeProcess } from './probe-launcher.ts';

export interface Inspected {
  path: string;
  schema: ColumnMap;
  journalMode: string;
  /** The file that was vetted: an open that finds another inode must vet again. */
  identity: { dev: number; ino: number };
}
export type ProbeAnswer = { ok: true; value: Inspected } | { ok: false; error: ApiError };

/**
 * What the checks and the first rows may take once the child is running: CPU time of the child
 * where the system reports it (process-cpu.ts), wall time elsewhere. A normal file needs a few
 * ms (the probe's whole cost, ~100-200 ms, is starting the process: see docs/security.md).
 */
export const PROBE_BUDGET_MS = 1500;
/**
 * Where the budget is CPU time, the wall-clock bound: a child starved of CPU on a busy machine is
 * waited for this long, and a check stuck without using CPU (a hung disk) ends here.
 */
export const PROBE_WALL_LIMIT_MS = 10_000;
/** How often the child's CPU time is read while it runs. */
const CPU_CHECK_MS = 100;
/** Starting Node and loading the modules is not the file's fault: a busy machine gets time for it. */
const STARTUP_LIMIT_MS = 15_000;
/** After a kill, how long the answer waits for the child to report its end. */
const KILL_GRACE_MS = 2000;

export interface ProbeOptions {
  script: URL;
  budgetMs?: number;
  /** How the child is started (default: Node's child_process; the desktop app passes a utilityProcess one). */
  launch?: ProbeLauncher;
}

/** Probes running now, killed at shutdown: quitting must not wait for one. */
const running = new Set<() => void>();

export function killProbes(): void {
  for (const stop of running) stop();
  running.clear();
}

function tooSlow(path: string, ms: number): InspectorError {
  return new InspectorError(
    'timeout',
    `${path} was not opened: reading its schema and first rows did not finish within ${ms / 1000} s. A trace database answers in milliseconds; this file makes SQLite work without end (or its disk is unusually slow).`,
    { path },
  );
}

function parse(stdout: string, stderr: string, path: string): Inspected {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  let answer: ProbeAnswer;
  try {
    answer = JSON.parse(line ?? '') as ProbeAnswer;
  } catch {
    throw new InspectorError(
      'internal',
      `Checking ${path} failed: ${stderr.trim().split('\n').slice(-3).join(' ') || 'the checking process gave no answer'}.`,
      { path },
    );
  }
  if (!answer.ok) throw new InspectorError(answer.error.kind, answer.error.message, answer.error.details);
  return answer.value;
}

/**
 * Calls `over` once the child has used `budget` ms of CPU since now (or run PROBE_WALL_LIMIT_MS),
 * or, where its CPU time cannot be read, once `budget` ms have passed.
 */
function budgetTimer(child: ProbeProcess, budget: number, over: () => void): NodeJS.Timeout {
  const cpuAtStart = processCpuMs(child.pid);
  if (cpuAtStart === null) return setTimeout(over, budget);
  const wallEnd = performance.now() + Math.max(budget, PROBE_WALL_LIMIT_MS);
  const timer = setInterval(() => {
    const cpu = processCpuMs(child.pid);
    // Unreadable now: the child has ended, and its answer is on its way.
    if (cpu === null) return clearInterval(timer);
    if (cpu - cpuAtStart >= budget || performance.now() >= wallEnd) {
      clearInterval(timer);
      over();
    }
  }, CPU_CHECK_MS);
  return timer;
}

/**
 * Vets a file without blocking the calling thread (the engine host; the indexer threads ask the
 * host, see Engine.vet). The child kills itself past start-up plus the budget, whatever happens here.
 */
export function probeSource(path: string, opts: ProbeOptions): Promise<Inspected> {
  const abs = resolve(path);
  const budget = opts.budgetMs ?? PROBE_BUDGET_MS;
  return new Promise((done, fail) => {
    let child: ProbeProcess | null = null;
    let error: InspectorError | null = null;
    let timer: NodeJS.Timeout | undefined;
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      running.delete(stop);
      clearTimeout(timer);
      if (error) return fail(error);
      try {
        done(parse(stdout, stderr, abs));
      } catch (err) {
        fail(err instanceof Error ? err : new Error('The probe answered in an unreadable form.')); // parse throws InspectorErrors
      }
    };
    const kill = (e: InspectorError) => {
      error ??= e;
      child?.kill();
      // A child that never started may never report its end: the answer does not wait for it.
      setTimeout(finish, KILL_GRACE_MS).unref();
    };
    const stop = () =>
      kill(new InspectorError('closed', `${abs} was not opened: Trace Inspector is shutting down.`, { path: abs }));
    try {
      child = (opts.launch ?? nodeProbeLauncher)(opts.script, [
        abs,
        String(STARTUP_LIMIT_MS + Math.max(budget, PROBE_WALL_LIMIT_MS)),
      ]);
    } catch (err) {
      error = new InspectorError('internal', `Checking ${abs} failed: ${(err as Error).message}.`, { path: abs });
      return finish();
    }
    running.add(stop);
    timer = setTimeout(
      () =>
        kill(
          new InspectorError('internal', `Checking ${abs} failed: the checking process did not start.`, { path: abs }),
        ),
      STARTUP_LIMIT_MS,
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout === '' && chunk.startsWith('R\n')) {
        clearTimeout(timer);
        timer = budgetTimer(child, budget, () => kill(tooSlow(abs, budget)));
      }
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    void child.ended.then((startError) => {
      if (startError)
        error ??= new InspectorError('internal', `Checking ${abs} failed: ${startError.message}`, { path: abs });
      finish();
    });
  });
}
