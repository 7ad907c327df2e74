// `npm run serve`'s process runs with two malloc arenas and a fixed mmap threshold
// (main/serve/malloc-arenas.ts): it starts itself again under them, as the same process, before
// it loads anything.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';

const ENTRY = resolve(import.meta.dirname, '..', '..', '..', 'main', 'serve', 'serve-main.ts');

/** Starts serve through its entry, reads its environment from the kernel once it listens, stops it. */
async function environmentOfServe(env: NodeJS.ProcessEnv): Promise<{ environ: string[]; code: number | null }> {
  const dir = tempDir();
  const child = spawn(
    process.execPath,
    [ENTRY, createTraceDb({ dir, rows: sampleRows(5) }), '--port', '0', '--data-dir', join(dir, 'data')],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  await new Promise<void>((done) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => ((out += d.toString()), /Ctrl-C stops/.test(out) && done()));
  });
  // The pid the parent knows: execve kept it, so signals and /proc still reach the server.
  const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
  child.kill('SIGTERM');
  return { environ, code: await exited };
}

describe.runIf(process.platform === 'linux')('the serve process', () => {
  it('runs with MALLOC_ARENA_MAX=2 and MALLOC_MMAP_THRESHOLD_, as the process its parent started, and stops on SIGTERM', async () => {
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.MALLOC_MMAP_THRESHOLD_;
    const { environ, code } = await environmentOfServe(env);
    expect(environ).toContain('MALLOC_ARENA_MAX=2');
    expect(environ).toContain('MALLOC_MMAP_THRESHOLD_=131072');
    expect(code).toBe(0);
  });

  it('keeps the values the user set, and adds the one missing', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, MALLOC_ARENA_MAX: '4' };
    delete env.MALLOC_MMAP_THRESHOLD_;
    const { environ } = await environmentOfServe(env);
    expect(environ).toContain('MALLOC_ARENA_MAX=4');
    expect(environ).toContain('MALLOC_MMAP_THRESHOLD_=131072');
    const both = await environmentOfServe({ ...process.env, MALLOC_ARENA_MAX: '3', MALLOC_MMAP_THRESHOLD_: '65536' });
    expect(both.environ).toContain('MALLOC_ARENA_MAX=3');
    expect(both.environ).toContain('MALLOC_MMAP_THRESHOLD_=65536');
  });
});
