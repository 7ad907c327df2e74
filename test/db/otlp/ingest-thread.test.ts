// serve mode decodes and writes OTLP batches on a thread of its own: the loop that answers the
// API keeps turning while a 16 MiB batch is ingested (on this loop it stopped for ~2 s).
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OtlpIngestThread } from '../../../db/otlp/ingest-thread.ts';
import { OtlpDecodeError } from '../../../db/otlp/model.ts';
import { tempDir } from '../../fixtures/trace-db.ts';

function bigBatch(mib: number): { body: Buffer; spans: number } {
  const spans = [];
  const now = BigInt(Date.now()) * 1_000_000n;
  let size = 0;
  for (let i = 0; size < mib * 1024 * 1024; i++) {
    const span = {
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      name: `op.${i % 50}`,
      kind: 2,
      startTimeUnixNano: String(now + BigInt(i)),
      endTimeUnixNano: String(now + BigInt(i) + 500_000n),
      attributes: [{ key: 'payload', value: { stringValue: 'x'.repeat(300) } }],
    };
    size += JSON.stringify(span).length;
    spans.push(span);
  }
  const body = Buffer.from(
    JSON.stringify({
      resourceSpans: [
        { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'big' } }] }, scopeSpans: [{ spans }] },
      ],
    }),
  );
  return { body, spans: spans.length };
}

const threads: OtlpIngestThread[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
});

describe('OTLP ingest thread', () => {
  it('writes a 16 MiB batch while this loop keeps turning', async () => {
    const path = join(tempDir(), 'otlp.db');
    const thread = await OtlpIngestThread.start(path);
    threads.push(thread);
    const { body, spans } = bigBatch(15.5);
    let last = performance.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const result = await thread.ingest('json', body);
    const took = performance.now() - started;
    clearInterval(timer);
    expect(result.spans).toBe(spans);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM data_trace').pluck().get()).toBeGreaterThanOrEqual(spans);
    db.close();
    // The batch takes seconds; this loop never waited for more than a small part of it (decoding
    // here, it waited for all of it). Relative, so a loaded machine slows both sides alike.
    expect(took).toBeGreaterThan(300);
    expect(worstGap).toBeLessThan(took / 3);
  });

  it('rejects a bad payload whole, as a decode error the receiver answers 400 to', async () => {
    const path = join(tempDir(), 'otlp.db');
    const thread = await OtlpIngestThread.start(path);
    threads.push(thread);
    await expect(
      thread.ingest('json', Buffer.from('{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "zz"}]}]}]}')),
    ).rejects.toBeInstanceOf(OtlpDecodeError);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM data_trace').pluck().get()).toBe(0);
    db.close();
  });
});
