// One statement's life in the console: run (first page), load more (the next page, same
// statement re-run from an offset), Cancel (kills the engine's process for this run id), and the
// answer: columns, the rows so far, run time, plan, or the engine's sentence.
import { useCallback, useRef, useState } from 'react';
import type { ApiError, InspectorApi, SqlPlanStep, SqlValue } from '../../db/api/inspector-api.ts';

export const PAGE_ROWS = 500;

export interface SqlResult {
  sql: string;
  columns: string[];
  rows: SqlValue[][];
  more: boolean;
  /** Run time of each page, in ms (SQLite's time, measured in the engine). */
  runMs: number;
  /** Round trip of the first page, as the user waited for it. */
  wallMs: number;
  plan: SqlPlanStep[] | null;
  truncatedCells: number;
}

export interface SqlRunState {
  running: boolean;
  result: SqlResult | null;
  error: ApiError | null;
  run: (sql: string, timeoutMs: number) => Promise<void>;
  loadMore: (timeoutMs: number) => Promise<void>;
  cancel: () => void;
}

let runs = 0;
const newRunId = () => `run-${Date.now().toString(36)}-${(runs++).toString(36)}`;

export function useSqlRun(api: InspectorApi, db: string, onRan?: () => void): SqlRunState {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<SqlResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const current = useRef<string | null>(null);

  const page = useCallback(
    async (sql: string, offset: number, timeoutMs: number) => {
      const runId = newRunId();
      current.current = runId;
      setRunning(true);
      setError(null);
      const t0 = performance.now();
      try {
        const r = await api.sql({ db, sql, offset, limit: PAGE_ROWS, timeoutMs, runId });
        if (current.current !== runId) return null; // a newer run replaced this one
        if (!r.ok) {
          setError(r.error);
          return null;
        }
        return { page: r.value, wallMs: performance.now() - t0 };
      } finally {
        if (current.current === runId) {
          current.current = null;
          setRunning(false);
        }
      }
    },
    [api, db],
  );

  const run = useCallback(
    async (sql: string, timeoutMs: number) => {
      const got = await page(sql, 0, timeoutMs);
      if (!got) return;
      const p = got.page;
      setResult({
        sql,
        columns: p.columns,
        rows: p.rows,
        more: p.more,
        runMs: p.runMs,
        wallMs: got.wallMs,
        plan: p.plan,
        truncatedCells: p.truncatedCells,
      });
      onRan?.();
    },
    [page, onRan],
  );

  const loadMore = useCallback(
    async (timeoutMs: number) => {
      if (!result?.more) return;
      const got = await page(result.sql, result.rows.length, timeoutMs);
      if (!got) return;
      setResult(
        (r) =>
          r && {
            ...r,
            rows: [...r.rows, ...got.page.rows],
            more: got.page.more,
            runMs: got.page.runMs,
            truncatedCells: r.truncatedCells + got.page.truncatedCells,
          },
      );
    },
    [page, result],
  );

  const cancel = useCallback(() => {
    const runId = current.current;
    if (runId) void api.sqlCancel({ db, runId });
  }, [api, db]);

  return { running, result, error, run, loadMore, cancel };
}
