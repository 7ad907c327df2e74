// Reopening a file whose index is built (the app restarted): the index is resumed as it is, with
// no first build's progress and no index created again (issue 14: reopen ≤ 1 s at 10M rows).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InspectorEvents } from '../../../db/api/types.ts';
import { DEFERRED_INDEXES } from '../../../db/index/sidecar-schema.ts';
import { appendRows, tempDir } from '../../fixtures/trace-db.ts';
import { bulkTraceDb, newEngine, openLive, until } from './engine-harness.ts';

/** Each deferred index's root page: an index dropped and created again gets new pages at the file's end. */
function deferredRoots(sidecarPath: string): Record<string, number> {
  const side = new Database(sidecarPath, { readonly: true });
  try {
    const root = side.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck();
    return Object.fromEntries(Object.keys(DEFERRED_INDEXES).map((name) => [name, root.get(name) as number]));
  } finally {
    side.close();
  }
}

async function builtIndex(rows: number): Promise<{ path: string; dataDir: string; sidecarPath: string }> {
  const dir = tempDir();
  const path = bulkTraceDb(rows, { dir });
  const dataDir = join(dir, 'data');
  const first = newEngine({ dataDir });
  const db = await openLive(first, path);
  const { sidecarPath } = await first.invoke('info', { db });
  await first.shutdown();
  return { path, dataDir, sidecarPath };
}

describe('reopening a built index', () => {
  it('says nothing of building and creates no index again', async () => {
    const { path, dataDir, sidecarPath } = await builtIndex(20_000);
    const roots = deferredRoots(sidecarPath);
    expect(Object.values(roots).every((r) => r > 0)).toBe(true);

    const again = newEngine({ dataDir });
    const progress: InspectorEvents['progress'][] = [];
    again.subscribe(null, (event, payload) => {
      if (event === 'progress') progress.push(payload as InspectorEvents['progress']);
    });
    const opened = await again.invoke('open', { path });
    expect(opened.index).toEqual({ indexedRows: 20_000, totalRows: 20_000, building: false });
    await openLive(again, path);
    expect((await again.invoke('traceCount', { db: opened.db })).count).toBe(20_000);
    expect(progress.length).toBeGreaterThan(0); // the resumed index reported where it is
    expect(progress.filter((p) => p.building)).toEqual([]);
    expect((await again.invoke('info', { db: opened.db })).sidecarPath).toBe(sidecarPath);
    expect(deferredRoots(sidecarPath)).toEqual(roots);
  });

  it('catches up what was written while it was closed, keeping its indexes', async () => {
    const { path, dataDir, sidecarPath } = await builtIndex(5_000);
    const roots = deferredRoots(sidecarPath);
    appendRows(
      path,
      Array.from({ length: 300 }, (_, i) => ({
        process: 'late.fn',
        data: 'i',
        timestamp: new Date(Date.UTC(2026, 10, 21) + i).toISOString(),
      })),
    );

    const again = newEngine({ dataDir });
    const db = await openLive(again, path);
    await until(
      () => again.invoke('traceCount', { db }),
      (c) => c.count === 5_300,
      'the rows written while closed to be indexed',
    );
    expect(deferredRoots(sidecarPath)).toEqual(roots);
  });
});
