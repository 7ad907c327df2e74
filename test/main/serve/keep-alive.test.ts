// A request sent on a kept-alive connection while `serve` is stalled is answered when it wakes up.
// The 10M bench lost its first query after the build with "fetch failed" (issue 14): under load the
// server's timers ran before it read the waiting request, and its 5 s keep-alive reset the socket.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../renderer/api/http-client.ts';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';

const CLI = resolve(import.meta.dirname, '..', '..', '..', 'main', 'serve', 'serve-cli.ts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kept-alive connections of serve', () => {
  it('answers a request that waited in a kept-alive socket while the server was stalled past 5 s', async () => {
    const dir = tempDir();
    const token = randomBytes(32).toString('hex');
    const child = spawn(
      process.execPath,
      [CLI, createTraceDb({ dir, rows: sampleRows(20) }), '--port', '0', '--data-dir', join(dir, 'data')],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TRACE_INSPECTOR_TOKEN: token } },
    );
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const url = await new Promise<string>((done) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (m) done(m[1]);
        });
      });
      const api = createHttpClient({ baseUrl: url, token });
      expect((await api.databases({})).ok).toBe(true);
      // The server is not scheduled (SIGSTOP stands in for a loaded machine) while the client
      // reuses the connection a second after the last answer, well inside its keep-alive.
      child.kill('SIGSTOP');
      await sleep(1000);
      const waiting = api.databases({});
      await sleep(6500); // past Node's default keep-alive (5 s, +1 s of its buffer)
      child.kill('SIGCONT');
      const res = await waiting;
      expect(res.ok ? 'answered' : res.error.message).toBe('answered');
    } finally {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 20_000);
});
