import { describe, expect, it } from 'vitest';
import {
  checkUrl,
  emptyWebhookForm,
  formToWebhookInput,
  generateSecret,
  webhookToForm,
} from '../../../renderer/alerts/webhook-form.ts';

const saved = {
  id: 'wh_1',
  name: 'On-call',
  url: 'https://hooks.example.com/x',
  format: 'slack' as const,
  headers: { 'X-Team': 'ops', Authorization: '••••••••' },
  hasSecret: true,
  enabled: true,
  createdAt: 1,
};

describe('webhook form', () => {
  it('accepts only http(s) URLs, with words saying why', () => {
    expect(checkUrl('https://hooks.example.com/a')).toBeNull();
    expect(checkUrl('http://127.0.0.1:9000/hook')).toBeNull();
    expect(checkUrl('')).toBe('Enter the URL to POST to.');
    expect(checkUrl('hooks.example.com')).toMatch(/^This is not a URL/);
    expect(checkUrl('ftp://example.com/x')).toBe('The URL must start with http:// or https:// (not ftp://).');
  });

  it('keeps a saved secret unless asked, removes it with null, and replaces it with a new one', () => {
    const f = webhookToForm(saved);
    expect(f.secretAction).toBe('keep');
    const keep = formToWebhookInput(f);
    expect(keep).toEqual({
      ok: true,
      webhook: {
        id: 'wh_1',
        name: 'On-call',
        url: 'https://hooks.example.com/x',
        format: 'slack',
        headers: { 'X-Team': 'ops', Authorization: '••••••••' },
        enabled: true,
      },
    });
    expect(formToWebhookInput({ ...f, secretAction: 'remove' })).toMatchObject({ ok: true, webhook: { secret: null } });
    expect(formToWebhookInput({ ...f, secretAction: 'replace', secret: 'whsec_abc' })).toMatchObject({
      ok: true,
      webhook: { secret: 'whsec_abc' },
    });
    expect(formToWebhookInput({ ...f, secretAction: 'replace', secret: '' })).toEqual({
      ok: false,
      errors: { secret: 'Enter the new secret, or keep the current one.' },
    });
  });

  it('sends no secret field for a new webhook without one', () => {
    const r = formToWebhookInput({ ...emptyWebhookForm(), name: 'Hook', url: 'http://localhost:1/x' });
    expect(r).toEqual({
      ok: true,
      webhook: { name: 'Hook', url: 'http://localhost:1/x', format: 'json', headers: {}, enabled: true },
    });
  });

  it('drops blank header rows and refuses bad, duplicate or reserved names', () => {
    const base = { ...emptyWebhookForm(), name: 'H', url: 'https://x.test/' };
    expect(
      formToWebhookInput({
        ...base,
        headers: [
          { name: '', value: '' },
          { name: 'X-A', value: '1' },
        ],
      }),
    ).toMatchObject({ ok: true, webhook: { headers: { 'X-A': '1' } } });
    expect(formToWebhookInput({ ...base, headers: [{ name: 'bad name', value: '1' }] })).toEqual({
      ok: false,
      errors: { headers: '"bad name" is not a valid header name.' },
    });
    expect(
      formToWebhookInput({
        ...base,
        headers: [
          { name: 'x-a', value: '1' },
          { name: 'X-A', value: '2' },
        ],
      }),
    ).toEqual({ ok: false, errors: { headers: 'X-A is listed twice.' } });
    expect(formToWebhookInput({ ...base, headers: [{ name: 'Webhook-Signature', value: '1' }] })).toEqual({
      ok: false,
      errors: { headers: 'Webhook-Signature is set by Trace Inspector and cannot be replaced.' },
    });
    expect(formToWebhookInput({ ...base, name: ' ', url: 'mailto:a@b' })).toEqual({
      ok: false,
      errors: { name: 'Give the webhook a name.', url: 'The URL must start with http:// or https:// (not mailto://).' },
    });
  });

  it('generates secrets as whsec_ and the base64 of 24 random bytes', () => {
    const s = generateSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(24);
    expect(generateSecret()).not.toBe(s);
    const fixed = generateSecret((b) => b.fill(0xff));
    expect(fixed).toBe(`whsec_${Buffer.alloc(24, 0xff).toString('base64')}`);
  });
});
