// Starts a SQL child (sql-child.ts) for one console job and ends it when the time limit passes or
// the caller cancels: SIGKILL, so the SQLite work really stops. The job travels in a 0600 file in
// the app's data folder, not on the command line (Windows caps a command line at 32,767 characters).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InspectorError } from '../api/errors.ts';
import { nodeProbeLauncher, type ProbeLauncher, type ProbeProcess } from '../source/probe-launcher.ts';
import type { SqlChildAnswer, SqlChildValue, SqlJob } from './sql-job.ts';

/** Starting Node and loading better-sqlite3 is not the statement's time (~100-200 ms, more on a busy machine). */
const STARTUP_LIMIT_MS = 15_000;
/** After a kill, how long the answer waits for the child to report its end. */
const KILL_GRACE_MS = 2000;

export interface SqlRunOptions {
  script: URL;
  launch?: ProbeLauncher;
  /** Where the job file is written (the app's data folder). */
  requestDir: string;
  timeoutMs: number;
}

export interface SqlRun {
  done: Promise<SqlChildValue>;
  /** Kills the child now; `done` rejects with `reason`. */
  stop(reason: InspectorError): void;
}

function parse(stdout: string, stderr: string): SqlChildValue {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  let answer: SqlChildAnswer;
  try {
    answer = JSON.parse(line ?? '') as SqlChildAnswer;
  } catch {
    throw new InspectorError(
      'internal',
      `The SQL console's process failed: ${stderr.trim().split('\n').slice(-3).join(' ') || 'it gave no answer'}.`,
    );
  }
  if (!answer.ok) throw new InspectorError(answer.error.kind, answer.error.message, answer.error.details);
  return answer.value;
}

export function tooSlow(ms: number): InspectorError {
  return new InspectorError(
    'timeout',
    `The statement ran longer than ${ms / 1000} s and was stopped. Narrow it with an indexed column (start_ms, ts_ms, process) or raise the time limit (at most 60 s).`,
  );
}

export function startSqlRun(job: SqlJob, opts: SqlRunOptions): SqlRun {
  mkdirSync(opts.requestDir, { recursive: true, mode: 0o700 });
  const requestPath = join(opts.requestDir, `sql-${randomBytes(12).toString('hex')}.json`);
  writeFileSync(requestPath, JSON.stringify(job), { mode: 0o600, flag: 'wx' });
  let child: ProbeProcess | null = null;
  let error: InspectorError | null = null;
  let timer: NodeJS.Timeout | undefined;
  const chunks: string[] = [];
  let stderr = '';
  let settled = false;
  let resolveDone!: (v: SqlChildValue) => void;
  let rejectDone!: (e: InspectorError) => void;
  const done = new Promise<SqlChildValue>((res, rej) => ((resolveDone = res), (rejectDone = rej)));
  const finish = () => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    rmSync(requestPath, { force: true });
    if (error) return rejectDone(error);
    try {
      resolveDone(parse(chunks.join(''), stderr));
    } catch (err) {
      rejectDone(err as InspectorError);
    }
  };
  const stop = (reason: InspectorError) => {
    if (settled) return;
    error ??= reason;
    child?.kill();
    setTimeout(finish, KILL_GRACE_MS).unref();
  };
  try {
    child = (opts.launch ?? nodeProbeLauncher)(opts.script, [
      requestPath,
      String(STARTUP_LIMIT_MS + opts.timeoutMs + KILL_GRACE_MS),
    ]);
  } catch (err) {
    error = new InspectorError('internal', `The SQL console's process did not start: ${(err as Error).message}.`);
    finish();
    return { done, stop };
  }
  timer = setTimeout(
    () => stop(new InspectorError('internal', "The SQL console's process did not start.")),
    STARTUP_LIMIT_MS,
  );
  let started = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (!started && chunk.startsWith('R\n')) {
      started = true;
      clearTimeout(timer);
      timer = setTimeout(() => stop(tooSlow(opts.timeoutMs)), opts.timeoutMs);
    }
    chunks.push(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  void child.ended.then((startError) => {
    if (startError) error ??= new InspectorError('internal', `The SQL console's process failed: ${startError.message}`);
    finish();
  });
  return { done, stop };
}
