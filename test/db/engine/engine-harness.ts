// Drives a real Engine in tests: each one gets its data folder in a temp dir (sidecars never land
// in the user's cache) and is shut down after the test that made it.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import type { EventName, InspectorEvents } from '../../../db/api/types.ts';
import { Engine, type EngineOptions } from '../../../db/engine/engine.ts';
import { DEFERRED_INDEXES } from '../../../db/index/sidecar-schema.ts';
import { createTraceDb, tempDir, type FixtureRow } from '../../fixtures/trace-db.ts';

const perTest: Engine[] = [];
const perFile: Engine[] = [];
const filesPerFile: Database.Database[] = [];
afterEach(async () => {
  await Promise.all(perTest.splice(0).map((e) => e.shutdown()));
});
afterAll(async () => {
  for (const f of filesPerFile.splice(0)) f.close();
  await Promise.all(perFile.splice(0).map((e) => e.shutdown()));
});

/** An engine shut down after the current test, or after the whole file with `{ lifetime: 'file' }` (for beforeAll). */
export function newEngine(
  opts: EngineOptions = {},
  { lifetime = 'test' }: { lifetime?: 'test' | 'file' } = {},
): Engine {
  const engine = new Engine({ dataDir: join(tempDir('ti-data-'), 'data'), pollMs: 20, ...opts });
  (lifetime === 'file' ? perFile : perTest).push(engine);
  return engine;
}

/** Polls `read` until `done` holds; fails with the last value seen, so a timeout says what was there. */
export async function until<T>(
  read: () => T | Promise<T>,
  done: (v: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 500)}`,
      );
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Opens a database and waits until its first index build is done and it is tailing. */
export async function openLive(engine: Engine, path: string, timeoutMs = 20_000): Promise<string> {
  const info = await engine.invoke('open', { path });
  await until(
    () => engine.invoke('info', { db: info.db }),
    (i) => i.state === 'live' && !i.index.building,
    `${path} to be live`,
    timeoutMs,
  );
  return info.db;
}

/**
 * A fixture file of `rows`, live in an engine kept for the whole test file (for beforeAll), and the
 * file itself open read-only for the test's reference SQL; both closed after the file's tests.
 */
export async function liveFixture(
  rows: FixtureRow[],
  opts: EngineOptions = {},
): Promise<{ path: string; engine: Engine; db: string; file: Database.Database }> {
  const path = createTraceDb({ rows });
  const engine = newEngine(opts, { lifetime: 'file' });
  const db = await openLive(engine, path);
  const file = new Database(path, { readonly: true });
  filesPerFile.push(file);
  return { path, engine, db, file };
}

export type Recorded = { [E in EventName]: { event: E; payload: InspectorEvents[E]; at: number } }[EventName];

/** Records every event of one database; `next` waits for one matching a predicate (past or future). */
export function record(engine: Engine, db: string) {
  const events: Recorded[] = [];
  const waiters = new Set<() => void>();
  engine.subscribe(db, (event, payload) => {
    events.push({ event, payload, at: Date.now() } as Recorded);
    for (const w of waiters) w();
  });
  return {
    events,
    of<E extends EventName>(event: E): InspectorEvents[E][] {
      return events.filter((e) => e.event === event).map((e) => e.payload as InspectorEvents[E]);
    },
    /** Resolves with the first event at index >= from that matches. */
    next<E extends EventName>(
      event: E,
      match: (p: InspectorEvents[E]) => boolean = () => true,
      opts: { from?: number; timeoutMs?: number } = {},
    ) {
      const { from = 0, timeoutMs = 10_000 } = opts;
      return new Promise<{ payload: InspectorEvents[E]; at: number; index: number }>((resolve, reject) => {
        const check = () => {
          for (let i = from; i < events.length; i++) {
            const e = events[i];
            if (e.event === event && match(e.payload as InspectorEvents[E])) {
              cleanup();
              resolve({ payload: e.payload as InspectorEvents[E], at: e.at, index: i });
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `No '${event}' event matched within ${timeoutMs} ms; saw: ${events
                .slice(from)
                .map((e) => `${e.event}:${JSON.stringify(e.payload).slice(0, 120)}`)
                .join(' | ')}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/**
 * A big trace database built by SQLite itself (300,000 rows in about half a second): one busy
 * function 'hot.fn' with a random duration per call, a row a millisecond from `start`.
 */
export function bulkTraceDb(rows: number, opts: { dir?: string; start?: number } = {}): string {
  const path = createTraceDb({ dir: opts.dir ?? tempDir() });
  const db = new Database(path);
  try {
    db.prepare(
      `INSERT INTO data_trace (process, process_group, data, data_type, data_value, timestamp, status, span_id, duration_ms)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
      SELECT 'hot.fn', 'hot', 'i', 'int', i, ? + i, CASE WHEN i % 50 = 0 THEN 'ERROR' ELSE 'OK' END, 's' || i, abs(random() % 100000) / 1000.0 FROM n`,
    ).run(rows, opts.start ?? Date.UTC(2026, 10, 20));
  } finally {
    db.close();
  }
  return path;
}

/**
 * Drops the indexes a first build creates only once it has read every row (DEFERRED_INDEXES),
 * from a live database no query has touched yet: its sidecar then has the schema it has while a
 * first build runs, for tests of the queries that walk other indexes meanwhile.
 */
export async function withoutDeferredIndexes(engine: Engine, db: string): Promise<void> {
  const { sidecarPath } = await engine.invoke('info', { db });
  const side = new Database(sidecarPath);
  try {
    for (const name of Object.keys(DEFERRED_INDEXES)) side.exec(`DROP INDEX ${name}`);
  } finally {
    side.close();
  }
}

/** Every row id of a `traces` query, page by page through its cursors (limit rows a page). */
export async function pagedIds(
  engine: Engine,
  db: string,
  input: Record<string, unknown>,
  limit: number,
  maxPages = 5000,
): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await engine.invoke('traces', {
      db,
      range: { preset: 'all' },
      ...input,
      limit,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}
