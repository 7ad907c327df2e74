// Stopping worker threads without ever terminating one while better-sqlite3's native module loads
// (terminating then aborts the whole process: CI lost a test fork to SIGTRAP, and a bare loop of
// 300 early terminations reproduced it here as "FATAL ERROR: Error::New napi_get_last_error_info").
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { PoolNotice, PoolReady } from '../../../db/engine/messages.ts';
import { nativeLoaded, newLoadFlag, stopThread } from '../../../db/engine/stop-thread.ts';

const slowWorker = new URL('../../fixtures/slow-loading-worker.ts', import.meta.url);
const queryWorker = new URL('../../../db/engine/query-worker.ts', import.meta.url);

function spawnSlow(startMs: number) {
  const flag = newLoadFlag();
  const worker = new Worker(slowWorker, { workerData: { startMs, nativeLoaded: flag } });
  const exit = once(worker, 'exit') as Promise<[number]>;
  return { worker, flag, exit };
}

describe('stopping a worker thread', () => {
  it('terminates a thread that ignores the request to close, but only once better-sqlite3 is loaded', async () => {
    const { worker, flag, exit } = spawnSlow(400);
    const started = performance.now();
    await stopThread(worker, flag, () => worker.postMessage('close'), 0);
    const [code] = await exit;
    expect(nativeLoaded(flag)).toBe(true);
    expect(code).toBe(1); // terminated, not ended by itself
    expect(performance.now() - started).toBeGreaterThanOrEqual(350); // waited out the slow start
  });

  it('lets a query worker asked to close end by itself', async () => {
    const flag = newLoadFlag();
    const worker = new Worker(queryWorker, { workerData: { nativeLoaded: flag } });
    const exit = once(worker, 'exit') as Promise<[number]>;
    const [ready] = (await once(worker, 'message')) as [PoolReady];
    expect(ready.ready).toBe(true);
    expect(nativeLoaded(flag)).toBe(true); // loaded before it said ready
    const close: PoolNotice = { kind: 'close' };
    await stopThread(worker, flag, () => worker.postMessage(close), 10_000);
    expect((await exit)[0]).toBe(0);
  });

  it('survives being stopped at any moment of a thread start, 100 times', async () => {
    let stopped = 0;
    for (let i = 0; i < 100; i++) {
      const { worker, flag, exit } = spawnSlow(0);
      await new Promise((r) => setTimeout(r, Math.random() * 20));
      await stopThread(worker, flag, () => worker.postMessage('close'), 0);
      await exit;
      stopped++;
    }
    expect(stopped).toBe(100);
  });
});
