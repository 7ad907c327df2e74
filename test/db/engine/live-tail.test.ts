// Tailing a database that a tracer in another process is writing: commits show up within a
// poll, a writer killed mid-transaction leaves only what it committed, rotation, truncation and
// checkpoints are followed, and the inspector never writes to the user's file.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../db/engine/engine.ts';
import { appendRows, createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { newEngine, openLive, record, until } from './engine-harness.ts';
import { nodeProbeLauncher } from '../../../db/source/probe-launcher.ts';
import { startWriter } from './writer-process.ts';

const rows = (n: number, process = 'writer.fn') => Array.from({ length: n }, (_, i) => ({ process, value: i }));

async function newestIds(engine: Engine, db: string, limit = 10_000): Promise<number[]> {
  return (await engine.invoke('traces', { db, limit })).rows.map((r) => r.id);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('live tail of a database another process writes', () => {
  it('shows a committed row in a rows event and in traces within a poll of its commit', async () => {
    const path = createTraceDb();
    const writer = await startWriter(path);
    const engine = newEngine({ pollMs: 50 }); // the production default
    const db = await openLive(engine, path);
    const events = record(engine, db);
    const toEvent: number[] = [];
    const toQuery: number[] = [];
    for (let i = 0; i < 12; i++) {
      const reply = await writer.must({ op: 'append', rows: [{ process: 'latency.fn', value: i }] });
      const [id] = reply.ids as number[];
      const committedAt = reply.committedAt as number;
      const poll = until(
        () => engine.invoke('traces', { db, limit: 1 }),
        (p) => p.rows[0]?.id === id,
        `row ${id} in traces`,
        3000,
      );
      const seen = await events.next('rows', (p) => p.maxId >= id, { timeoutMs: 3000 });
      toEvent.push(seen.at - committedAt);
      await poll;
      toQuery.push(Date.now() - committedAt);
      expect(seen.payload.rows.map((r) => r.id)).toContain(id);
      await new Promise((r) => setTimeout(r, 30 + ((i * 37) % 60))); // commits land anywhere in the poll cycle
    }
    console.log(
      `commit → rows event: median ${median(toEvent)} ms, max ${Math.max(...toEvent)} ms; commit → visible in traces: median ${median(toQuery)} ms, max ${Math.max(...toQuery)} ms (pollMs 50)`,
    );
    for (const ms of [...toEvent, ...toQuery]) expect(ms).toBeLessThan(1000);
    expect((await engine.invoke('traceCount', { db })).count).toBe(12);
  });

  it('indexes all of a commit bigger than one tick reads, without waiting for another commit', async () => {
    // A tick reads at most 20 batches (live-index.ts): 140 rows of batchRows 7. The rest of one
    // 500-row commit used to wait until data_version moved again, i.e. the writer's next commit.
    const path = createTraceDb({ rows: sampleRows(3) });
    const engine = newEngine({ batchRows: 7, pollMs: 50 });
    const db = await openLive(engine, path);
    appendRows(path, rows(500, 'burst.fn'));
    await until(
      () => engine.invoke('traceCount', { db, range: { preset: 'all' } }),
      (c) => c.count === 503,
      'the whole commit indexed',
      5000,
    );
  });

  it('shows only committed rows after the writer is killed mid-transaction, and keeps tailing a new writer', async () => {
    const path = createTraceDb();
    const first = await startWriter(path);
    const committed = (await first.must({ op: 'append', rows: rows(50) })).ids as number[];
    const engine = newEngine();
    const db = await openLive(engine, path);
    const events = record(engine, db);
    await first.must({ op: 'begin', rows: 5000 }); // BEGIN; 5,000 inserts; no COMMIT
    const walBytes = statSync(`${path}-wal`).size;
    await first.kill('SIGKILL');
    console.log(`-wal held ${walBytes} bytes of the uncommitted transaction when the writer was killed`);
    expect(walBytes).toBeGreaterThan(100_000); // the open transaction really reached the file

    await new Promise((r) => setTimeout(r, 300)); // many polls
    expect(await newestIds(engine, db)).toEqual([...committed].reverse());
    expect((await engine.invoke('traceCount', { db })).count).toBe(50);
    expect((await engine.invoke('functions', { db })).map((f) => f.process)).toEqual(['writer.fn']);
    expect((await engine.invoke('info', { db })).state).toBe('live');
    expect(events.of('rows')).toEqual([]);

    const second = await startWriter(path);
    const more = (await second.must({ op: 'append', rows: rows(10, 'after.kill') })).ids as number[];
    expect(more[0]).toBe(51); // the killed transaction's rowids were never taken
    await events.next('rows', (p) => p.maxId === more[more.length - 1]);
    expect(await newestIds(engine, db)).toEqual([...committed, ...more].reverse());
    expect((await engine.invoke('traceCount', { db })).count).toBe(60);
  });

  it('follows rotation: the file deleted, then a new one with other rows at the same path', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir });
    const writer = await startWriter(path);
    await writer.must({ op: 'append', rows: rows(30, 'before.rotation') });
    const engine = newEngine({ poolSize: 2 });
    const db = await openLive(engine, path);
    const events = record(engine, db);
    expect(await newestIds(engine, db)).toHaveLength(30); // one at a time: only the first worker has opened the file
    await writer.must({ op: 'close' });
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });

    await events.next('status', (s) => s.state === 'missing');
    expect((await engine.invoke('info', { db })).state).toBe('missing');
    // While the file is missing every worker says so, whether or not it still holds a
    // connection to the deleted file: two queries at once reach both workers.
    const both = await Promise.all([
      engine.call('traces', { db, limit: 100 }),
      engine.call('traces', { db, limit: 100 }),
    ]);
    expect(both.map((r) => (r.ok ? 'answered' : r.error.kind))).toEqual(['vanished', 'vanished']);
    expect(!both[0].ok && both[0].error.message).toMatch(/deleted or moved/);

    createTraceDb({ dir, rows: sampleRows(5).map((r) => ({ ...r, process: 'after.rotation' })) });
    const fresh = await until(
      () => engine.invoke('traces', { db, limit: 100 }),
      (p) => p.rows.length === 5 && p.rows.every((r) => r.process === 'after.rotation'),
      'the new file indexed',
    );
    expect(fresh.rows.map((r) => r.id)).toEqual([5, 4, 3, 2, 1]);
    await until(
      () => engine.invoke('info', { db }),
      (i) => i.state === 'live',
      'live again',
    );
    expect((await engine.invoke('traceCount', { db })).count).toBe(5);
    expect((await engine.invoke('functions', { db })).map((f) => f.process)).toEqual(['after.rotation']);

    const next = await startWriter(path);
    const added = (await next.must({ op: 'append', rows: rows(3, 'after.rotation') })).ids as number[];
    await events.next('rows', (p) => p.maxId === added[2]);
    expect((await engine.invoke('traceCount', { db })).count).toBe(8);
  });

  it('keeps tailing after a schema change in place (a writer’s CREATE INDEX), which the host vets again first', async () => {
    const launched: string[] = [];
    const engine = newEngine({
      launchProbe: (script, args) => (launched.push(args[0]), nodeProbeLauncher(script, args)),
    });
    const path = createTraceDb({ rows: sampleRows(50) });
    const db = await openLive(engine, path);
    const writer = await startWriter(path);
    await writer.must({ op: 'exec', sql: 'CREATE INDEX by_timestamp ON data_trace(timestamp)' });
    const added = (await writer.must({ op: 'append', rows: rows(3, 'after.index') })).ids as number[];
    await until(
      () => engine.invoke('info', { db }),
      (i) => i.index.indexedRows === added[2] && i.state === 'live',
      'the rows written after the change indexed',
    );
    expect(launched).toEqual([path, path]);
    expect((await engine.invoke('traceCount', { db })).count).toBe(53);
  });

  it('re-indexes a database truncated in place (DELETE and VACUUM) and one replaced by a smaller file', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir });
    const writer = await startWriter(path);
    await writer.must({ op: 'append', rows: rows(40, 'old.fn') });
    await writer.must({ op: 'append', rows: rows(40, 'old.fn') });
    const engine = newEngine();
    const db = await openLive(engine, path);
    expect((await engine.invoke('traceCount', { db })).count).toBe(80);

    await writer.must({ op: 'exec', sql: 'DELETE FROM data_trace' });
    await writer.must({ op: 'exec', sql: 'VACUUM' });
    const kept = (await writer.must({ op: 'append', rows: rows(3, 'new.fn') })).ids as number[];
    expect(kept).toEqual([1, 2, 3]);
    await until(
      () => engine.invoke('traceCount', { db }),
      (c) => c.count === 3,
      'the truncated file re-indexed',
    );
    expect(await newestIds(engine, db)).toEqual([3, 2, 1]);
    expect((await engine.invoke('functions', { db })).map((f) => f.process)).toEqual(['new.fn']);
    expect((await engine.invoke('traces', { db })).rows.every((r) => r.process === 'new.fn')).toBe(true);

    // A smaller file moved over it (the writer checkpointed and closed first, as a rotating tracer does).
    await writer.must({ op: 'checkpoint', mode: 'TRUNCATE' });
    await writer.must({ op: 'close' });
    const smaller = createTraceDb({ dir: tempDir(), rows: sampleRows(2).map((r) => ({ ...r, process: 'moved.fn' })) });
    renameSync(smaller, path);
    await until(
      () => engine.invoke('traces', { db }),
      (p) => p.rows.length === 2 && p.rows.every((r) => r.process === 'moved.fn'),
      'the moved file indexed',
    );
    expect((await engine.invoke('traceCount', { db })).count).toBe(2);
    expect((await engine.invoke('functions', { db })).map((f) => f.process)).toEqual(['moved.fn']);
  });

  it('loses no rows across checkpoints, and its reads never hold a TRUNCATE checkpoint back', async () => {
    // TRUNCATE waits (busy_timeout, 2 s here) for readers to finish: the inspector's read
    // transactions are one statement long, so it always gets through. (With busy_timeout 0 it
    // can report busy when it lands on one of those reads; nothing is lost either way.)
    const path = createTraceDb();
    const writer = await startWriter(path);
    const engine = newEngine();
    const db = await openLive(engine, path);
    const events = record(engine, db);
    const ids: number[] = [];
    const checkpoints: unknown[] = [];
    for (let round = 0; round < 4; round++) {
      for (let k = 0; k < 5; k++)
        ids.push(...((await writer.must({ op: 'append', rows: rows(20, `round${round}`) })).ids as number[]));
      const cp = await writer.must({ op: 'checkpoint', mode: 'TRUNCATE' });
      checkpoints.push(cp.result);
      expect(cp.result).toMatchObject({ busy: 0 });
      expect(statSync(`${path}-wal`).size).toBe(0);
    }
    await events.next('rows', (p) => p.maxId === ids[ids.length - 1]);
    const oldest = (await engine.invoke('traces', { db, order: 'oldest', limit: 10_000 })).rows.map((r) => r.id);
    expect(oldest).toEqual(ids);
    expect((await engine.invoke('traceCount', { db })).count).toBe(400);
    console.log(`TRUNCATE checkpoints with the inspector tailing: ${JSON.stringify(checkpoints)}`);
  });
});

describe("the user's file", () => {
  it('is never written: a rollback-journal database keeps its bytes, and gets no -wal or -journal', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, wal: false, rows: sampleRows(500) });
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    expect(readdirSync(dir)).toEqual(['trace.db']);
    const engine = newEngine();
    const db = await openLive(engine, path);
    expect((await engine.invoke('info', { db })).journalMode).toBe('delete');
    await engine.invoke('traces', { db, limit: 50 });
    await engine.invoke('overview', { db, range: { preset: 'all' } });
    await engine.invoke('functionStats', { db, process: 'orders.service.place_order' });
    await engine.invoke('row', { db, id: 1 });
    await engine.invoke('setStaleThreshold', { db, process: '*', data: 'order_id', threshold: 2 });
    const during = readdirSync(dir).sort();
    await engine.shutdown();
    const after = readdirSync(dir).sort();
    console.log(
      `beside a rollback-journal database while open: ${JSON.stringify(during)}; after: ${JSON.stringify(after)}`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect(during.filter((f) => /-(wal|journal)$/.test(f))).toEqual([]);
    expect(after).toEqual(['trace.db']);
  });

  it('keeps the main file of a WAL database byte for byte', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, rows: sampleRows(500) }); // closed cleanly: no -wal or -shm left
    const before = readFileSync(path);
    const listed = readdirSync(dir).sort();
    const engine = newEngine();
    const db = await openLive(engine, path);
    await engine.invoke('overview', { db, range: { preset: 'all' } });
    const during = readdirSync(dir).sort();
    await engine.shutdown();
    const sizes = readdirSync(dir)
      .sort()
      .map((f) => `${f} ${statSync(join(dir, f)).size} B`);
    console.log(
      `beside a WAL database before: ${JSON.stringify(listed)}, while open: ${JSON.stringify(during)}, after: ${JSON.stringify(sizes)}`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-journal`)).toBe(false);
    // SQLite's read-only connection creates the -wal and -shm a WAL database needs to be read
    // (as any reader does) and cannot remove them on close; the -wal stays empty.
    if (existsSync(`${path}-wal`)) expect(statSync(`${path}-wal`).size).toBe(0);
  });
});
