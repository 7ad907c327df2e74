// The promise the whole design rests on: indexing a big database never makes the tracer wait.
// A writer in another process commits small transactions with busy_timeout = 0 (any lock
// conflict is an immediate SQLITE_BUSY) all through the first index build.
import { describe, expect, it } from 'vitest';
import { bulkTraceDb, newEngine, until } from './engine-harness.ts';
import { startWriter } from './writer-process.ts';

const ROWS = 300_000;

describe('a live writer', () => {
  it('never gets SQLITE_BUSY while the engine indexes a 300,000-row database and answers queries', async () => {
    const path = bulkTraceDb(ROWS);
    const writer = await startWriter(path, { TI_BUSY_TIMEOUT: '0' });
    await writer.must({ op: 'loop', everyMs: 2 });
    const engine = newEngine();
    const started = performance.now();
    const { db } = await engine.invoke('open', { path });
    // Readers on the query side too, while the build runs.
    let queries = 0;
    await until(
      async () => {
        await Promise.all([
          engine.invoke('traces', { db, limit: 100 }),
          engine.invoke('overview', { db, range: { preset: 'all' } }),
          engine.invoke('traceCount', { db, errorsOnly: true }),
        ]);
        queries += 3;
        return engine.invoke('info', { db });
      },
      (i) => i.state === 'live' && i.index.indexedRows >= ROWS,
      'the first build',
      45_000,
    );
    const buildMs = performance.now() - started;
    const loop = await writer.must({ op: 'stop' });
    console.log(
      `indexed ${ROWS} rows in ${buildMs.toFixed(0)} ms with ${queries} queries alongside; the writer committed ${String(loop.commits)} transactions meanwhile, ` +
        `${String(loop.busy)} SQLITE_BUSY, slowest commit ${(loop.maxCommitMs as number).toFixed(1)} ms`,
    );
    expect(loop.busy).toBe(0);
    expect(loop.other).toEqual([]);
    expect(loop.commits).toBeGreaterThan(100); // it really was writing the whole time
    // And everything it committed is indexed.
    const total = ROWS + (loop.commits as number);
    await until(
      () => engine.invoke('traceCount', { db }),
      (c) => c.count === total,
      `all ${total} rows`,
    );
    expect((await engine.invoke('functionStats', { db, process: 'loop.fn' })).calls).toBe(loop.commits);
  });
});
