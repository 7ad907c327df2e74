import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';

const CLI = resolve(import.meta.dirname, '..', '..', '..', 'main', 'serve', 'serve-cli.ts');

/** Runs `npm run serve` for real, as a process; resolves with its output once `until` matches or it exits. */
function run(
  args: string[],
  until: RegExp | null,
  env: Record<string, string> = {},
  atUntil?: () => void,
): Promise<{ code: number | null; out: string; url: string | null; token: string | null }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let signalled = false;
    const onData = (d: Buffer) => {
      out += d.toString();
      if (until && !signalled && until.test(out)) {
        signalled = true;
        atUntil?.();
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) =>
      done({
        code,
        out,
        url: /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] ?? null,
        token: /\?token=([0-9a-f]+)/.exec(out)?.[1] ?? null,
      }),
    );
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

describe('npm run serve: the token', () => {
  it('prints an address carrying a fresh 256-bit token', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, rows: sampleRows(3) });
    const res = await run([path, '--port', '0', '--data-dir', join(dir, 'data')], /Ctrl-C stops/);
    expect(res.out).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64} in a browser/);
  });

  it('writes it to --token-file readable by the user alone, replacing a planted symlink, and removes it at exit', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, rows: sampleRows(3) });
    const file = join(dir, 'token');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me\n', { mode: 0o644 });
    symlinkSync(victim, file); // another user's trap: the token must not be written through it
    let seen: { text: string; mode: number } | null = null;
    const res = await run(
      [path, '--port', '0', '--data-dir', join(dir, 'data'), '--token-file', file],
      /Ctrl-C stops/,
      {},
      () => {
        seen = { text: readFileSync(file, 'utf8'), mode: statSync(file).mode & 0o777 };
      },
    );
    expect(seen).toEqual({ text: `${res.token}\n`, mode: 0o600 });
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(existsSync(file)).toBe(false);
    expect(res.code).toBe(0);
  });

  it('takes a fixed token from TRACE_INSPECTOR_TOKEN', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, rows: sampleRows(3) });
    const fixed = 'ab'.repeat(20);
    const res = await run([path, '--port', '0', '--data-dir', join(dir, 'data')], /Ctrl-C stops/, {
      TRACE_INSPECTOR_TOKEN: fixed,
    });
    expect(res.token).toBe(fixed);
  });

  it('refuses a TRACE_INSPECTOR_TOKEN shorter than 128 bits, before opening anything', async () => {
    const res = await run(['x.db', '--port', '0'], null, { TRACE_INSPECTOR_TOKEN: 'secret' });
    expect(res.code).toBe(2);
    expect(res.out).toMatch(/TRACE_INSPECTOR_TOKEN must be at least 32 hexadecimal characters/);
  });

  it('documents --token-file and TRACE_INSPECTOR_TOKEN in --help', async () => {
    const res = await run(['--help'], null);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/--token-file FILE/);
    expect(res.out).toMatch(/TRACE_INSPECTOR_TOKEN/);
  });
});

describe('npm run serve --otlp-port', () => {
  it('receives OTLP/HTTP into the --otlp-db file and opens it beside the main database', async () => {
    const dir = tempDir();
    const path = createTraceDb({ dir, rows: sampleRows(3) });
    const otlpDb = join(dir, 'received.db');
    const res = await run(
      [path, '--port', '0', '--otlp-port', '0', '--otlp-db', otlpDb, '--data-dir', join(dir, 'data')],
      /Ctrl-C stops/,
    );
    expect(res.out).toMatch(
      /Receiving OpenTelemetry traces \(OTLP\/HTTP\) at http:\/\/127\.0\.0\.1:\d+\/v1\/traces into .*received\.db \(handle db2\)/,
    );
    expect(res.code).toBe(0);
  });

  it('refuses a bad --otlp-port with the usage line', async () => {
    const res = await run(['x.db', '--otlp-port', '99999'], null);
    expect(res.code).toBe(2);
    expect(res.out).toMatch(/--otlp-port must be a number/);
  });
});
