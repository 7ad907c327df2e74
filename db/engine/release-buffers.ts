// Query workers copy SQLite's blobs out as Buffers, outside V8's heap. V8 collects those only
// once some 64 MB more have been allocated since its last collection, so each query worker kept
// up to that much dead (issue 14: the busiest function's 24 h history, 7 times on a 100M-row
// index, took the process from 179 to 234 MB, 7 more to 265). After a query that leaves more
// than RELEASE_AFTER_BYTES of them, the worker collects at once: a few ms, after its answer has
// gone, and glibc then reuses that memory for the next query's buffers.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const RELEASE_AFTER_BYTES = 8 * 1024 * 1024;

// The flag only exposes gc() to contexts made after it: this one, for this worker.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage when this worker's ArrayBuffers (live or dead) are over RELEASE_AFTER_BYTES. */
export function releaseDeadBuffers(): void {
  if (process.memoryUsage().arrayBuffers > RELEASE_AFTER_BYTES) gc();
}
