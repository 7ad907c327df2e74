// The webhook editor's form and its conversion to saveWebhook's input. The secret is write-only:
// the engine only says whether one is set, so the form keeps it, replaces it or removes it.
import type { Webhook, WebhookFormat, WebhookInput } from '../../db/api/alert-types.ts';

export interface HeaderRow {
  name: string;
  value: string;
}

export type SecretAction = 'keep' | 'replace' | 'remove';

export interface WebhookForm {
  id?: string;
  name: string;
  url: string;
  format: WebhookFormat;
  headers: HeaderRow[];
  enabled: boolean;
  /** Whether the saved webhook has a secret (never the secret itself). */
  hasSecret: boolean;
  secretAction: SecretAction;
  /** The new secret when replacing (or setting the first one). */
  secret: string;
}

export type WebhookFormErrors = Partial<Record<'name' | 'url' | 'headers' | 'secret', string>>;

export function emptyWebhookForm(): WebhookForm {
  return {
    name: '',
    url: '',
    format: 'json',
    headers: [],
    enabled: true,
    hasSecret: false,
    secretAction: 'replace',
    secret: '',
  };
}

export function webhookToForm(w: Webhook): WebhookForm {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    format: w.format,
    enabled: w.enabled,
    headers: Object.entries(w.headers).map(([name, value]) => ({ name, value })),
    hasSecret: w.hasSecret,
    secretAction: w.hasSecret ? 'keep' : 'replace',
    secret: '',
  };
}

/** Headers the engine sets itself (docs/alerts.md): extra headers cannot replace them. */
const RESERVED = new Set([
  'content-type',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-length',
  'host',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function checkUrl(text: string): string | null {
  const t = text.trim();
  if (!t) return 'Enter the URL to POST to.';
  if (t.length > 2048) return 'The URL is too long (at most 2,048 characters).';
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return 'This is not a URL: it should look like https://hooks.example.com/path.';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return `The URL must start with http:// or https:// (not ${u.protocol}//).`;
  return null;
}

export type WebhookFormResult = { ok: true; webhook: WebhookInput } | { ok: false; errors: WebhookFormErrors };

export function formToWebhookInput(f: WebhookForm): WebhookFormResult {
  const errors: WebhookFormErrors = {};
  const name = f.name.trim();
  if (!name) errors.name = 'Give the webhook a name.';
  else if (name.length > 200) errors.name = 'The name is too long (at most 200 characters).';
  const urlError = checkUrl(f.url);
  if (urlError) errors.url = urlError;

  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const row of f.headers) {
    const h = row.name.trim();
    if (!h && !row.value) continue; // a blank row the user added and left
    const lower = h.toLowerCase();
    if (!TOKEN.test(h)) errors.headers = h ? `"${h}" is not a valid header name.` : 'A header value needs a name.';
    else if (RESERVED.has(lower)) errors.headers = `${h} is set by Trace Inspector and cannot be replaced.`;
    else if (seen.has(lower)) errors.headers = `${h} is listed twice.`;
    else if (row.value.length > 4096) errors.headers = `The value of ${h} is too long (at most 4,096 characters).`;
    if (errors.headers) break;
    seen.add(lower);
    headers[h] = row.value;
  }
  if (!errors.headers && seen.size > 30) errors.headers = 'At most 30 extra headers.';

  let secret: string | null | undefined;
  if (f.secretAction === 'remove') secret = f.hasSecret ? null : undefined;
  else if (f.secretAction === 'replace') {
    if (f.secret.length > 512) errors.secret = 'The secret is too long (at most 512 characters).';
    else if (f.secret) secret = f.secret;
    else if (f.hasSecret) errors.secret = 'Enter the new secret, or keep the current one.';
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const webhook: WebhookInput = { name, url: f.url.trim(), format: f.format, headers, enabled: f.enabled };
  if (f.id) webhook.id = f.id;
  if (secret !== undefined) webhook.secret = secret;
  return { ok: true, webhook };
}

/**
 * A new signing secret in the format Standard Webhooks generates: "whsec_" and the base64 of 24
 * random bytes (the engine then signs with those bytes as the HMAC key).
 */
export function generateSecret(
  fill: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => crypto.getRandomValues(b),
): string {
  const bytes = new Uint8Array(24);
  fill(bytes);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `whsec_${btoa(bin)}`;
}
