// The engine host's side of the SQL console: starts one child process per statement
// (sql-runner.ts), keeps the running ones by the caller's run id so Cancel can kill them, and
// records each statement run in the database's history.
import { InspectorError } from '../api/errors.ts';
import type { ColumnMap, SqlExport, SqlPage, SqlQueries, SqlSchemaTable } from '../api/types.ts';
import type { ProbeLauncher } from '../source/probe-launcher.ts';
import { loadQueries, remember, saveQuery } from './sql-queries-store.ts';
import { startSqlRun, type SqlRun } from './sql-runner.ts';
import type { SqlJob } from './sql-job.ts';

/** Each statement is a process (~30-50 MB while it runs): a few at once, not one per click. */
export const MAX_RUNNING = 3;
export const DEFAULT_TIMEOUT_MS = 5000;
export const MAX_TIMEOUT_MS = 60_000;
/** Schema reads for completion are catalog lookups. */
const SCHEMA_TIMEOUT_MS = 10_000;

export interface ConsoleTarget {
  db: string;
  sourcePath: string;
  sidecarPath: string;
  schema: ColumnMap;
  queriesPath: string;
}
export interface SqlRunInput {
  sql: string;
  offset: number;
  limit: number;
  timeoutMs: number;
  runId?: string;
}

export class SqlConsole {
  private readonly runs = new Map<string, SqlRun>();
  private readonly script: URL;
  private readonly launch: ProbeLauncher | undefined;
  private readonly requestDir: string;

  constructor(opts: { script: URL; launch?: ProbeLauncher; requestDir: string }) {
    this.script = opts.script;
    this.launch = opts.launch;
    this.requestDir = opts.requestDir;
  }

  async page(t: ConsoleTarget, input: SqlRunInput): Promise<SqlPage> {
    const page = (await this.start(
      t,
      { mode: 'page', ...this.files(t), sql: input.sql, offset: input.offset, limit: input.limit },
      input.timeoutMs,
      input.runId,
    )) as SqlPage;
    if (input.offset === 0) remember(t.queriesPath, input.sql.trim(), Date.now());
    return page;
  }

  async export(
    t: ConsoleTarget,
    input: { sql: string; format: 'csv' | 'jsonl'; timeoutMs: number; runId?: string },
  ): Promise<SqlExport> {
    return (await this.start(
      t,
      { mode: 'export', ...this.files(t), sql: input.sql, format: input.format },
      input.timeoutMs,
      input.runId,
    )) as SqlExport;
  }

  async schema(t: ConsoleTarget): Promise<SqlSchemaTable[]> {
    return (await this.start(t, { mode: 'schema', ...this.files(t) }, SCHEMA_TIMEOUT_MS)) as SqlSchemaTable[];
  }

  cancel(db: string, runId: string): { cancelled: boolean } {
    const run = this.runs.get(`${db}\0${runId}`);
    run?.stop(new InspectorError('cancelled', 'The statement was cancelled; SQLite stopped working on it.'));
    return { cancelled: Boolean(run) };
  }

  queries(t: ConsoleTarget): SqlQueries {
    return loadQueries(t.queriesPath);
  }

  saveQuery(t: ConsoleTarget, name: string, sql: string | null): SqlQueries {
    return saveQuery(t.queriesPath, name, sql);
  }

  /** Kills every running statement (closing a database, quitting). */
  stopAll(db?: string): void {
    for (const [key, run] of this.runs) {
      if (db === undefined || key.startsWith(`${db}\0`))
        run.stop(new InspectorError('closed', 'The database was closed while the statement ran.'));
    }
  }

  private files(t: ConsoleTarget) {
    return { sourcePath: t.sourcePath, sidecarPath: t.sidecarPath, schema: t.schema };
  }

  private async start(t: ConsoleTarget, job: SqlJob, timeoutMs: number, runId?: string): Promise<unknown> {
    if (this.runs.size >= MAX_RUNNING)
      throw new InspectorError(
        'sql-refused',
        `${MAX_RUNNING} statements are running already: wait for one to finish or cancel it.`,
      );
    const key = `${t.db}\0${runId ?? `anonymous-${Math.random()}`}`;
    if (this.runs.has(key))
      throw new InspectorError(
        'invalid-input',
        `A statement with run id ${JSON.stringify(runId)} is running already.`,
        { path: 'runId' },
      );
    const run = startSqlRun(job, { script: this.script, launch: this.launch, requestDir: this.requestDir, timeoutMs });
    this.runs.set(key, run);
    try {
      return await run.done;
    } finally {
      this.runs.delete(key);
    }
  }
}
