// Webhook delivery against real HTTP receivers on loopback: one that checks Standard Webhooks
// signatures, one that fails N times then succeeds, one that hangs, one that answers 500 forever,
// and a restart of the engine in the middle of retries.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, Webhook } from '../../../db/api/alert-types.ts';
import { DELIVERY_DEFAULTS } from '../../../db/alerts/delivery.ts';
import { Engine, type EngineOptions } from '../../../db/engine/engine.ts';
import { appendRows, createTraceDb, tempDir, type FixtureRow } from '../../fixtures/trace-db.ts';
import { openLive, until } from '../engine/engine-harness.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  answered: number | 'hung';
}

/** A loopback receiver; `answer(n)` decides the status of the n-th request (0-based), or 'hang'. */
async function receiver(
  answer: (n: number) => number | 'hang',
): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const a = answer(got.length);
      got.push({ headers: req.headers, body, answered: a === 'hang' ? 'hung' : a });
      if (a === 'hang') return; // never answers
      res.writeHead(a).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const stale = (n: number, v = 'x'): FixtureRow[] =>
  Array.from({ length: n }, () => ({
    process: 'sync.poll',
    data: 'cursor',
    data_type: 'str',
    data_value: v,
    timestamp: new Date().toISOString(),
    status: 'OK',
  }));

const engines: Engine[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.shutdown()));
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function setup(opts: {
  url: string;
  secret?: string;
  format?: 'json' | 'slack';
  engine?: EngineOptions['alerts'];
  dataDir?: string;
  headers?: Record<string, string>;
}) {
  const dataDir = opts.dataDir ?? join(tempDir(), 'data');
  const engine = new Engine({ dataDir, alerts: { tickMs: 100, ...opts.engine } });
  engines.push(engine);
  const path = createTraceDb({ rows: stale(2) });
  const db = await openLive(engine, path);
  const hook = await engine.invoke('saveWebhook', {
    webhook: { name: 'receiver', url: opts.url, secret: opts.secret, format: opts.format, headers: opts.headers },
  });
  const [rule] = await engine.invoke('alertRules', { db });
  await engine.invoke('saveAlertRule', {
    db,
    rule: { id: rule.id, name: rule.name, severity: rule.severity, condition: rule.condition, webhooks: [hook.id] },
  });
  return { engine, db, path, hook, dataDir };
}

async function deliveries(engine: Engine, hook: Webhook): Promise<Delivery[]> {
  return engine.invoke('webhookDeliveries', { webhookId: hook.id });
}

describe('webhooks', () => {
  it('signs each notification per Standard Webhooks, with the documented JSON payload', async () => {
    const r = await receiver(() => 204);
    closers.push(r.close);
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const { engine, db, path, hook } = await setup({
      url: r.url,
      secret,
      headers: { 'X-Team': 'payments', Authorization: 'Bearer s3cr3t-token' },
    });
    appendRows(path, stale(5));
    await until(
      () => r.got.length,
      (n) => n >= 1,
      'the firing notification',
    );
    const { headers, body } = r.got[0];
    // Verified here from the spec, independently of the engine's own signing code.
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = `v1,${createHmac('sha256', key)
      .update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`)
      .digest('base64')}`;
    expect(headers['webhook-signature']).toBe(expected);
    expect(headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-team']).toBe('payments');
    expect(headers.authorization).toBe('Bearer s3cr3t-token');
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({
      type: 'alert.firing',
      data: {
        version: 1,
        alert: { state: 'firing', subject: 'sync.poll · cursor', ruleName: 'Stale variable', severity: 'warning' },
        database: { path },
      },
    });
    expect(new Date(payload.timestamp).getTime()).toBeGreaterThan(Date.now() - 10_000);

    // Acknowledging and resolving notify too, each as its own message.
    const [alert] = await engine.invoke('alerts', { db });
    await engine.invoke('acknowledgeAlert', { db, id: alert.id, comment: 'on it' });
    appendRows(path, stale(1, 'y'));
    await until(
      () => r.got.length,
      (n) => n >= 3,
      'acknowledged and resolved notifications',
    );
    expect(r.got.map((g) => JSON.parse(g.body).type)).toEqual(['alert.firing', 'alert.acknowledged', 'alert.resolved']);
    expect(new Set(r.got.map((g) => g.headers['webhook-id'])).size).toBe(3);

    // The secret never comes back, and credential-looking headers are masked.
    const listed = await engine.invoke('webhooks', {});
    expect(listed[0]).toMatchObject({
      id: hook.id,
      hasSecret: true,
      headers: { 'X-Team': 'payments', Authorization: '••••••••' },
    });
    expect(JSON.stringify(listed)).not.toContain('MfKQ9r8');
    expect(JSON.stringify(listed)).not.toContain('s3cr3t');
    expect(JSON.stringify(await deliveries(engine, hook))).not.toContain('s3cr3t');
    // Saving it back with the mask keeps the real value.
    const { id, name, url, format, headers: masked, enabled } = listed[0];
    await engine.invoke('saveWebhook', { webhook: { id, name, url, format, headers: masked, enabled } });
    await engine.invoke('testWebhook', { id: hook.id });
    await until(
      () => r.got.length,
      (n) => n >= 4,
      'the test notification',
    );
    expect(r.got[3].headers.authorization).toBe('Bearer s3cr3t-token');
    expect(JSON.parse(r.got[3].body).type).toBe('test');
  });

  it('posts Slack-compatible {"text"} messages', async () => {
    const r = await receiver(() => 200);
    closers.push(r.close);
    const { path } = await setup({ url: r.url, format: 'slack' });
    appendRows(path, stale(5));
    await until(
      () => r.got.length,
      (n) => n >= 1,
      'the Slack message',
    );
    const msg = JSON.parse(r.got[0].body);
    expect(Object.keys(msg)).toEqual(['text']);
    expect(msg.text).toMatch(/\[warning\] Stale variable — sync\.poll · cursor: .* — FIRING/);
    expect(r.got[0].headers['webhook-signature']).toBeUndefined();
  });

  it('retries with backoff under the same webhook-id until the receiver accepts, and logs every attempt', async () => {
    const r = await receiver((n) => (n < 3 ? 503 : 200));
    closers.push(r.close);
    const { engine, path, hook } = await setup({
      url: r.url,
      engine: { delivery: { baseDelayMs: 80, maxDelayMs: 1000 } },
    });
    appendRows(path, stale(5));
    const [d] = await until(
      () => deliveries(engine, hook),
      (ds) => ds[0]?.status === 'delivered',
      'delivery after retries',
    );
    expect(r.got.map((g) => g.answered)).toEqual([503, 503, 503, 200]);
    expect(new Set(r.got.map((g) => g.headers['webhook-id']))).toEqual(new Set([d.id]));
    expect(new Set(r.got.map((g) => g.body)).size).toBe(1);
    expect(d.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503, 200]);
    expect(d.attempts.map((a) => a.error)).toEqual(['HTTP 503', 'HTTP 503', 'HTTP 503', null]);
    const gaps = d.attempts.slice(1).map((a, i) => a.at - d.attempts[i].at);
    // Exponential with equal jitter: each wait is at least half of 80·2^(n−1) ms.
    gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(40 * 2 ** i - 5));
  });

  it('gives up on a receiver that answers 500 forever, after the bounded time, and says so', async () => {
    const r = await receiver(() => 500);
    closers.push(r.close);
    const { engine, path, hook } = await setup({
      url: r.url,
      engine: { delivery: { baseDelayMs: 50, maxDelayMs: 200 }, giveUpAfterMs: 1200 },
    });
    appendRows(path, stale(5));
    const [d] = await until(
      () => deliveries(engine, hook),
      (ds) => ds[0]?.status === 'gave-up',
      'giving up',
      8000,
    );
    expect(d.attempts.length).toBeGreaterThan(3);
    expect(d.attempts.every((a) => a.statusCode === 500)).toBe(true);
    expect(d.nextAttemptAt).toBeNull();
    const count = r.got.length;
    await new Promise((res) => setTimeout(res, 600));
    expect(r.got.length).toBe(count); // nothing more after giving up
  });

  it('abandons an attempt to a receiver that hangs after 5 s, and retries it', async () => {
    expect(DELIVERY_DEFAULTS.timeoutMs).toBe(5000);
    const r = await receiver((n) => (n === 0 ? 'hang' : 200));
    closers.push(r.close);
    const { engine, path, hook } = await setup({ url: r.url, engine: { delivery: { baseDelayMs: 50 } } });
    appendRows(path, stale(5));
    const [d] = await until(
      () => deliveries(engine, hook),
      (ds) => ds[0]?.status === 'delivered',
      'delivery after the hang',
      15_000,
    );
    expect(d.attempts[0]).toMatchObject({ statusCode: null, error: 'no answer within 5 s' });
    expect(d.attempts[0].durationMs).toBeGreaterThanOrEqual(4900);
    expect(d.attempts[0].durationMs).toBeLessThan(6500);
    expect(d.attempts[1].statusCode).toBe(200);
  }, 20_000);

  it('survives a restart in the middle of retries: the same message is delivered exactly once', async () => {
    let accepted = 0;
    const r = await receiver((n) => (n < 2 ? 503 : (accepted++, 200)));
    closers.push(r.close);
    const first = await setup({ url: r.url, engine: { delivery: { baseDelayMs: 400, maxDelayMs: 400 } } });
    appendRows(first.path, stale(5));
    await until(
      () => r.got.length,
      (n) => n >= 1,
      'the first failed attempt',
    );
    await first.engine.shutdown(); // mid-retry: the next attempt was due ~200–400 ms later
    engines.splice(engines.indexOf(first.engine), 1);
    const countAtStop = r.got.length;

    const engine = new Engine({
      dataDir: first.dataDir,
      alerts: { tickMs: 100, delivery: { baseDelayMs: 100, maxDelayMs: 100 } },
    });
    engines.push(engine);
    const [d] = await until(
      () => deliveries(engine, first.hook),
      (ds) => ds.length > 0 && ds.every((x) => x.status === 'delivered'),
      'delivery after the restart',
    );
    await new Promise((res) => setTimeout(res, 500));
    expect(countAtStop).toBeLessThan(r.got.length);
    expect(accepted).toBe(1);
    expect(new Set(r.got.map((g) => g.headers['webhook-id']))).toEqual(new Set([d.id]));
    expect(d.attempts.length).toBe(r.got.length);
    // The restarted engine did not fire the alert again: the open alert survived the restart.
    expect(await engine.invoke('webhookDeliveries', {})).toHaveLength(1);
  });

  it('refuses bad URLs and headers with clear errors', async () => {
    const engine = new Engine({ dataDir: join(tempDir(), 'data') });
    engines.push(engine);
    const bad = async (webhook: unknown) =>
      ((await engine.call('saveWebhook', { webhook })) as { ok: false; error: { kind: string; message: string } })
        .error;
    expect(await bad({ name: 'x', url: 'ftp://example.com/hook' })).toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/only http and https/),
    });
    expect(await bad({ name: 'x', url: 'not a url' })).toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/is not a URL/),
    });
    expect(await bad({ name: 'x', url: 'javascript:alert(1)' })).toMatchObject({ kind: 'invalid-input' });
    expect(await bad({ name: 'x', url: 'https://h/x', headers: { 'webhook-signature': 'forged' } })).toMatchObject({
      message: expect.stringMatching(/set by Trace Inspector/),
    });
    expect(await bad({ name: 'x', url: 'https://h/x', headers: { 'X-A': 'line\r\nInjected: 1' } })).toMatchObject({
      message: expect.stringMatching(/must be one line/),
    });
    expect(await bad({ name: 'x', url: 'https://h/x', secret: 'short' })).toMatchObject({
      message: expect.stringMatching(/at least 8 characters/),
    });
    const saved = await engine.invoke('saveWebhook', {
      webhook: { name: 'x', url: 'https://bot:hunter2hunter2@hooks.example.com/x' },
    });
    expect(saved.url).not.toContain('hunter2');
  });
});
