// Webhook secrets under attack: each case plays someone who can call the API (or run a receiver)
// and tries to get a saved credential sent elsewhere, read it back, or make the app buffer
// without bound; and the secrets' file on disk.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, Webhook, WebhookInput } from '../../../db/api/alert-types.ts';
import { BODY_DRAINED_BYTES } from '../../../db/alerts/delivery.ts';
import type { HostCipher } from '../../../db/alerts/secret-cipher.ts';
import { SECRETS_FILE, WebhookSecrets } from '../../../db/alerts/webhook-secrets.ts';
import { Engine } from '../../../db/engine/engine.ts';
import { tempDir } from '../../fixtures/trace-db.ts';
import { until } from '../engine/engine-harness.ts';

interface Hit {
  url: string;
  headers: IncomingMessage['headers'];
}

async function receiver(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_q, r) => r.writeHead(204).end(),
) {
  const got: Hit[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got.push({ url: req.url!, headers: req.headers });
      answer(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return { base: `127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

const engines: Engine[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.shutdown()));
  await Promise.all(closers.splice(0).map((c) => c()));
});

function engine(opts: { dataDir?: string; configDir?: string; secretCipher?: HostCipher } = {}): Engine {
  const e = new Engine({
    dataDir: opts.dataDir ?? join(tempDir(), 'data'),
    configDir: opts.configDir,
    secretCipher: opts.secretCipher,
    alerts: { delivery: { baseDelayMs: 50 } },
  });
  engines.push(e);
  return e;
}

const asInput = (w: Webhook, change: Partial<WebhookInput> = {}): WebhookInput => ({
  id: w.id,
  name: w.name,
  url: w.url,
  format: w.format,
  headers: w.headers,
  enabled: w.enabled,
  ...change,
});
const refusal = async (e: Engine, webhook: WebhookInput) =>
  (await e.call('saveWebhook', { webhook })) as {
    ok: boolean;
    error?: { kind: string; message: string; details?: { path?: string } };
  };

async function testDelivery(e: Engine, id: string): Promise<Delivery> {
  const d = await e.invoke('testWebhook', { id });
  const [done] = await until(
    () => e.invoke('webhookDeliveries', { webhookId: id }),
    (ds) => ds.find((x) => x.id === d.id)?.attempts.some((a) => a.durationMs !== null) === true,
    'the test delivery',
  );
  return done;
}

describe('webhook secrets', () => {
  it('refuses a masked header or secret sent back with the URL moved to another host, and keeps them on the same host', async () => {
    const ours = await receiver();
    const e = engine();
    const saved = await e.invoke('saveWebhook', {
      webhook: {
        name: 'ops',
        url: `http://${ours.base}/hook`,
        headers: { Authorization: 'Bearer s3cr3t-token' },
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      },
    });
    const [listed] = await e.invoke('webhooks', {});
    expect(listed.headers.Authorization).toBe('••••••••');

    // The attacker points the webhook at their host and sends the masks back, hoping for the token.
    const moved = await refusal(e, asInput(listed, { url: 'http://evil.example:8080/collect' }));
    expect(moved.error).toMatchObject({
      kind: 'invalid-input',
      details: { path: 'webhook.headers' },
      message: expect.stringMatching(/Authorization/),
    });
    const otherPort = await refusal(e, asInput(listed, { url: `http://127.0.0.1:1/hook`, headers: {} }));
    expect(otherPort.error).toMatchObject({ kind: 'invalid-input', details: { path: 'webhook.secret' } });
    const otherScheme = await refusal(e, asInput(listed, { url: `https://${ours.base}/hook`, headers: {} }));
    expect(otherScheme.error).toMatchObject({ kind: 'invalid-input', details: { path: 'webhook.secret' } });

    // A new path on the same host keeps both; the delivery carries the real token there.
    await e.invoke('saveWebhook', { webhook: asInput(listed, { url: `http://${ours.base}/v2/hook` }) });
    expect((await testDelivery(e, saved.id)).status).toBe('delivered');
    expect(ours.got.at(-1)).toMatchObject({
      url: '/v2/hook',
      headers: { authorization: 'Bearer s3cr3t-token', 'webhook-signature': expect.stringMatching(/^v1,/) },
    });
  });

  it('keeps the URL password when the webhook is renamed (the form sends the masked URL back)', async () => {
    const r = await receiver();
    const e = engine();
    const saved = await e.invoke('saveWebhook', {
      webhook: { name: 'before', url: `http://bot:hunter2hunter2@${r.base}/hook` },
    });
    expect(saved.url).toBe(`http://bot:••••••••@${r.base}/hook`);
    await e.invoke('saveWebhook', { webhook: asInput(saved, { name: 'after' }) });
    // An edited path with the masked password sent back: still the saved password, same host.
    const [renamed] = await e.invoke('webhooks', {});
    expect(renamed.name).toBe('after');
    await e.invoke('saveWebhook', { webhook: asInput(renamed, { url: renamed.url.replace('/hook', '/hook2') }) });
    expect((await testDelivery(e, saved.id)).status).toBe('delivered');
    expect(ours(r.got.at(-1)!)).toEqual({
      url: '/hook2',
      authorization: `Basic ${Buffer.from('bot:hunter2hunter2').toString('base64')}`,
    });
    // The masked password with another host is refused, naming the URL.
    expect((await refusal(e, asInput(renamed, { url: 'http://bot:••••••••@evil.example/hook' }))).error).toMatchObject({
      kind: 'invalid-input',
      details: { path: 'webhook.url' },
    });
  });

  it('masks URLs that are secrets themselves in list answers and in the delivery log', async () => {
    const e = engine();
    await e.invoke('saveWebhook', {
      webhook: { name: 'slack', url: 'https://hooks.slack.com/services/T0001/B0002/SLACKSECRETxyz', format: 'slack' },
    });
    await e.invoke('saveWebhook', {
      webhook: { name: 'discord', url: 'https://discord.com/api/webhooks/123/DISCORDSECRETxyz' },
    });
    await e.invoke('saveWebhook', {
      webhook: { name: 'teams', url: 'https://acme.webhook.office.com/webhookb2/TEAMSSECRET@x/IncomingWebhook/abc' },
    });
    // A receiver that echoes the request line in its error page, as many frameworks do.
    const r = await receiver((req, res) =>
      res.writeHead(401, { 'content-type': 'text/plain' }).end(`invalid credentials for ${req.url}`),
    );
    const token = await e.invoke('saveWebhook', {
      webhook: { name: 'token', url: `http://${r.base}/hook?team=ops&access_token=QUERYSECRET123&sig=SIGSECRET456` },
    });

    const listed = await e.invoke('webhooks', {});
    const text = JSON.stringify(listed);
    for (const secret of ['SLACKSECRET', 'T0001', 'DISCORDSECRET', 'TEAMSSECRET', 'QUERYSECRET123', 'SIGSECRET456'])
      expect(text).not.toContain(secret);
    expect(listed.map((w) => w.url)).toEqual([
      'https://hooks.slack.com/services/••••••••',
      'https://discord.com/api/webhooks/••••••••',
      'https://acme.webhook.office.com/webhookb2/••••••••',
      `http://${r.base}/hook?team=ops&access_token=••••••••&sig=••••••••`,
    ]);

    const d = await testDelivery(e, token.id);
    expect(r.got[0].url).toBe('/hook?team=ops&access_token=QUERYSECRET123&sig=SIGSECRET456'); // the real one went out
    expect(d.attempts[0].error).toMatch(/^HTTP 401: invalid credentials for/);
    const log = JSON.stringify(await e.invoke('webhookDeliveries', {}));
    expect(log).not.toContain('QUERYSECRET123');
    expect(log).not.toContain('SIGSECRET456');
  });

  it('keeps secrets in a 0600 file in a 0700 config folder, and tightens loose modes on an existing one', async () => {
    const config = join(tempDir(), 'config');
    mkdirSync(config, { mode: 0o755 });
    chmodSync(config, 0o755);
    writeFileSync(join(config, SECRETS_FILE), JSON.stringify({ version: 1, sealed: false, webhooks: {} }), {
      mode: 0o644,
    });
    chmodSync(join(config, SECRETS_FILE), 0o644);
    const e = engine({ configDir: config });
    await e.invoke('saveWebhook', {
      webhook: {
        name: 'x',
        url: 'https://h.example/x',
        headers: { 'X-Api-Key': 'k3y-v4lue' },
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      },
    });
    expect(statSync(config).mode & 0o777).toBe(0o700);
    expect(statSync(join(config, SECRETS_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(config, SECRETS_FILE), 'utf8')).toContain('k3y-v4lue');

    // A fresh folder is made 0700 with its file 0600 from the first write.
    const fresh = join(tempDir(), 'a', 'config');
    new WebhookSecrets(fresh).set('wh_1', { url: 'https://h.example/', headers: {}, secret: null });
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    expect(statSync(join(fresh, SECRETS_FILE)).mode & 0o777).toBe(0o600);
  });

  it('seals the file with the host cipher, and a process without it refuses to overwrite what it cannot read', async () => {
    const dataDir = join(tempDir(), 'data');
    const config = join(dataDir, 'config');
    const calls: string[] = [];
    // A stand-in for safeStorage: reversible, so the test can see it was used, and it was used on the main thread.
    const cipher: HostCipher = {
      ready: Promise.resolve(),
      available: () => true,
      encrypt: (p) => (calls.push('encrypt'), `sealed:${Buffer.from(p).reverse().toString('base64')}`),
      decrypt: (s) => (calls.push('decrypt'), Buffer.from(s.slice('sealed:'.length), 'base64').reverse().toString()),
    };
    const r = await receiver();
    let e = engine({ dataDir, secretCipher: cipher });
    const hook = await e.invoke('saveWebhook', {
      webhook: { name: 'x', url: `http://${r.base}/hook`, headers: { Authorization: 'Bearer s3cr3t-token' } },
    });
    const onDisk = readFileSync(join(config, SECRETS_FILE), 'utf8');
    expect(JSON.parse(onDisk)).toMatchObject({ sealed: 'os-keychain' });
    expect(onDisk).not.toContain('s3cr3t');
    await e.shutdown();
    engines.splice(0);

    e = engine({ dataDir, secretCipher: cipher }); // a restart reads them back through the cipher
    expect((await testDelivery(e, hook.id)).status).toBe('delivered');
    expect(r.got.at(-1)!.headers.authorization).toBe('Bearer s3cr3t-token');
    expect(calls).toContain('decrypt');
    await e.shutdown();
    engines.splice(0);

    const plain = engine({ dataDir }); // serve mode on the same folders: no keychain
    expect(await plain.invoke('webhooks', {})).toHaveLength(1); // the list needs no secret
    expect(
      (await refusal(plain, { name: 'y', url: 'https://h.example/y', format: 'json', enabled: true })).error,
    ).toMatchObject({ kind: 'encrypted' });
    expect(readFileSync(join(config, SECRETS_FILE), 'utf8')).toBe(onDisk);
  });

  it('cuts a receiver that streams an endless answer: the attempt ends, bounded, long before the timeout', async () => {
    let sent = 0;
    let cut: () => void = () => {};
    const closed = new Promise<void>((r) => (cut = r));
    const r = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
      };
      res.on('drain', pump);
      res.on('close', () => cut());
      pump();
    });
    const e = engine();
    const hook = await e.invoke('saveWebhook', { webhook: { name: 'endless', url: `http://${r.base}/hook` } });
    const d = await testDelivery(e, hook.id);
    await closed; // our side hung up: the stream was destroyed, not drained for ever
    expect(d.attempts[0]).toMatchObject({ statusCode: 200, error: null });
    expect(d.attempts[0].durationMs).toBeLessThan(4000);
    // What the receiver could push before the cut: our cap plus the sockets' buffers, not more.
    expect(sent).toBeLessThan(BODY_DRAINED_BYTES + 8 * 1024 * 1024);
  });
});

const ours = (h: Hit) => ({ url: h.url, authorization: h.headers.authorization });
