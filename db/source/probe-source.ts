// Runs probe-child.ts on a trace file before any thread of the engine opens it, and kills it when
// SQLite does not finish in time: a view over an endless recursive CTE, a module that spins, a
// schema too big to parse. Only a file that passed is opened in-process.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InspectorError, type ApiError } from '../api/errors.ts';
import type { ColumnMap } from '../api/types.ts';

export interface Inspected {
  path: string;
  schema: ColumnMap;
  journalMode: string;
  /** The file that was vetted: an open that finds another inode must vet again. */
  identity: { dev: number; ino: number };
}
export type ProbeAnswer = { ok: true; value: Inspected } | { ok: false; error: ApiError };

/**
 * What the checks and the first rows may take once the child is running. A normal file needs a
 * few ms (the probe's whole cost, ~100-200 ms, is starting the process: see docs/security.md).
 */
export const PROBE_BUDGET_MS = 1500;
/** Starting Node and loading the modules is not the file's fault: a busy machine gets time for it. */
const STARTUP_LIMIT_MS = 15_000;

export interface ProbeOptions {
  script: URL;
  budgetMs?: number;
}

/** The child's own limit (it kills itself): start-up plus the budget, whatever its parent does. */
function command(script: URL, path: string, selfLimitMs: number) {
  // In Electron, execPath is the app: ELECTRON_RUN_AS_NODE makes it a plain Node (harmless in Node).
  return { file: process.execPath, args: [fileURLToPath(script), path, String(selfLimitMs)], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } };
}

/** Probes running now, killed at shutdown: quitting must not wait for one. */
const running = new Set<() => void>();

export function killProbes(): void {
  for (const stop of running) stop();
  running.clear();
}

function tooSlow(path: string, ms: number): InspectorError {
  return new InspectorError('timeout', `${path} was not opened: reading its schema and first rows did not finish within ${ms / 1000} s. A trace database answers in milliseconds; this file makes SQLite work without end (or its disk is unusually slow).`, { path });
}

function parse(stdout: string, stderr: string, path: string): Inspected {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  let answer: ProbeAnswer;
  try {
    answer = JSON.parse(line ?? '') as ProbeAnswer;
  } catch {
    throw new InspectorError('internal', `Checking ${path} failed: ${stderr.trim().split('\n').slice(-3).join(' ') || 'the checking process gave no answer'}.`, { path });
  }
  if (!answer.ok) throw new InspectorError(answer.error.kind, answer.error.message, answer.error.details);
  return answer.value;
}

/** Vets a file without blocking the calling thread (the engine host). */
export function probeSource(path: string, opts: ProbeOptions): Promise<Inspected> {
  const abs = resolve(path);
  const budget = opts.budgetMs ?? PROBE_BUDGET_MS;
  const { file, args, env } = command(opts.script, abs, STARTUP_LIMIT_MS + budget);
  return new Promise((done, fail) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stop = () => kill(new InspectorError('closed', `${abs} was not opened: Trace Inspector is shutting down.`, { path: abs }));
    running.add(stop);
    let stdout = '';
    let stderr = '';
    let error: InspectorError | null = null;
    const kill = (e: InspectorError) => {
      error ??= e;
      child.kill('SIGKILL');
    };
    let timer = setTimeout(() => kill(new InspectorError('internal', `Checking ${abs} failed: the checking process did not start.`, { path: abs })), STARTUP_LIMIT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout === '' && chunk.startsWith('R\n')) {
        clearTimeout(timer);
        timer = setTimeout(() => kill(tooSlow(abs, budget)), budget);
      }
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', (err) => kill(new InspectorError('internal', `Checking ${abs} failed: ${err.message}`, { path: abs })));
    child.on('close', () => {
      running.delete(stop);
      clearTimeout(timer);
      if (error) return fail(error);
      try {
        done(parse(stdout, stderr, abs));
      } catch (err) {
        fail(err);
      }
    });
  });
}

/**
 * The same, blocking: for the indexer thread when its file was replaced under it. Start-up and
 * checks share one limit here (spawnSync has no "ready" to wait for).
 */
export function probeSourceSync(path: string, opts: ProbeOptions): Inspected {
  const abs = resolve(path);
  const limit = (opts.budgetMs ?? PROBE_BUDGET_MS) + 3000;
  const { file, args, env } = command(opts.script, abs, limit);
  const r = spawnSync(file, args, { env, encoding: 'utf8', timeout: limit, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') throw tooSlow(abs, limit);
  if (r.error) throw new InspectorError('internal', `Checking ${abs} failed: ${r.error.message}`, { path: abs });
  return parse(r.stdout, r.stderr, abs);
}
