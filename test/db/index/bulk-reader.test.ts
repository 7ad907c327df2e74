// The first build's reads on a thread of their own (db/index/bulk-reader.ts): the same tables as
// reads on the indexer's connection, a writer that commits and checkpoints meanwhile, a build
// stopped mid-file, and a read that fails there.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InlineReader, ThreadReader } from '../../../db/index/bulk-reader.ts';
import { Ingest } from '../../../db/index/ingest.ts';
import { openSidecar } from '../../../db/index/sidecar.ts';
import { thresholdLookup } from '../../../db/index/stale-thresholds.ts';
import { openSource } from '../../../db/source/open-source.ts';
import { sidecarTables } from '../../fixtures/sidecar-tables.ts';
import { appendRows, createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';

const dump = sidecarTables;

function open(path: string, readerThread: boolean) {
  const h = openSource(path);
  const side = openSidecar(tempDir(), 'k', h.db, path, h.schema).db;
  const ingest = new Ingest(h.db, side, h.schema, thresholdLookup([{ process: '*', data: 'order_id', threshold: 2 }]), {
    readerThread,
  });
  return { ingest, side, source: h.db };
}

const readerOf = (ingest: Ingest) => (ingest as unknown as { bulk: { reader: unknown } | null }).bulk?.reader;

/** Descriptors this process has open on the file (Linux; elsewhere none are seen). */
function descriptorsOn(path: string): number {
  if (!existsSync('/proc/self/fd')) return 0;
  const real = realpathSync(path);
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === real) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

/** Waits until `ok` holds, for up to `ms`: a stopped thread is joined by this thread's event loop. */
async function waitFor(ok: () => boolean, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

describe("the first build's reader thread", () => {
  it('gives the same tables as reads on the indexer connection while a writer appends, commits and checkpoints', () => {
    const path = createTraceDb({ rows: sampleRows(2000) });
    const { ingest, side } = open(path, true);
    const writer = new Database(path, { timeout: 1000 });
    const more = sampleRows(400, Date.UTC(2026, 10, 20, 13, 0, 0));
    ingest.stepBulk(200, 50);
    expect(readerOf(ingest)).toBeInstanceOf(ThreadReader);
    for (let i = 0; i < 10; i++) {
      // The thread has read ahead and waits: it holds no read transaction, so a checkpoint that
      // needs every reader gone completes (each read is one statement).
      appendRows(path, more.slice(i * 40, (i + 1) * 40));
      const [checkpoint] = writer.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      expect(checkpoint.busy).toBe(0);
      expect(ingest.stepBulk(200, 50).added).toBeGreaterThan(0);
    }
    while (ingest.stepBulk(300, 50).added > 0);
    ingest.endBulk();
    writer.close();
    expect(side.prepare('SELECT count(*) FROM rows').pluck().get()).toBe(2400);
    const reference = open(path, false);
    while (reference.ingest.stepBulk(700).added > 0);
    expect(readerOf(reference.ingest)).not.toBeInstanceOf(ThreadReader);
    expect(dump(side)).toEqual(dump(reference.side));
  });

  it('stops its thread when the build stops mid-file, and a later build goes on where it stopped', async () => {
    const path = createTraceDb({ rows: sampleRows(3000) });
    const { ingest, side, source } = open(path, true);
    // The WAL file's descriptors: SQLite keeps a closed connection's descriptor on the database
    // file itself for reuse while another connection of the process holds locks on it.
    const wal = `${path}-wal`;
    const before = descriptorsOn(wal);
    ingest.stepBulk(300, 100);
    if (existsSync('/proc/self/fd')) expect(descriptorsOn(wal)).toBeGreaterThan(before);
    ingest.endBulk();
    // The thread closes its connection between two reads and exits.
    const t = performance.now();
    expect(await waitFor(() => descriptorsOn(wal) === before, 5000), 'descriptors of the stopped thread closed').toBe(
      true,
    );
    expect(performance.now() - t).toBeLessThan(1000);
    while (ingest.stepBulk(1000, 100).added > 0);
    ingest.endBulk();
    const reference = open(path, false);
    while (reference.ingest.stepBulk(3000).added > 0);
    expect(dump(side)).toEqual(dump(reference.side));
    source.close();
  });

  it("a read that fails on the thread leaves the index as it was and keeps SQLite's error code", () => {
    const path = createTraceDb({ rows: sampleRows(3000) });
    const { ingest, side } = open(path, true);
    ingest.stepBulk(500, 50);
    const state = () => ({
      meta: { ...ingest.meta },
      series: [...ingest.seriesIds],
      tables: dump(side),
      chunk: side.prepare('SELECT count(*) FROM temp.bulk_chunk').pluck().get(),
    });
    const before = state();
    // The thread's next read names a column gone from the file; the indexer's own statements
    // (max(rowid)) still run. Reads it made ahead before the change stay valid: a chunk of
    // many windows gets past them.
    const w = new Database(path);
    w.exec('ALTER TABLE data_trace DROP COLUMN memory_delta');
    w.close();
    let caught: unknown = null;
    try {
      ingest.stepBulk(2000, 50);
    } catch (err) {
      caught = err;
    }
    expect((caught as Error | null)?.message).toMatch(/memory_delta/);
    expect((caught as { code?: string }).code).toMatch(/^SQLITE_/);
    expect(state()).toEqual(before);
    ingest.endBulk();
  });

  it('refuses a file it cannot open, and a build whose file is gone from its path reads on the indexer connection', () => {
    const sql = { read: 'SELECT NULL, NULL, 0 WHERE ? < ?', nextRowid: 'SELECT NULL WHERE ? > 0' };
    expect(() => new ThreadReader(join(tempDir(), 'missing.db'), sql)).toThrow(/ENOENT|unable to open/);
    // Deleted (or rotated away) after the indexer opened it: its connection still reads the old inode.
    const path = createTraceDb({ rows: sampleRows(500) });
    const { ingest, side } = open(path, true);
    rmSync(path);
    while (ingest.stepBulk(200).added > 0);
    expect(readerOf(ingest)).toBeInstanceOf(InlineReader);
    expect(side.prepare('SELECT count(*) FROM rows').pluck().get()).toBe(500);
    ingest.endBulk();
  });

  it('never reads another file than the indexer connection: one rotated in at the path is left to the next tick', () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, rows: sampleRows(300) });
    const other = createTraceDb({ dir: tempDir(), rows: sampleRows(900) });
    const h = openSource(path);
    const { dev, ino } = statSync(path);
    const side = openSidecar(tempDir(), 'k', h.db, path, h.schema).db;
    const ingest = new Ingest(h.db, side, h.schema, thresholdLookup([]), { sourceIdentity: () => ({ dev, ino }) });
    renameSync(other, path); // rotated: the path names another file now
    while (ingest.stepBulk(200).added > 0);
    expect(readerOf(ingest)).toBeInstanceOf(InlineReader);
    expect(side.prepare('SELECT count(*) FROM rows').pluck().get()).toBe(300);
    ingest.endBulk();
  });
});
