// Ends a worker thread without ever terminating it while it loads better-sqlite3's native module
// (see native-load.ts): asked to close, it closes its connections and exits by itself; one that
// does not within the grace is terminated, once its load flag says that is safe.
import type { Worker } from 'node:worker_threads';

/** Past the grace, a thread still loading gets this long to finish before it is terminated anyway. */
const LOAD_LIMIT_MS = 30_000;

/** The flag a worker raises once better-sqlite3 is loaded: pass it in workerData as `nativeLoaded`. */
export function newLoadFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

export const nativeLoaded = (flag: Int32Array): boolean => Atomics.load(flag, 0) === 1;

const exitOf = (worker: Worker) => new Promise<'exited'>((r) => worker.once('exit', () => r('exited')));
const after = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());

/**
 * Terminates `worker` as soon as that is safe: at once when its native module is loaded (or it
 * never started loading it and exits first), else when it is, or after LOAD_LIMIT_MS.
 * A thread inside a SQLite statement ignores terminate() until the statement returns; that is safe.
 */
export async function terminateSafely(worker: Worker, flag: Int32Array, exited = exitOf(worker)): Promise<void> {
  const deadline = Date.now() + LOAD_LIMIT_MS;
  // threadId turns -1 once the thread has stopped, possibly before 'exit' is emitted.
  while (!nativeLoaded(flag) && worker.threadId !== -1 && Date.now() < deadline) {
    if ((await Promise.race([exited, after(20)])) === 'exited') return;
  }
  await worker.terminate();
}

/** Sends the close request, waits `graceMs` for the thread to exit by itself, then terminates it safely. */
export async function stopThread(
  worker: Worker,
  flag: Int32Array,
  askToClose: () => void,
  graceMs: number,
): Promise<void> {
  const exited = exitOf(worker);
  askToClose();
  if ((await Promise.race([exited, after(graceMs)])) === 'exited') return;
  await terminateSafely(worker, flag, exited);
}
