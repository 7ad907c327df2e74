import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';

const CLI = resolve(import.meta.dirname, '..', '..', '..', 'main', 'serve', 'serve-cli.ts');

/** Runs `npm run serve` for real, as a process; resolves with its output once `until` matches or it exits. */
function run(args: string[], until: RegExp | null, env: Record<string, string> = {}): Promise<{ code: number | null; out: string; url: string | null }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let signalled = false;
    const onData = (d: Buffer) => {
      out += d;
      if (until && !signalled && until.test(out)) {
        signalled = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => done({ code, out, url: /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] ?? null }));
  });
}

describe('npm run serve', () => {
  it('serves a database on 127.0.0.1 and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, rows: sampleRows(10) });
    const res = await run([path, '--port', '0', '--data-dir', join(dir, 'data')], /Ctrl-C stops/);
    expect(res.out).toContain(`serving ${path}`);
    expect(res.url).not.toBeNull();
    expect(res.code).toBe(0);
  });

  it('names the problem with a bad file and exits non-zero', async () => {
    const dir = tempDir();
    const notDb = join(dir, 'notes.db');
    writeFileSync(notDb, 'just some text\n');
    const res = await run([notDb, '--port', '0', '--data-dir', join(dir, 'data')], null);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/not a SQLite database \(it looks like a text file\)/);
  });

  it('refuses a bad port with the usage line', async () => {
    const res = await run(['x.db', '--port', 'abc'], null);
    expect(res.code).toBe(2);
    expect(res.out).toMatch(/usage: npm run serve/);
  });
});

describe('npm run serve --otlp-port', () => {
  it('receives OTLP/HTTP into the --otlp-db file and opens it beside the main database', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, rows: sampleRows(3) });
    const otlpDb = join(dir, 'received.db');
    const res = await run([path, '--port', '0', '--otlp-port', '0', '--otlp-db', otlpDb, '--data-dir', join(dir, 'data')], /Ctrl-C stops/);
    expect(res.out).toMatch(/Receiving OpenTelemetry traces \(OTLP\/HTTP\) at http:\/\/127\.0\.0\.1:\d+\/v1\/traces into .*received\.db \(handle db2\)/);
    expect(res.code).toBe(0);
  });

  it('refuses a bad --otlp-port with the usage line', async () => {
    const res = await run(['x.db', '--otlp-port', '99999'], null);
    expect(res.code).toBe(2);
    expect(res.out).toMatch(/--otlp-port must be a number/);
  });
});
