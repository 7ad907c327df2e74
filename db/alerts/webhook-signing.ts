// Standard Webhooks (standardwebhooks.com): the receiver checks
//   webhook-signature = "v1," + base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${body}`))
// where the key is the base64 part of a `whsec_…` secret (or, for any other secret, its UTF-8 bytes).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function secretKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

/** A new secret in the Standard Webhooks format (24 random bytes). */
export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function sign(secret: string, id: string, timestampSec: number, body: string): string {
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSec}.${body}`).digest('base64')}`;
}

/** What a receiver does (used by tests and documented in docs/alerts.md). */
export function verify(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, opts: { nowSec?: number; toleranceSec?: number } = {}): boolean {
  const ts = Number(headers.timestamp);
  const now = opts.nowSec ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(ts) || Math.abs(now - ts) > (opts.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(sign(secret, headers.id, ts, body).slice(3), 'base64');
  // The header may carry several space-separated signatures (key rotation).
  return headers.signature.split(' ').some((s) => {
    if (!s.startsWith('v1,')) return false;
    const got = Buffer.from(s.slice(3), 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
