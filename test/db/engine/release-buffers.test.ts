// A query worker drops the Buffers a big query left as soon as it has answered, instead of V8's
// waiting for ~64 MB more of them (release-buffers.ts).
import { describe, expect, it } from 'vitest';
import { releaseDeadBuffers } from '../../../db/engine/release-buffers.ts';

const arrayBufferMb = () => process.memoryUsage().arrayBuffers / 1048576;

/** `n` Buffers of 16 KB (a minute of durations), all dead once this returns; the MB they hold until collected. */
function leaveDeadBuffers(n: number): number {
  const before = arrayBufferMb();
  const blobs = Array.from({ length: n }, () => Buffer.alloc(16384, 7));
  const held = arrayBufferMb() - before;
  void blobs; // alive until here
  return held;
}

describe('releaseDeadBuffers', () => {
  it('collects 12 MB of dead Buffers right away, well under what makes V8 collect by itself', async () => {
    releaseDeadBuffers();
    await new Promise((r) => setTimeout(r, 100));
    const base = arrayBufferMb();
    expect(leaveDeadBuffers(768)).toBeGreaterThan(11);
    expect(arrayBufferMb()).toBeGreaterThan(base + 11); // still held: nothing collected them yet
    releaseDeadBuffers();
    await new Promise((r) => setTimeout(r, 100)); // their memory is freed off the collection's pause
    expect(arrayBufferMb()).toBeLessThan(base + 2);
  });
});
