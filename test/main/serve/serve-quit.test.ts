// Quitting ends within 2 s whatever the engine is doing: the attacker's file keeps a reader busy
// (here: the child process vetting it) when the user stops `serve` or the app.
import { execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slowToReadDb } from '../../fixtures/hostile-db.ts';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { bulkTraceDb, newEngine, openLive, until } from '../../db/engine/engine-harness.ts';

const CLI = resolve(import.meta.dirname, '..', '..', '..', 'main', 'serve', 'serve-cli.ts');

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('quitting while a hostile file is being read', () => {
  it('serve exits within 2 s of SIGTERM, and leaves no process reading the file behind', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [CLI, slowToReadDb(dir), '--port', '0', '--data-dir', join(dir, 'data')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number>((done) => child.on('exit', () => done(performance.now())));
    // The moment the file is being vetted: serve has a child process reading it.
    const probes = await until(
      () => childrenOf(child.pid!),
      (c) => c.length > 0,
      'serve to start reading the file',
      20_000,
    );
    const signalled = performance.now();
    child.kill('SIGTERM');
    expect((await exited) - signalled).toBeLessThan(2000);
    await until(
      () => probes.filter(alive),
      (left) => left.length === 0,
      'the reading process to be gone',
      1000,
    );
  });

  it('serve exits within 2 s of SIGTERM while serving a normal file', async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      [CLI, createTraceDb({ dir, rows: sampleRows(20) }), '--port', '0', '--data-dir', join(dir, 'data')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const ready = new Promise<void>((done) =>
      child.stdout.on('data', (d: Buffer) => ((out += d.toString()), /Ctrl-C stops/.test(out) && done())),
    );
    const exited = new Promise<{ at: number; code: number | null }>((done) =>
      child.on('exit', (code) => done({ at: performance.now(), code })),
    );
    await ready;
    const signalled = performance.now();
    child.kill('SIGTERM');
    const { at, code } = await exited;
    expect(at - signalled).toBeLessThan(2000);
    expect(code).toBe(0);
  });

  it('serve exits by itself within 2 s of SIGTERM in the middle of a first build', async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      [CLI, bulkTraceDb(300_000, { dir }), '--port', '0', '--data-dir', join(dir, 'data')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const ready = new Promise<void>((done) =>
      child.stdout.on('data', (d: Buffer) => ((out += d.toString()), /Ctrl-C stops/.test(out) && done())),
    );
    const exited = new Promise<{ at: number; code: number | null }>((done) =>
      child.on('exit', (code) => done({ at: performance.now(), code })),
    );
    await ready; // the index is open and its first build under way (300k rows: seconds)
    await new Promise((r) => setTimeout(r, 300));
    const signalled = performance.now();
    child.kill('SIGTERM');
    const { at, code } = await exited;
    expect(at - signalled).toBeLessThan(2000);
    expect(code).toBe(0); // ended by itself: not by the quit deadline's SIGKILL
    expect(err).not.toMatch(/did not stop|failed/);
  });

  it('engine.shutdown() stops an indexer whose file is still opening; the open fails as closed', async () => {
    const engine = newEngine();
    const path = bulkTraceDb(100_000);
    const opening = engine.call('open', { path });
    // The file has been vetted (its child process came and went): the indexer thread is starting.
    await until(
      () => childrenOf(process.pid).length,
      (n) => n > 0,
      'the file to be vetted',
      20_000,
    );
    await until(
      () => childrenOf(process.pid).length,
      (n) => n === 0,
      'the vetting to end',
      20_000,
    );
    const started = performance.now();
    expect(await engine.shutdown()).toBe(true); // every thread ended, the opening indexer's too
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await opening).toMatchObject({ ok: false, error: { kind: 'closed' } });
    expect(await engine.call('databases', {})).toEqual({ ok: true, value: [] });
  });

  it('engine.shutdown() ends within 2 s during an open of a hostile file, which then fails as closed', async () => {
    const engine = newEngine();
    const good = await openLive(engine, createTraceDb({ rows: sampleRows(5) }));
    const opening = engine.call('open', { path: slowToReadDb() });
    await until(
      () => childrenOf(process.pid).length,
      (n) => n > 0,
      'the file to be vetted',
      20_000,
    );
    const started = performance.now();
    await engine.shutdown();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await opening).toMatchObject({ ok: false, error: { kind: 'closed' } });
    expect(await engine.call('traceCount', { db: good })).toMatchObject({ ok: false });
  });
});
