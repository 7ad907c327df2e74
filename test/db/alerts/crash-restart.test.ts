// A crash (SIGKILL) of a `serve` process in the middle of webhook retries: the next run sends the
// pending notification again under the same webhook-id, and the receiver gets it accepted once.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendRows, createTraceDb, tempDir, type FixtureRow } from '../../fixtures/trace-db.ts';
import { until } from '../engine/engine-harness.ts';

const SERVE = resolve(import.meta.dirname, '..', '..', '..', 'main', 'serve', 'serve-cli.ts');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function serve(db: string, dataDir: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [SERVE, db, '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/)\?token=([0-9a-f]+)/.exec(out);
      if (m) ok({ child, url: m[1], token: m[2] });
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => fail(new Error(`serve exited (${code}): ${out}`)));
  });
}

async function api<T>(s: { url: string; token: string }, op: string, input: unknown): Promise<T> {
  const res = await fetch(`${s.url}api/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${op}: ${body.error?.message}`);
  return body.value;
}

describe('webhook outbox across a crash', () => {
  it('delivers a notification whose retries were cut by SIGKILL exactly once, under the same webhook-id', async () => {
    const got: { headers: IncomingHttpHeaders; status: number }[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const status = got.length < 1 ? 503 : 200;
        got.push({ headers: req.headers, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const dir = tempDir();
      const dataDir = join(dir, 'data');
      const row = (v: string): FixtureRow => ({
        process: 'p',
        data: 'v',
        data_type: 'str',
        data_value: v,
        timestamp: new Date().toISOString(),
        status: 'OK',
      });
      const path = createTraceDb({ dir, rows: [row('a')] });

      let s = await serve(path, dataDir);
      const [{ db }] = await api<{ db: string }[]>(s, 'databases', {});
      const hook = await api<{ id: string }>(s, 'saveWebhook', {
        webhook: { name: 'r', url: hookUrl, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      });
      const [rule] = await api<{ id: string }[]>(s, 'alertRules', { db });
      await api(s, 'saveAlertRule', {
        db,
        rule: {
          id: rule.id,
          name: 'Stale variable',
          severity: 'warning',
          condition: { kind: 'staleness', process: '*', data: '*', threshold: 5 },
          webhooks: [hook.id],
        },
      });
      appendRows(
        path,
        Array.from({ length: 6 }, () => row('a')),
      );
      await until(
        () => got.length,
        (n) => n === 1,
        'the first (refused) attempt',
      );
      s.child.kill('SIGKILL'); // the retry was due 1–2 s later
      await new Promise((r) => s.child.once('exit', r));

      s = await serve(path, dataDir);
      await until(
        () => got.length,
        (n) => n >= 2,
        'the retry from the next run',
        15_000,
      );
      await new Promise((r) => setTimeout(r, 1500));
      expect(got.map((g) => g.status)).toEqual([503, 200]);
      expect(got[1].headers['webhook-id']).toBe(got[0].headers['webhook-id']);
      const deliveries = await api<
        { id: string; status: string; attempts: { statusCode: number | null; error: string | null }[] }[]
      >(s, 'webhookDeliveries', {});
      expect(deliveries).toEqual([expect.objectContaining({ id: got[0].headers['webhook-id'], status: 'delivered' })]);
      // The attempt cut by the crash is in the log, marked as such; the log never lies about a 503 it did not see.
      // Whether the 503 was recorded before the kill depends on timing: either way it is in the log.
      const [first, second] = deliveries[0].attempts;
      expect([
        JSON.stringify({ statusCode: 503, error: 'HTTP 503' }),
        JSON.stringify({ statusCode: null, error: 'no answer recorded: the app stopped during this attempt' }),
      ]).toContain(JSON.stringify({ statusCode: first.statusCode, error: first.error }));
      expect(second).toMatchObject({ statusCode: 200, error: null });
      expect(deliveries[0].attempts).toHaveLength(2);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 40_000);
});
